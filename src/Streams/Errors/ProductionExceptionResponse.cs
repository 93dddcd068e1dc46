using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

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
