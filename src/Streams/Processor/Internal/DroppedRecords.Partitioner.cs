using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Processor.Internal;

/// <summary>Records a sink drops because its stream partitioner chose no partition.</summary>
internal static partial class DroppedRecords
{
    /// <summary>
    /// A record a <see cref="Streams.Processor.IStreamPartitioner{TKey, TValue}"/> sent to no partition (an empty set), as
    /// Kafka Streams' <c>RecordCollectorImpl</c>: counted with reason "no partition" and logged at debug.
    /// </summary>
    /// <param name="task">The sink's task.</param>
    /// <param name="sinkName">The sink node.</param>
    /// <param name="timestampMs">The record timestamp.</param>
    /// <param name="topic">The topic the record was for.</param>
    public static void NoPartition(TaskContext task, string sinkName, long timestampMs, string topic)
    {
        const string Reason = "no partition";
        StreamsMetrics.RecordsDropped.Add(1, new KeyValuePair<string, object?>("reason", Reason), new KeyValuePair<string, object?>("task", task.TaskId.ToString()));
        if (task.Logger.IsEnabled(LogLevel.Debug))
        {
            var metadata = task.RecordMetadata;
            LogDropped(
                task.Logger, sinkName, Reason, metadata?.Topic ?? "(punctuation)", metadata?.Partition ?? -1, metadata?.Offset ?? -1, timestampMs,
                $"the stream partitioner returned no partition of topic '{topic}'");
        }
    }
}
