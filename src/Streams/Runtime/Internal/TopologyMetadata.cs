using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Queries;

namespace Streams.Runtime.Internal;

/// <summary>
/// What the topology says about where a store's data lives, as Kafka Streams' <c>StreamsMetadataState</c> reads
/// its topology: the sub-topology holding each store, the source partitions and stores of a task, and the task a
/// key of a store belongs to (the partition the default partitioner or a given one picks among the sub-topology's
/// source topic with the most partitions).
/// </summary>
internal sealed class TopologyMetadata
{
    private readonly string _applicationId;
    private readonly Dictionary<int, Subtopology> _subtopologies;
    private readonly Dictionary<string, Subtopology> _byStore;
    private readonly HashSet<string> _globalStores;

    public TopologyMetadata(InternalTopologyBuilder builder, string applicationId)
    {
        _applicationId = applicationId;
        _subtopologies = builder.Subtopologies.ToDictionary(s => s.Id);
        _byStore = new Dictionary<string, Subtopology>(StringComparer.Ordinal);
        foreach (var sub in builder.Subtopologies)
        {
            foreach (var store in sub.StoreNames)
            {
                _byStore.TryAdd(store, sub);
            }
        }

        _globalStores = builder.GlobalStores.Select(g => g.Store.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="storeName"/> is a global store (every instance holds all of it).</summary>
    public bool IsGlobalStore(string storeName) => _globalStores.Contains(storeName);

    /// <summary>Whether the topology has a store of that name (global or not).</summary>
    public bool HasStore(string storeName) => _byStore.ContainsKey(storeName) || _globalStores.Contains(storeName);

    /// <summary>The id of the sub-topology holding the (non-global) store, or null.</summary>
    public int? SubtopologyOf(string storeName) => _byStore.TryGetValue(storeName, out var sub) ? sub.Id : null;

    /// <summary>The names of the (non-global) stores of <paramref name="tasks"/>' sub-topologies.</summary>
    public IReadOnlySet<string> StoreNames(IEnumerable<TaskId> tasks) =>
        tasks.Select(t => t.SubtopologyId).Distinct().Where(_subtopologies.ContainsKey).SelectMany(id => _subtopologies[id].StoreNames).ToHashSet(StringComparer.Ordinal);

    /// <summary>The source topic partitions of <paramref name="tasks"/> (internal topics by their decorated names).</summary>
    public IReadOnlySet<TopicPartition> TopicPartitions(IEnumerable<TaskId> tasks) =>
        tasks.Where(t => _subtopologies.ContainsKey(t.SubtopologyId))
            .SelectMany(t => _subtopologies[t.SubtopologyId].SourceTopics.Select(s => new TopicPartition(s.Decorated(_applicationId), t.Partition)))
            .ToHashSet();

    /// <summary>
    /// The source topic of the sub-topology with the most partitions and that count, as Kafka Streams'
    /// <c>SourceTopicsInfo.topicWithMostPartitions</c>/<c>maxPartitions</c>; null while a count is unknown.
    /// </summary>
    /// <param name="subtopologyId">The sub-topology.</param>
    /// <param name="partitionsOf">The partition count of a (decorated) topic, null when unknown.</param>
    public (string Topic, int Partitions)? SourceTopicWithMostPartitions(int subtopologyId, Func<string, int?> partitionsOf)
    {
        (string Topic, int Partitions)? best = null;
        foreach (var topic in _subtopologies[subtopologyId].SourceTopics.Select(t => t.Decorated(_applicationId)))
        {
            if (partitionsOf(topic) is not int n || n < 1)
            {
                return null;
            }

            if (best is null || n > best.Value.Partitions)
            {
                best = (topic, n);
            }
        }

        return best;
    }

    /// <summary>
    /// The partition of <paramref name="key"/> in the store's sub-topology with the default partitioner, as Kafka
    /// Streams' <c>DefaultStreamPartitioner</c>: murmur2 of the key serialized for the source topic, modulo its count.
    /// </summary>
    /// <returns>The partition, or null while the partition count is unknown.</returns>
    /// <exception cref="ArgumentException">The serializer returned null for the key.</exception>
    public int? PartitionOf<TKey>(int subtopologyId, TKey key, ISerializer<TKey> keySerializer, Func<string, int?> partitionsOf)
    {
        if (SourceTopicWithMostPartitions(subtopologyId, partitionsOf) is not var (topic, count))
        {
            return null;
        }

        var bytes = keySerializer.Serialize(key, new SerializationContext(MessageComponentType.Key, topic))
            ?? throw new ArgumentException($"The key serializer returned null for key '{key}' of topic '{topic}': a null key has no partition.", nameof(keySerializer));
        return Murmur2.Partition(bytes, count);
    }

    /// <summary>
    /// The partition a custom partitioner picks for <paramref name="key"/>, as Kafka Streams' <c>queryMetadataForKey</c>
    /// with a <c>StreamPartitioner</c> (called with a null value); it must name exactly one partition.
    /// </summary>
    /// <returns>The partition, or null while the partition count is unknown.</returns>
    /// <exception cref="ArgumentException">The partitioner returned null, no partition, several, or one out of range.</exception>
    public int? PartitionOf<TKey, TValue>(int subtopologyId, TKey key, IStreamPartitioner<TKey, TValue> partitioner, Func<string, int?> partitionsOf)
    {
        if (SourceTopicWithMostPartitions(subtopologyId, partitionsOf) is not var (topic, count))
        {
            return null;
        }

        var partitions = partitioner.Partitions(topic, key, default!, count);
        var partition = partitions is { Count: 1 } ? partitions.Single() : -1;
        if (partition < 0 || partition >= count)
        {
            throw new ArgumentException(
                $"The partitioner must return exactly one partition in [0, {count}) for key '{key}' of topic '{topic}' when used to find the key's host; it returned {(partitions is null ? "null" : "{" + string.Join(", ", partitions) + "}")}.",
                nameof(partitioner));
        }

        return partition;
    }

    /// <summary>The metadata of one instance: its endpoint, the stores and source partitions of its tasks.</summary>
    public StreamsMetadata ToStreamsMetadata(InstanceMetadata instance) =>
        new(instance.Host, StoreNames(instance.Active), TopicPartitions(instance.Active), StoreNames(instance.Standby), TopicPartitions(instance.Standby));
}
