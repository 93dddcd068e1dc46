using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>What to do after a processor threw while processing a record or punctuating, as Kafka Streams' <c>ProcessingHandlerResponse</c>.</summary>
public enum ProcessingHandlerResponse
{
    /// <summary>Stop: the stream thread fails and no offset at or after the record is committed.</summary>
    Fail,

    /// <summary>Drop the record at the failing processor (counted as dropped, logged with topic, partition and offset) and go on.</summary>
    Continue,
}

/// <summary>A processing handler's decision plus the records to write to a dead-letter topic, as Kafka Streams 4.1's <c>ProcessingExceptionHandler.Response</c>.</summary>
public sealed class ProcessingExceptionResponse
{
    private ProcessingExceptionResponse(ProcessingHandlerResponse response, IReadOnlyList<DeadLetterQueueRecord>? records)
    {
        Response = response;
        DeadLetterQueueRecords = records ?? [];
    }

    /// <summary>Fail or continue.</summary>
    public ProcessingHandlerResponse Response { get; }

    /// <summary>The records the runtime writes, through the task's record collector, before acting on <see cref="Response"/>; empty by default.</summary>
    public IReadOnlyList<DeadLetterQueueRecord> DeadLetterQueueRecords { get; }

    /// <summary>Stops processing, as Kafka Streams' <c>Response.fail(records)</c>.</summary>
    /// <param name="deadLetterQueueRecords">Records to write first (best effort: the thread is failing); null for none.</param>
    /// <returns>The response.</returns>
    public static ProcessingExceptionResponse Fail(IReadOnlyList<DeadLetterQueueRecord>? deadLetterQueueRecords = null) => new(ProcessingHandlerResponse.Fail, deadLetterQueueRecords);

    /// <summary>Drops the record and goes on, as Kafka Streams' <c>Response.resume(records)</c>.</summary>
    /// <param name="deadLetterQueueRecords">Records to write; null for none.</param>
    /// <returns>The response.</returns>
    public static ProcessingExceptionResponse Continue(IReadOnlyList<DeadLetterQueueRecord>? deadLetterQueueRecords = null) => new(ProcessingHandlerResponse.Continue, deadLetterQueueRecords);
}

/// <summary>
/// Decides what happens when a processor throws, as Kafka Streams' <c>ProcessingExceptionHandler</c> (KIP-1033): called
/// with the record as the failing processor received it, while processing a record or punctuating (then the record is
/// null). Not called for deserialization errors (<see cref="IDeserializationExceptionHandler"/>), for serialization and
/// send errors in sinks (<see cref="IProductionExceptionHandler"/>), or for <see cref="StreamsException"/>s the runtime
/// itself raises (a failed send, another handler's Fail). Configure it with
/// <see cref="StreamsOptions.ProcessingExceptionHandler"/>; the default is <see cref="LogAndFailProcessingExceptionHandler"/>.
/// Implementations must be thread-safe: one instance serves every task.
/// </summary>
public interface IProcessingExceptionHandler
{
    /// <summary>Decides the fate of one record.</summary>
    /// <param name="context">Where the record came from and which processor failed.</param>
    /// <param name="key">The key the failing processor received (boxed), or null while punctuating.</param>
    /// <param name="value">The value the failing processor received (boxed), or null while punctuating.</param>
    /// <param name="exception">What the processor threw.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue, with optional dead-letter records.</returns>
    ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger);
}

/// <summary>
/// Logs the failure at error level and stops processing, as Kafka Streams' <c>LogAndFailProcessingExceptionHandler</c>.
/// It writes nothing to the dead-letter topic: the record is processed again after a restart (Kafka 4.1 also writes it
/// there, which duplicates it on every retry).
/// </summary>
public sealed class LogAndFailProcessingExceptionHandler : IProcessingExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndFailProcessingExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogError(
            exception, "Processing failed in processor '{Processor}' of task {TaskId} for {Record}; stopping (nothing committed past it).",
            context.ProcessorNodeId, context.TaskId, context);
        return ProcessingExceptionResponse.Fail();
    }
}

/// <summary>
/// Logs the failure at warning level and drops the record at the failing processor, as Kafka Streams'
/// <c>LogAndContinueProcessingExceptionHandler</c>; with <see cref="StreamsOptions.DeadLetterQueueTopicName"/> set it also
/// writes the input record (raw key and value as consumed) to the dead-letter topic with the error headers.
/// </summary>
public sealed class LogAndContinueProcessingExceptionHandler : IProcessingExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueProcessingExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            exception, "Processing failed in processor '{Processor}' of task {TaskId} for {Record}; record skipped by LogAndContinueProcessingExceptionHandler{DeadLetter}.",
            context.ProcessorNodeId, context.TaskId, context, DeadLetterQueue.Suffix(context));
        return ProcessingExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(context.SourceRawKey, context.SourceRawValue, context, exception));
    }
}
