using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Queries;

namespace Streams.Runtime.Internal;

/// <summary>
/// Which instance hosts which key and store, as Kafka Streams' <c>StreamsMetadataState</c>: owns the instance's
/// <see cref="MetadataTracker"/> (reading, and with <see cref="StreamsOptions.ApplicationServer"/> announcing, the
/// <c>{applicationId}-metadata</c> topic) from the start to the stop of the instance, and answers
/// <c>StreamsApplication.QueryMetadataForKey</c>, <c>MetadataForAllStreamsClients</c> and
/// <c>StreamsMetadataForStore</c> from its snapshot (docs/interactive-queries.md, "Metadata").
/// </summary>
/// <param name="builder">The topology.</param>
/// <param name="options">The application's options (application id, endpoint, client settings).</param>
/// <param name="logger">The application's logger.</param>
/// <param name="state">The instance's state: queries answer only while it is Running or Rebalancing.</param>
internal sealed class StreamsMetadataState(InternalTopologyBuilder builder, StreamsOptions options, ILogger logger, Func<StreamsState> state) : IDisposable
{
    private MetadataTracker? _tracker;
    private IReadOnlyDictionary<string, int> _topicPartitions = new Dictionary<string, int>();

    /// <summary>The tracker between <see cref="Start"/> and <see cref="Dispose"/>, else null (the standby updater places standbys from it).</summary>
    public MetadataTracker? Tracker => _tracker;

    /// <summary>
    /// Keeps the partition counts startup learned (the existing topics', then the internal topics' to create) for the
    /// tracker, and adds the metadata topic to the internal topics to create.
    /// </summary>
    /// <param name="existing">Partition counts of the topics that exist, by topic name.</param>
    /// <param name="required">Partition counts of the internal topics the topology needs, by topic name.</param>
    /// <returns><paramref name="required"/> plus the metadata topic (<see cref="InstanceMetadataTopic.AddTo"/>).</returns>
    public IReadOnlyDictionary<string, int> WithMetadataTopic(IReadOnlyDictionary<string, int> existing, IReadOnlyDictionary<string, int> required)
    {
        var counts = new Dictionary<string, int>(existing, StringComparer.Ordinal);
        foreach (var (topic, count) in required)
        {
            counts.TryAdd(topic, count);
        }

        _topicPartitions = counts;
        return InstanceMetadataTopic.AddTo(required, options.ApplicationId, options.ApplicationServer is not null, existing.ContainsKey);
    }

    /// <summary>Starts reading (and, with an endpoint, announcing) instance metadata; the stream threads announce the union of their tasks through <see cref="OnTasksChanged"/>.</summary>
    public void Start() => _tracker = new MetadataTracker(builder, options, _topicPartitions, logger);

    /// <summary>Stops the tracker: announces the tombstone and stops reading; idempotent (and a no-op before <see cref="Start"/>).</summary>
    public void Dispose() => Interlocked.Exchange(ref _tracker, null)?.Dispose();

    /// <summary>The instance's active tasks changed: announces <paramref name="tasks"/> (the union over its threads); ignored while stopped.</summary>
    /// <param name="tasks">Every active task of the instance.</param>
    public void OnTasksChanged(IReadOnlyCollection<TaskId> tasks) => _tracker?.OnTasksChanged(tasks);

    /// <summary>As <c>StreamsApplication.QueryMetadataForKey(storeName, key, keySerializer)</c>: the key's partition by Kafka's default partitioner.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The serializer returned null for the key.</exception>
    /// <exception cref="InvalidStateStoreException">The instance is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public KeyQueryMetadata KeyQueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        return KeyMetadata(storeName, key, (metadata, sub) => metadata.Topology.PartitionOf(sub, key, keySerializer, metadata.PartitionCount));
    }

    /// <summary>As <c>StreamsApplication.QueryMetadataForKey(storeName, key, partitioner)</c>: the key's partition by <paramref name="partitioner"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The partitioner returned null, no partition, several, or one out of range.</exception>
    /// <exception cref="InvalidStateStoreException">The instance is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public KeyQueryMetadata KeyQueryMetadataForKey<TKey, TValue>(string storeName, TKey key, IStreamPartitioner<TKey, TValue> partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return KeyMetadata(storeName, key, (metadata, sub) => metadata.Topology.PartitionOf(sub, key, partitioner, metadata.PartitionCount));
    }

    /// <summary>As <c>StreamsApplication.MetadataForAllStreamsClients</c>: every live instance, ordered by endpoint.</summary>
    /// <exception cref="InvalidStateStoreException">The instance is not running (nor rebalancing).</exception>
    public IReadOnlyCollection<StreamsMetadata> AllMetadata()
    {
        var metadata = RunningMetadata();
        return [.. metadata.Snapshot.Instances.Select(metadata.Topology.ToStreamsMetadata)];
    }

    /// <summary>As <c>StreamsApplication.StreamsMetadataForStore</c>: the instances running an active or standby task of the store (every instance for a global store).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="storeName"/> is null.</exception>
    /// <exception cref="InvalidStateStoreException">The instance is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public IReadOnlyCollection<StreamsMetadata> AllMetadataForStore(string storeName)
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
        var current = state();
        return current is StreamsState.Running or StreamsState.Rebalancing && _tracker is { } metadata
            ? metadata
            : throw new InvalidStateStoreException($"Instance metadata is available only while the application is running or rebalancing; the state is {current}.");
    }

    private static InvalidStateStoreException UnknownStore(string storeName) =>
        new($"The topology has no state store named '{storeName}'.");
}
