using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>What to do with a sink record that could not be serialized or sent, as Kafka Streams' <c>ProductionExceptionHandlerResponse</c>.</summary>
public enum ProductionHandlerResponse
{
    /// <summary>Stop: the stream thread fails at its next send or commit and no offset after the failure is committed.</summary>
    Fail,

    /// <summary>Drop the output record (counted as dropped, logged naming the input record) and go on.</summary>
    Continue,

    /// <summary>
    /// Send the record again (a fresh <c>delivery.timeout.ms</c>). Only for retriable send errors (timeouts, leader
    /// changes, not enough replicas); for any other error, and for serialization errors, it means <see cref="Fail"/>, as in
    /// Kafka Streams.
    /// </summary>
    Retry,
}

/// <summary>Where a serialization error happened, as Kafka Streams' <c>SerializationExceptionOrigin</c>.</summary>
public enum SerializationExceptionOrigin
{
    /// <summary>Serializing the key.</summary>
    Key,

    /// <summary>Serializing the value.</summary>
    Value,
}

/// <summary>
/// A record a sink tried to write: its topic, partition (null: the producer's partitioner), key, value, headers and
/// timestamp (epoch ms). For send errors <see cref="Key"/> and <see cref="Value"/> are the serialized <c>byte[]</c>; for
/// serialization errors they are the unserialized objects.
/// </summary>
/// <param name="Topic">The target topic.</param>
/// <param name="Partition">The target partition, or null.</param>
/// <param name="Key">The key: bytes for send errors, the object for serialization errors.</param>
/// <param name="Value">The value: bytes for send errors, the object for serialization errors.</param>
/// <param name="Headers">The headers, or null.</param>
/// <param name="TimestampMs">The record timestamp, epoch milliseconds: the Kafka record's timestamp field. <see cref="Time"/> is the same instant as a <see cref="DateTimeOffset"/>.</param>
public sealed record ProductionRecord(string Topic, int? Partition, object? Key, object? Value, Headers? Headers, long TimestampMs)
{
    /// <summary>
    /// <see cref="TimestampMs"/> as a UTC <see cref="DateTimeOffset"/> (computed, not stored), named as
    /// <c>Record.Time</c>; a timestamp beyond its range reads as <see cref="DateTimeOffset.MinValue"/> or
    /// <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time => EpochMs.ToDateTimeOffset(TimestampMs);

    /// <summary>The record timestamp, epoch milliseconds: the same as <see cref="TimestampMs"/>, under a name without its unit.</summary>
    [Obsolete(TimestampObsolete.Property)]
    public long Timestamp
    {
        get => TimestampMs;
        init => TimestampMs = value;
    }

    // ToString writes the stored members only, without the computed Time and the obsolete Timestamp.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Topic = ").Append(Topic)
            .Append(", Partition = ").Append(Partition)
            .Append(", Key = ").Append(Key)
            .Append(", Value = ").Append(Value)
            .Append(", Headers = ").Append(Headers)
            .Append(", TimestampMs = ").Append(TimestampMs);
        return true;
    }
}

/// <summary>A production handler's decision plus dead-letter records, as Kafka Streams 4.1's <c>ProductionExceptionHandler.Response</c>.</summary>
public sealed class ProductionExceptionResponse
{
    private ProductionExceptionResponse(ProductionHandlerResponse response, IReadOnlyList<DeadLetterQueueRecord>? records)
    {
        Response = response;
        DeadLetterQueueRecords = records ?? [];
    }

    /// <summary>Fail, continue or retry.</summary>
    public ProductionHandlerResponse Response { get; }

    /// <summary>The records the runtime writes before acting on <see cref="Response"/>; empty by default.</summary>
    public IReadOnlyList<DeadLetterQueueRecord> DeadLetterQueueRecords { get; }

    /// <summary>Stops processing.</summary>
    /// <param name="deadLetterQueueRecords">Records to write first (best effort); null for none.</param>
    /// <returns>The response.</returns>
    public static ProductionExceptionResponse Fail(IReadOnlyList<DeadLetterQueueRecord>? deadLetterQueueRecords = null) => new(ProductionHandlerResponse.Fail, deadLetterQueueRecords);

    /// <summary>Drops the output record and goes on.</summary>
    /// <param name="deadLetterQueueRecords">Records to write; null for none.</param>
    /// <returns>The response.</returns>
    public static ProductionExceptionResponse Continue(IReadOnlyList<DeadLetterQueueRecord>? deadLetterQueueRecords = null) => new(ProductionHandlerResponse.Continue, deadLetterQueueRecords);

    /// <summary>Sends the record again (retriable send errors only; otherwise fails).</summary>
    /// <returns>The response.</returns>
    public static ProductionExceptionResponse Retry() => new(ProductionHandlerResponse.Retry, null);
}

/// <summary>
/// Decides what happens when a sink record cannot be serialized or sent, as Kafka Streams' <c>ProductionExceptionHandler</c>
/// (KIP-210, with serialization errors from KIP-399). Send errors arrive with the producer's delivery report, after
/// librdkafka's own retries (<c>message.timeout.ms</c>), for example <c>MsgSizeTooLarge</c> or
/// <c>TopicAuthorizationFailed</c>; the handler runs on the producer's delivery thread and must not block. Changelog writes
/// and dead-letter writes never reach a handler: their failure always stops the thread (skipping one would lose state).
/// Configure it with <see cref="StreamsOptions.ProductionExceptionHandler"/>; the default is
/// <see cref="DefaultProductionExceptionHandler"/>. Implementations must be thread-safe.
/// </summary>
public interface IProductionExceptionHandler
{
    /// <summary>Decides the fate of a record whose send failed.</summary>
    /// <param name="context">The input record being processed when the output record was sent.</param>
    /// <param name="record">The output record, with serialized key and value.</param>
    /// <param name="exception">The failure; a <see cref="ProduceException{TKey, TValue}"/> whose <c>Error</c> has the broker's code.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail, continue or retry, with optional dead-letter records.</returns>
    ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, ILogger logger);

    /// <summary>Decides the fate of a record whose key or value could not be serialized. The default fails.</summary>
    /// <param name="context">The input record being processed.</param>
    /// <param name="record">The output record, with the unserialized key and value.</param>
    /// <param name="exception">What the serializer threw.</param>
    /// <param name="origin">Key or value.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue (retry means fail), with optional dead-letter records.</returns>
    ProductionExceptionResponse HandleSerializationError(
        ErrorHandlerContext context, ProductionRecord record, Exception exception, SerializationExceptionOrigin origin, ILogger logger) =>
        ProductionExceptionResponse.Fail();
}

/// <summary>
/// The default production handler, as Kafka Streams 4.x's <c>DefaultProductionExceptionHandler</c>: retries retriable
/// send errors and fails on everything else (non-retriable send errors and serialization errors). Writes nothing to the
/// dead-letter topic.
/// </summary>
public sealed class DefaultProductionExceptionHandler : IProductionExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static DefaultProductionExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, ILogger logger) =>
        ProductionErrors.IsRetriable(exception) ? ProductionExceptionResponse.Retry() : ProductionExceptionResponse.Fail();
}

/// <summary>
/// Retries retriable send errors; logs every other send error and every serialization error at warning level and drops the
/// output record. With <see cref="StreamsOptions.DeadLetterQueueTopicName"/> set it writes the input record that caused it
/// (its key and value bytes as consumed, as Kafka Streams' <c>sourceRawKey</c>/<c>sourceRawValue</c>; the output record's
/// bytes when it came from a punctuation) to the dead-letter topic with the error headers naming the input record.
/// </summary>
public sealed class LogAndContinueProductionExceptionHandler : IProductionExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueProductionExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        if (ProductionErrors.IsRetriable(exception))
        {
            return ProductionExceptionResponse.Retry();
        }

        logger.LogWarning(
            exception, "Sending a record to topic '{Topic}' failed (input {Record}, task {TaskId}); output record skipped by LogAndContinueProductionExceptionHandler{DeadLetter}.",
            record.Topic, context, context.TaskId, DeadLetterQueue.Suffix(context));
        return context.Topic is null
            ? ProductionExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(record.Key as byte[], record.Value as byte[], context, exception))
            : ProductionExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(context.SourceRawKey, context.SourceRawValue, context, exception));
    }

    /// <inheritdoc />
    public ProductionExceptionResponse HandleSerializationError(
        ErrorHandlerContext context, ProductionRecord record, Exception exception, SerializationExceptionOrigin origin, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            exception, "Serializing the {Origin} of a record for topic '{Topic}' failed (input {Record}, task {TaskId}); output record skipped by LogAndContinueProductionExceptionHandler{DeadLetter}.",
            origin, record.Topic, context, context.TaskId, DeadLetterQueue.Suffix(context));
        return ProductionExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(context.SourceRawKey, context.SourceRawValue, context, exception));
    }
}

/// <summary>Classifies send errors as Kafka's <c>RetriableException</c> hierarchy does.</summary>
internal static class ProductionErrors
{
    public static bool IsRetriable(Exception exception) => exception is KafkaException { Error.Code: var code } && IsRetriable(code);

    public static bool IsRetriable(ErrorCode code) => code is
        ErrorCode.Local_MsgTimedOut or ErrorCode.Local_TimedOut or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown
        or ErrorCode.RequestTimedOut or ErrorCode.NetworkException or ErrorCode.LeaderNotAvailable or ErrorCode.NotLeaderForPartition
        or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend or ErrorCode.UnknownTopicOrPart
        or ErrorCode.KafkaStorageError;
}
