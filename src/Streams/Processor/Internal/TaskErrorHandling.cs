using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Errors;

namespace Streams.Processor.Internal;

/// <summary>
/// A task's error handlers and dead-letter topic, and the one place that consults them: builds the
/// <see cref="ErrorHandlerContext"/> from the record in hand, writes the handler's dead-letter records through the task's
/// record collector, counts and logs a Continue, and turns a Fail into a <see cref="FailedProcessingException"/> that names
/// the record and says nothing past it is committed.
/// </summary>
internal sealed class TaskErrorHandling(
    IProcessingExceptionHandler processingHandler,
    IProductionExceptionHandler productionHandler,
    string? deadLetterQueueTopicName)
{
    /// <summary>Kafka Streams' defaults: log and fail, fail on non-retriable send errors, no dead-letter topic.</summary>
    public static TaskErrorHandling Default { get; } = new(LogAndFailProcessingExceptionHandler.Instance, DefaultProductionExceptionHandler.Instance, null);

    public IProcessingExceptionHandler ProcessingHandler { get; } = processingHandler;

    public IProductionExceptionHandler ProductionHandler { get; } = productionHandler;

    public string? DeadLetterQueueTopicName { get; } = deadLetterQueueTopicName;

    /// <summary>The context of the record the task is processing (or of a punctuation) at <paramref name="node"/>.</summary>
    public ErrorHandlerContext ContextFor(TaskContext task, string? node)
    {
        var metadata = task.RecordMetadata;
        var raw = metadata is null ? null : task.CurrentRecord;
        return new ErrorHandlerContext(
            metadata?.Topic, metadata?.Partition ?? -1, metadata?.Offset ?? -1, raw?.Message.Headers, node, task.TaskId, task.RecordTimestamp,
            raw?.Message.Key, raw?.Message.Value, DeadLetterQueueTopicName);
    }

    /// <summary>The context of a record the task failed to deserialize at source <paramref name="node"/>.</summary>
    public ErrorHandlerContext ContextFor(TaskId taskId, ConsumeResult<byte[], byte[]> raw, string node) =>
        new(raw.Topic, raw.Partition.Value, raw.Offset.Value, raw.Message.Headers, node, taskId, raw.Message.Timestamp.UnixTimestampMs,
            raw.Message.Key, raw.Message.Value, DeadLetterQueueTopicName);

    /// <summary>A processor threw while processing a record (<paramref name="punctuating"/> false) or punctuating; returns on Continue.</summary>
    /// <exception cref="FailedProcessingException">The handler said fail, or threw itself.</exception>
    public void OnProcessingError(TaskContext task, string node, object? key, object? value, Exception exception, bool punctuating)
    {
        var context = ContextFor(task, node);
        ProcessingExceptionResponse response;
        try
        {
            response = ProcessingHandler.Handle(context, key, value, exception, task.Logger)
                ?? throw new InvalidOperationException($"{ProcessingHandler.GetType().Name}.Handle returned null.");
        }
        catch (Exception handlerError)
        {
            throw Failed(task, node, context, exception, punctuating, $" The processing exception handler itself threw: {handlerError.Message}.");
        }

        Send(task, response.DeadLetterQueueRecords);
        if (response.Response == ProcessingHandlerResponse.Fail)
        {
            throw Failed(task, node, context, exception, punctuating, string.Empty);
        }

        DroppedRecords.Skipped(task, node, "processing error", context, $"{exception.GetType().Name}: {exception.Message}");
    }

    /// <summary>A sink could not serialize a record; returns on Continue.</summary>
    /// <exception cref="StreamsException">The handler said fail or retry, or threw itself.</exception>
    public void OnSerializationError(TaskContext task, string sink, ProductionRecord record, Exception exception, SerializationExceptionOrigin origin)
    {
        var context = ContextFor(task, sink);
        ProductionExceptionResponse response;
        try
        {
            response = ProductionHandler.HandleSerializationError(context, record, exception, origin, task.Logger)
                ?? throw new InvalidOperationException($"{ProductionHandler.GetType().Name}.HandleSerializationError returned null.");
        }
        catch (Exception handlerError)
        {
            throw SerializationFailed(task, sink, context, record, exception, origin, $" The production exception handler itself threw: {handlerError.Message}.");
        }

        Send(task, response.DeadLetterQueueRecords);
        if (response.Response != ProductionHandlerResponse.Continue)
        {
            throw SerializationFailed(task, sink, context, record, exception, origin, string.Empty);
        }

        DroppedRecords.Skipped(task, sink, "serialization error", context, $"the {origin.ToString().ToLowerInvariant()} for topic '{record.Topic}' could not be serialized: {exception.Message}");
    }

    /// <summary>Writes dead-letter records through the task's collector: they are acknowledged before its next commit.</summary>
    public static void Send(TaskContext task, IReadOnlyList<DeadLetterQueueRecord> records)
    {
        foreach (var r in records)
        {
            task.Collector.Send(r.Topic, r.Key, r.Value, r.Headers, r.TimestampMs, null);
        }
    }

    private static FailedProcessingException Failed(TaskContext task, string node, ErrorHandlerContext context, Exception exception, bool punctuating, string extra) =>
        punctuating
            ? new FailedProcessingException(
                $"Exception caught while punctuating: task {task.TaskId}, processor '{node}', time {context.TimestampMs}: {exception.Message}.{extra} " +
                "Processing stopped; nothing processed since the last commit is committed.", exception)
            : new FailedProcessingException(
                $"Exception caught in process: task {task.TaskId}, processor '{node}', record {context} (timestamp {context.TimestampMs}): {exception.Message}.{extra} " +
                "Processing stopped; no offset at or after this record is committed.", exception);

    private static FailedProcessingException SerializationFailed(
        TaskContext task, string sink, ErrorHandlerContext context, ProductionRecord record, Exception exception, SerializationExceptionOrigin origin, string extra) =>
        new($"Sink '{sink}' of task {task.TaskId} could not serialize the {origin.ToString().ToLowerInvariant()} of a record for topic '{record.Topic}' " +
            $"(input record {context}, timestamp {record.TimestampMs}): {exception.Message}.{extra} Processing stopped; no offset at or after this record is committed.", exception);
}

/// <summary>
/// A record failed and its handler said fail (or the handler threw): the message names the task, node and record. Nodes
/// upstream of the failing one let it pass without consulting the handler again, as Kafka Streams' <c>FailedProcessingException</c>.
/// </summary>
internal sealed class FailedProcessingException(string message, Exception innerException) : StreamsException(message, innerException);
