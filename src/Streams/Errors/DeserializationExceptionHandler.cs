using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>What to do with a record whose key or value cannot be deserialized, as Kafka Streams' <c>DeserializationHandlerResponse</c>.</summary>
public enum DeserializationHandlerResponse
{
    /// <summary>Stop processing: the task fails and nothing is committed past the record.</summary>
    Fail,

    /// <summary>Skip the record (it is counted as dropped and logged with topic, partition and offset).</summary>
    Continue,
}

/// <summary>A deserialization handler's decision plus dead-letter records, as Kafka Streams 4.1's <c>DeserializationExceptionHandler.Response</c>.</summary>
public sealed class DeserializationExceptionResponse
{
    private DeserializationExceptionResponse(DeserializationHandlerResponse response, IReadOnlyList<DeadLetterQueueRecord>? records)
    {
        Response = response;
        DeadLetterQueueRecords = records ?? [];
    }

    /// <summary>Fail or continue.</summary>
    public DeserializationHandlerResponse Response { get; }

    /// <summary>The records the runtime writes, through the task's record collector, before acting on <see cref="Response"/>; empty by default.</summary>
    public IReadOnlyList<DeadLetterQueueRecord> DeadLetterQueueRecords { get; }

    /// <summary>Stops processing.</summary>
    /// <param name="deadLetterQueueRecords">Records to write first (best effort: the thread is failing); null for none.</param>
    /// <returns>The response.</returns>
    public static DeserializationExceptionResponse Fail(IReadOnlyList<DeadLetterQueueRecord>? deadLetterQueueRecords = null) => new(DeserializationHandlerResponse.Fail, deadLetterQueueRecords);

    /// <summary>Skips the record.</summary>
    /// <param name="deadLetterQueueRecords">Records to write; null for none.</param>
    /// <returns>The response.</returns>
    public static DeserializationExceptionResponse Continue(IReadOnlyList<DeadLetterQueueRecord>? deadLetterQueueRecords = null) => new(DeserializationHandlerResponse.Continue, deadLetterQueueRecords);
}

/// <summary>
/// Decides what happens to a record that fails deserialization (or whose extracted timestamp is negative), as Kafka
/// Streams' <c>DeserializationExceptionHandler</c>. The default is <see cref="LogAndFailExceptionHandler"/>. The runtime
/// calls <see cref="HandleError"/>; a handler that only implements <see cref="Handle"/> writes no dead-letter records.
/// Implementations must be thread-safe: one instance serves every task.
/// </summary>
public interface IDeserializationExceptionHandler
{
    /// <summary>Decides the fate of one record.</summary>
    /// <param name="record">The raw record, with its topic, partition and offset.</param>
    /// <param name="exception">The deserialization failure.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue.</returns>
    DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger);

    /// <summary>
    /// Decides the fate of one record and names the dead-letter records to write, as Kafka Streams 4.1's
    /// <c>handleError</c>. The default calls <see cref="Handle"/> and writes none.
    /// </summary>
    /// <param name="context">The record's topic, partition, offset, headers, raw key and value, the source node and task.</param>
    /// <param name="record">The raw record.</param>
    /// <param name="exception">The deserialization failure.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue, with optional dead-letter records.</returns>
    DeserializationExceptionResponse HandleError(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger) =>
        Handle(record, exception, logger) == DeserializationHandlerResponse.Fail ? DeserializationExceptionResponse.Fail() : DeserializationExceptionResponse.Continue();
}

/// <summary>Logs the failure at error level and stops processing, as Kafka Streams' <c>LogAndFailExceptionHandler</c>.</summary>
public sealed class LogAndFailExceptionHandler : IDeserializationExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndFailExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogError(exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; stopping (nothing committed past it).", record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Fail;
    }
}

/// <summary>
/// Logs the failure at warning level and skips the record, as Kafka Streams' <c>LogAndContinueExceptionHandler</c>; with
/// <see cref="StreamsOptions.DeadLetterQueueTopicName"/> set it also writes the record (key and value bytes as consumed)
/// to the dead-letter topic with the error headers.
/// </summary>
public sealed class LogAndContinueExceptionHandler : IDeserializationExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; record skipped by LogAndContinueExceptionHandler.", record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Continue;
    }

    /// <inheritdoc />
    public DeserializationExceptionResponse HandleError(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; record skipped by LogAndContinueExceptionHandler{DeadLetter}.",
            record.Topic, record.Partition.Value, record.Offset.Value, DeadLetterQueue.Suffix(context));
        return DeserializationExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(record.Message.Key, record.Message.Value, context, exception));
    }
}
