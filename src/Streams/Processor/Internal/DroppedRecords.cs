using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Processor.Internal;

/// <summary>
/// Counts and logs records an operator drops by design (late for a window, null key where one is required),
/// as Kafka Streams' <c>dropped-records</c> sensor and its debug/warn log lines: the metric
/// <c>streams.task.records.dropped</c> is tagged with the reason and task; the debug log names the processor
/// and the source topic, partition and offset of the record.
/// </summary>
internal static partial class DroppedRecords
{
    /// <summary>A record whose windows have all closed (or, for joins and sessions, whose window closed).</summary>
    /// <param name="context">The dropping processor's context.</param>
    /// <param name="timestampMs">The record timestamp.</param>
    /// <param name="detail">What closed, e.g. "window [0,10) closed at stream time 25 minus grace 5".</param>
    public static void Late(IProcessorContext context, long timestampMs, string detail) => Drop(context, "late", timestampMs, detail);

    /// <summary>A record with a null key or value where the operator requires one.</summary>
    /// <param name="context">The dropping processor's context.</param>
    /// <param name="timestampMs">The record timestamp.</param>
    /// <param name="reason">The metric reason tag, e.g. "null key" or "null key or value".</param>
    public static void Null(IProcessorContext context, long timestampMs, string reason) => Drop(context, reason, timestampMs, reason);

    private static void Drop(IProcessorContext context, string reason, long timestampMs, string detail)
    {
        StreamsMetrics.RecordsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("task", context.TaskId.ToString()));
        if (context is IInternalProcessorContext { Task.Logger: var logger } internalContext && logger.IsEnabled(LogLevel.Debug))
        {
            var metadata = context.RecordMetadata;
            LogDropped(logger, internalContext.NodeName, reason, metadata?.Topic ?? "(punctuation)", metadata?.Partition ?? -1, metadata?.Offset ?? -1, timestampMs, detail);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Processor {Processor} dropped a record ({Reason}): {Topic}-{Partition}@{Offset}, timestamp {TimestampMs}: {Detail}.")]
    private static partial void LogDropped(ILogger logger, string processor, string reason, string topic, int partition, long offset, long timestampMs, string detail);
}
