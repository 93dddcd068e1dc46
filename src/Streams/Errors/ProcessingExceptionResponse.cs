using Microsoft.Extensions.Logging;

namespace Streams.Errors;

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
