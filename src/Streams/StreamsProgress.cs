using Confluent.Kafka;

namespace Streams;

/// <summary>
/// A snapshot of an application's progress, refreshed by its stream thread after every loop iteration.
/// </summary>
/// <param name="RecordsProcessed">Records processed by tasks since start (Kafka Streams' process-total).</param>
/// <param name="RecordsSkipped">Records skipped by the deserialization handler since start.</param>
/// <param name="RecordsProduced">Records acknowledged by the broker to sinks and changelogs since start.</param>
/// <param name="Commits">Commits completed since start.</param>
/// <param name="Partitions">Per assigned input partition: last committed offset (next to read) and high watermark.</param>
public sealed record StreamsProgress(
    long RecordsProcessed,
    long RecordsSkipped,
    long RecordsProduced,
    long Commits,
    IReadOnlyList<PartitionProgress> Partitions)
{
    /// <summary>Records not yet committed on the assigned partitions: the sum of <c>HighWatermark - CommittedOffset</c>.</summary>
    public long Lag => Partitions.Sum(p => Math.Max(0, p.HighWatermark - p.CommittedOffset));

    /// <summary>The empty snapshot before start.</summary>
    public static StreamsProgress Empty { get; } = new(0, 0, 0, 0, []);
}

/// <summary>Progress on one input partition.</summary>
/// <param name="Partition">The topic partition.</param>
/// <param name="CommittedOffset">The committed offset (next record to read after a restart); 0 when nothing is committed.</param>
/// <param name="HighWatermark">The partition's end offset as last seen by the consumer; -1 when unknown.</param>
public sealed record PartitionProgress(TopicPartition Partition, long CommittedOffset, long HighWatermark);
