using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.State;

namespace Streams.Processor.Internal;

internal static partial class DroppedRecords
{
    /// <summary>The metric reason of a write into an expired store segment or window.</summary>
    public const string ExpiredWindowRecordReason = "expired window record";

    /// <summary>
    /// A write into a segment of a segmented store (window or session store) that has already expired, or into an expired
    /// window of a window store laid over a key-value store (as Kafka Streams' <c>InMemoryWindowStore</c>), skipped by the
    /// store, as Kafka Streams' <c>expired-window-record-drop</c> sensor and its "Skipping record for expired segment"
    /// log: counted in <c>streams.task.records.dropped</c> with the reason <see cref="ExpiredWindowRecordReason"/>, and
    /// logged at debug level with the store and the source record's topic, partition and offset.
    /// </summary>
    /// <param name="context">The store's context (the task's context at runtime; other contexts only count the metric).</param>
    /// <param name="storeName">The store that skipped the write.</param>
    /// <param name="timestampMs">The segment timestamp of the write (window start, or session end), epoch milliseconds.</param>
    /// <param name="detail">Why it expired, e.g. "segment 0 is before the oldest live segment 60000 at stream time 180000 minus retention 120000".</param>
    public static void ExpiredWrite(IStateStoreContext context, string storeName, long timestampMs, string detail)
    {
        StreamsMetrics.RecordsDropped.Add(
            1, new KeyValuePair<string, object?>("reason", ExpiredWindowRecordReason), new KeyValuePair<string, object?>("task", context.TaskId.ToString()));
        if (context is TaskContext { Logger: var logger } task && logger.IsEnabled(LogLevel.Debug))
        {
            var metadata = task.RecordMetadata;
            LogExpiredWrite(logger, storeName, metadata?.Topic ?? "(punctuation)", metadata?.Partition ?? -1, metadata?.Offset ?? -1, timestampMs, detail);
        }
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "State store {Store} skipped a write for an expired segment: {Topic}-{Partition}@{Offset}, timestamp {TimestampMs}: {Detail}.")]
    private static partial void LogExpiredWrite(ILogger logger, string store, string topic, int partition, long offset, long timestampMs, string detail);
}
