using Confluent.Kafka;

namespace Streams;

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
