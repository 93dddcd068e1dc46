namespace Streams.Processor;

/// <summary>
/// Chooses the partition(s) a sink writes a record to, as Kafka Streams' <c>StreamPartitioner</c> (with KIP-837
/// multicast): used by <c>To</c> through <c>Produced.WithStreamPartitioner</c> and by <c>Repartition</c> through
/// <c>Repartitioned.WithStreamPartitioner</c>. Without one, the producer's default partitioner places the record
/// (murmur2 of the serialized key, as Kafka's Java client). Implementations should be stateless pure functions: one
/// instance is shared by every task.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IStreamPartitioner<in TKey, in TValue>
{
    /// <summary>Returns the partitions to write the record to.</summary>
    /// <param name="topic">The topic the record is written to (the decorated name for internal topics).</param>
    /// <param name="key">The record key (may be null).</param>
    /// <param name="value">The record value (may be null).</param>
    /// <param name="numPartitions">The topic's current partition count (1 for every topic under the test driver).</param>
    /// <returns>
    /// Null to use the default partitioner; an empty set to write the record nowhere (it is dropped and counted in
    /// <c>streams.task.records.dropped</c>); otherwise the partitions, each in [0, <paramref name="numPartitions"/>), the
    /// record is written to once each (multicast, KIP-837).
    /// </returns>
    IReadOnlySet<int>? Partitions(string topic, TKey key, TValue value, int numPartitions);
}
