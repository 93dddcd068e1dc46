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
    /// <summary>
    /// Records not yet committed on the assigned partitions: the sum of <c>HighWatermark - CommittedOffset</c>, what
    /// <c>kafka-consumer-groups --describe</c> shows as the group's lag. It is <see cref="RecordsLag"/> (not read yet) plus
    /// <see cref="UncommittedRecords"/> (read, processed or not, and not committed yet).
    /// </summary>
    public long Lag => Partitions.Sum(p => Math.Max(0, p.HighWatermark - p.CommittedOffset));

    /// <summary>
    /// Records on the assigned partitions the consumer has not read yet: the sum of <see cref="PartitionProgress.RecordsLag"/>
    /// (<c>HighWatermark - Position</c>) over the partitions where both are known, as the Kafka consumer's
    /// <c>records-lag</c> metric summed; 0 when no partition is assigned.
    /// </summary>
    public long RecordsLag => Partitions.Sum(p => Math.Max(0, p.RecordsLag));

    /// <summary>
    /// Records read by the stream thread and not committed yet: the sum of <c>Position - CommittedOffset</c> over the
    /// partitions whose position is known. After a crash these are processed again (at-least-once) or their outputs
    /// aborted (exactly-once).
    /// </summary>
    public long UncommittedRecords => Partitions.Sum(p => p.Position < 0 ? 0 : Math.Max(0, p.Position - p.CommittedOffset));

    /// <summary>The empty snapshot before start.</summary>
    public static StreamsProgress Empty { get; } = new(0, 0, 0, 0, []);
}
