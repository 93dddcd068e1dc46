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

/// <summary>Progress on one input partition.</summary>
/// <param name="Partition">The topic partition.</param>
/// <param name="CommittedOffset">The committed offset (next record to read after a restart); 0 when nothing is committed.</param>
/// <param name="HighWatermark">The partition's end offset as last seen by the consumer (cached from its fetches, no broker call); -1 when unknown.</param>
/// <param name="Position">
/// The consumer's position: the offset of the next record the stream thread reads (last record handed to the tasks + 1;
/// before the first record since the assignment, the committed offset, where consumption starts); -1 when unknown.
/// </param>
public sealed record PartitionProgress(TopicPartition Partition, long CommittedOffset, long HighWatermark, long Position = -1)
{
    /// <summary>
    /// Records on the partition the consumer has not read yet, <c>HighWatermark - Position</c> (never negative), as the
    /// Kafka consumer's <c>records-lag</c> metric that Kafka Streams users watch; -1 when either offset is unknown.
    /// Records read but not yet processed or committed are not counted (they are in <see cref="StreamsProgress.Lag"/>).
    /// Published as the gauge <c>streams.consumer.records.lag</c>.
    /// </summary>
    public long RecordsLag => HighWatermark < 0 || Position < 0 ? -1 : Math.Max(0, HighWatermark - Position);
}
