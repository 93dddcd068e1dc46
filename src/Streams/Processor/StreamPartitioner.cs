namespace Streams.Processor;

/// <summary>
/// Chooses the partition a record is written to, as Kafka Streams' <c>StreamPartitioner</c> (its single-partition
/// form: multicast to several partitions is not supported).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type (for foreign-key join partitioners, always null: Kafka Streams' <c>Void</c>).</typeparam>
/// <param name="topic">The topic being written, decorated with the application id for internal topics.</param>
/// <param name="key">The record key.</param>
/// <param name="value">The record value.</param>
/// <param name="numPartitions">The number of partitions of <paramref name="topic"/>.</param>
/// <returns>
/// The partition, from 0 to <paramref name="numPartitions"/> - 1; or null to use the producer's default
/// partitioning (murmur2 of the serialized key, as Kafka's Java client).
/// </returns>
public delegate int? StreamPartitioner<in TKey, in TValue>(string topic, TKey key, TValue value, int numPartitions);
