using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// How far the restore of one changelog partition into one store has come: what <see cref="RestoreReporter"/> tells
/// the <see cref="State.IStateRestoreListener"/> and the restore metrics. Used by the restoring thread only.
/// </summary>
/// <param name="taskId">The task (<c>global</c> for global stores).</param>
/// <param name="partition">The changelog partition (for a global store, its source topic partition).</param>
/// <param name="storeName">The store restored from it.</param>
/// <param name="start">The first offset read.</param>
/// <param name="end">The exclusive offset the restore stops at.</param>
internal sealed class StoreRestoreProgress(string taskId, TopicPartition partition, string storeName, long start, long end)
{
    public string TaskId { get; } = taskId;

    public TopicPartition Partition { get; } = partition;

    public string StoreName { get; } = storeName;

    public long Start { get; } = start;

    public long End { get; } = end;

    /// <summary>Records written to the store so far.</summary>
    public long Restored { get; set; }

    /// <summary>Set once <see cref="RestoreReporter.Ended"/> or <see cref="RestoreReporter.Suspended"/> was reported.</summary>
    public bool Finished { get; set; }

    /// <summary>Set once <see cref="RestoreReporter.Started"/> was reported.</summary>
    public bool Started { get; set; }

    /// <summary>The remaining-records gauge of this store, reported while the restore runs.</summary>
    public StoreRestoreGauge Gauge { get; } = new(taskId, storeName) { Remaining = Math.Max(0, end - start) };
}
