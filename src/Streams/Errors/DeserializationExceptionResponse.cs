using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

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
