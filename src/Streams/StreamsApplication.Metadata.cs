using Confluent.Kafka;
using Streams.Processor;
using Streams.Queries;
using Streams.Runtime.Internal;

namespace Streams;

// Instance metadata for interactive queries (issue 6): which instance hosts which key. See docs/interactive-queries.md, section Metadata.
public sealed partial class StreamsApplication
{
    private MetadataTracker? _metadata;
    private IReadOnlyDictionary<string, int> _topicPartitions = new Dictionary<string, int>();

    /// <summary>
    /// Which instance hosts <paramref name="key"/> of <paramref name="storeName"/>, as Kafka Streams'
    /// <c>queryMetadataForKey(storeName, key, keySerializer)</c>: the key's partition is the one Kafka's default
    /// partitioner gives it (murmur2 of the serialized key, modulo the partition count of the store's sub-topology's
    /// source topic with the most partitions), and the active host is the instance that runs that partition's task,
    /// as announced on the <c>{applicationId}-metadata</c> topic (docs/interactive-queries.md, "Metadata"). For a
    /// global store, every instance hosts every key: this instance's endpoint, no standbys, partition -1.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="storeName">The store.</param>
    /// <param name="key">The key; not null.</param>
    /// <param name="keySerializer">Serializes the key as the store's source topic does (the default partitioner hashes these bytes).</param>
    /// <returns>
    /// The active host, standby hosts (empty without standby replicas) and partition. The active host is
    /// <see cref="HostInfo.Unavailable"/> while no instance has announced the partition's task (e.g. during a
    /// rebalance); the partition is -1 while the source topic's partition count is unknown.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeName"/>, <paramref name="key"/> or <paramref name="keySerializer"/> is null.</exception>
    /// <exception cref="ArgumentException">The serializer returned null for the key.</exception>
    /// <exception cref="InvalidStateStoreException">The application is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public KeyQueryMetadata QueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        return KeyMetadata(storeName, key, (metadata, sub) => metadata.Topology.PartitionOf(sub, key, keySerializer, metadata.PartitionCount));
    }

    /// <summary>
    /// Which instance hosts <paramref name="key"/> of <paramref name="storeName"/> when the store's input was
    /// partitioned by <paramref name="partitioner"/>, as Kafka Streams' <c>queryMetadataForKey(storeName, key,
    /// partitioner)</c>. The partitioner is called with the store's sub-topology's source topic with the most
    /// partitions, the key, a default value and that partition count, and must return exactly one partition.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type of the partitioner (it receives the default value).</typeparam>
    /// <param name="storeName">The store.</param>
    /// <param name="key">The key; not null.</param>
    /// <param name="partitioner">The partitioner the store's input was written with.</param>
    /// <returns>As <see cref="QueryMetadataForKey{TKey}(string, TKey, ISerializer{TKey})"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeName"/>, <paramref name="key"/> or <paramref name="partitioner"/> is null.</exception>
    /// <exception cref="ArgumentException">The partitioner returned null (default partitioning), no partition, several, or one out of range.</exception>
    /// <exception cref="InvalidStateStoreException">The application is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public KeyQueryMetadata QueryMetadataForKey<TKey, TValue>(string storeName, TKey key, IStreamPartitioner<TKey, TValue> partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return KeyMetadata(storeName, key, (metadata, sub) => metadata.Topology.PartitionOf(sub, key, partitioner, metadata.PartitionCount));
    }

    /// <summary>
    /// Every live instance of the application, as Kafka Streams' <c>metadataForAllStreamsClients</c>: those that
    /// advertise <see cref="StreamsOptions.ApplicationServer"/> (this one included, when it does), with the stores
    /// and source partitions of the tasks each runs. Instances that announced their tasks and whose every task has
    /// since been claimed by others (they crashed) are left out; a stopped instance leaves once its tombstone is read.
    /// </summary>
    /// <returns>One entry per instance, ordered by endpoint; empty until the first announcement is read.</returns>
    /// <exception cref="InvalidStateStoreException">The application is not running (nor rebalancing).</exception>
    public IReadOnlyCollection<StreamsMetadata> MetadataForAllStreamsClients()
    {
        var metadata = RunningMetadata();
        return [.. metadata.Snapshot.Instances.Select(metadata.Topology.ToStreamsMetadata)];
    }

    /// <summary>
    /// The instances hosting <paramref name="storeName"/>, as Kafka Streams' <c>streamsMetadataForStore</c>: those
    /// running an active (or standby) task of the store's sub-topology. A global store is hosted by every instance.
    /// </summary>
    /// <param name="storeName">The store.</param>
    /// <returns>One entry per instance hosting some partition of the store, ordered by endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeName"/> is null.</exception>
    /// <exception cref="InvalidStateStoreException">The application is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public IReadOnlyCollection<StreamsMetadata> StreamsMetadataForStore(string storeName)
    {
        ArgumentNullException.ThrowIfNull(storeName);
        var metadata = RunningMetadata();
        var all = metadata.Snapshot.Instances.Select(metadata.Topology.ToStreamsMetadata).ToList();
        if (metadata.Topology.IsGlobalStore(storeName))
        {
            return all;
        }

        return metadata.Topology.SubtopologyOf(storeName) is null
            ? throw UnknownStore(storeName)
            : [.. all.Where(m => m.StateStoreNames.Contains(storeName) || m.StandbyStateStoreNames.Contains(storeName))];
    }

    private KeyQueryMetadata KeyMetadata<TKey>(string storeName, TKey key, Func<MetadataTracker, int, int?> partitionOf)
    {
        ArgumentNullException.ThrowIfNull(storeName);
        ArgumentNullException.ThrowIfNull(key);
        var metadata = RunningMetadata();
        if (metadata.Topology.IsGlobalStore(storeName))
        {
            return new KeyQueryMetadata(metadata.LocalHost ?? HostInfo.Unavailable, new HashSet<HostInfo>(), -1);
        }

        if (metadata.Topology.SubtopologyOf(storeName) is not int sub)
        {
            throw UnknownStore(storeName);
        }

        if (partitionOf(metadata, sub) is not int partition)
        {
            return new KeyQueryMetadata(HostInfo.Unavailable, new HashSet<HostInfo>(), -1);
        }

        var snapshot = metadata.Snapshot;
        var task = new TaskId(sub, partition);
        return new KeyQueryMetadata(snapshot.ActiveHost(task), snapshot.StandbyHosts(task), partition);
    }

    private MetadataTracker RunningMetadata()
    {
        var state = State;
        return state is StreamsState.Running or StreamsState.Rebalancing && _metadata is { } metadata
            ? metadata
            : throw new InvalidStateStoreException($"Instance metadata is available only while the application is running or rebalancing; the state is {state}.");
    }

    private static InvalidStateStoreException UnknownStore(string storeName) =>
        new($"The topology has no state store named '{storeName}'.");

    /// <summary>Keeps the partition counts PrepareAsync learned and adds the metadata topic to the internal topics to create.</summary>
    private IReadOnlyDictionary<string, int> WithMetadataTopic(IReadOnlyDictionary<string, int> existing, IReadOnlyDictionary<string, int> required)
    {
        var counts = new Dictionary<string, int>(existing, StringComparer.Ordinal);
        foreach (var (topic, count) in required)
        {
            counts.TryAdd(topic, count);
        }

        _topicPartitions = counts;
        return InstanceMetadataTopic.AddTo(required, _options.ApplicationId, _options.ApplicationServer is not null, existing.ContainsKey);
    }

    /// <summary>Starts reading (and, with an endpoint, announcing) instance metadata; the stream threads announce the union of their tasks through it (StreamsApplication.Threads.cs).</summary>
    private void StartMetadata() => _metadata = new MetadataTracker(_topology.Builder, _options, _topicPartitions, _logger);

    /// <summary>Announces the tombstone and stops reading.</summary>
    private void StopMetadata() => Interlocked.Exchange(ref _metadata, null)?.Dispose();
}
