using Confluent.Kafka;
using Streams.Processor;
using Streams.Queries;

namespace Streams;

// Interactive queries (issue 6): local stores and push queries (QueryableStoreProvider), which instance hosts which key
// (StreamsMetadataState, docs/interactive-queries.md, section Metadata), and the accessors of query endpoints.
public sealed partial class StreamsApplication
{
    /// <summary>
    /// A read-only view of a local store, as Kafka Streams' <c>KafkaStreams.store(StoreQueryParameters)</c>: it spans
    /// every local active task of the store (or the one partition asked for) and is safe to use from any thread while
    /// the application runs.
    /// </summary>
    /// <remarks>
    /// Every read looks the store's local tasks up again (the view follows rebalances) and reads each task's store under
    /// that task's lock, which the stream thread holds while it processes a batch of the task, punctuates or commits it:
    /// a read never sees a half-applied record, and it sees values still in the record cache (not yet flushed), as Kafka
    /// Streams. Iterators are snapshots copied under the lock, partition by partition (each partition in key order,
    /// partitions by number, not merged into one order); they need not be disposed and never see later writes. Point
    /// reads ask each partition in turn. A global store (GlobalKTable) answers from its one local copy.
    /// </remarks>
    /// <typeparam name="TStore">The view type, from <see cref="QueryableStoreTypes"/>.</typeparam>
    /// <param name="parameters">Store name, type, partition, staleness.</param>
    /// <returns>The view; reads on it throw <see cref="InvalidStateStoreException"/> once the store moves away or the application stops.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="StreamsNotStartedException">The application has not been started.</exception>
    /// <exception cref="UnknownStateStoreException">The topology has no store of that name (the message lists the stores it has).</exception>
    /// <exception cref="InvalidStateStoreException">
    /// The application is stopping, stopped or failed; or the store is of another kind or types than asked (the message
    /// names its actual kind). Reads on the view also throw <see cref="InvalidStateStorePartitionException"/> (the
    /// partition is not local), <see cref="StreamsRebalancingException"/> (restoring, stale stores not enabled) and
    /// <see cref="StateStoreMigratedException"/> (the store's task was closed or revoked).
    /// </exception>
    public TStore Store<TStore>(StoreQueryParameters<TStore> parameters) => _stores.Store(parameters);

    /// <summary>
    /// Pushes every change of the local key-value store <paramref name="storeName"/> (all local partitions) as it is
    /// written, in write order per partition. Filter by key or range with Rx operators (see <see cref="StoreChangeObservables"/>).
    /// Completes when the application stops. Each subscriber buffers up to <see cref="DefaultStoreChangeBufferCapacity"/>
    /// changes (see <see cref="ObserveStore{TKey, TValue}(string, int)"/>).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (for timestamped stores the plain value; the timestamp is on the change).</typeparam>
    /// <param name="storeName">The store.</param>
    /// <returns>A hot observable; subscribers see changes after they subscribe.</returns>
    /// <exception cref="InvalidStateStoreException">The store is unknown (<see cref="UnknownStateStoreException"/>), not a key-value store, or of other key or value types.</exception>
    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName) =>
        ObserveStore<TKey, TValue>(storeName, DefaultStoreChangeBufferCapacity);

    /// <summary>The changes a push-query subscriber may fall behind by default: 10,000.</summary>
    public const int DefaultStoreChangeBufferCapacity = 10_000;

    /// <summary>
    /// Pushes every change of the local key-value store <paramref name="storeName"/> (all local partitions) as it is
    /// written: a hot observable of one <see cref="StoreChange{TKey, TValue}"/> per put or delete through the store
    /// (by processors and DSL operators), in write order (the stream thread's), after the write. Restoration from the
    /// changelog is not pushed. For timestamped stores (every KTable's) the change carries the plain value and the
    /// stored timestamp; for plain stores the timestamp of the record being processed. With a record cache in front of
    /// the store, every update is pushed (not only what the cache flushes). Global stores push with partition -1.
    /// </summary>
    /// <remarks>
    /// Subscribing before <see cref="StartAsync"/> misses nothing; tasks assigned later are included automatically.
    /// Each subscriber has its own queue of <paramref name="bufferCapacity"/> changes, drained on the thread pool, one
    /// call at a time: a slow subscriber never blocks the stream thread, and when its queue is full its subscription ends
    /// with <see cref="StoreChangeOverflowException"/> after the queued changes (changes are never dropped silently). A
    /// subscriber that throws from <c>OnNext</c> is unsubscribed (logged as a warning). Every subscription completes
    /// (<c>OnCompleted</c>, after its queued changes) when the application stops; subscribing after that completes at once.
    /// With nobody subscribed, a write costs one volatile read.
    /// </remarks>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (for timestamped stores the plain value; the timestamp is on the change).</typeparam>
    /// <param name="storeName">The store.</param>
    /// <param name="bufferCapacity">The changes one subscriber may fall behind, at least 1.</param>
    /// <returns>A hot observable; subscribers see changes after they subscribe.</returns>
    /// <exception cref="ArgumentException"><paramref name="storeName"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferCapacity"/> is less than 1.</exception>
    /// <exception cref="InvalidStateStoreException">The store is unknown (<see cref="UnknownStateStoreException"/>), not a key-value store, or of other key or value types.</exception>
    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName, int bufferCapacity) =>
        _stores.ObserveStore<TKey, TValue>(storeName, bufferCapacity);

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
    public KeyQueryMetadata QueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer) =>
        _metadata.KeyQueryMetadataForKey(storeName, key, keySerializer);

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
    public KeyQueryMetadata QueryMetadataForKey<TKey, TValue>(string storeName, TKey key, IStreamPartitioner<TKey, TValue> partitioner) =>
        _metadata.KeyQueryMetadataForKey(storeName, key, partitioner);

    /// <summary>
    /// Every live instance of the application, as Kafka Streams' <c>metadataForAllStreamsClients</c>: those that
    /// advertise <see cref="StreamsOptions.ApplicationServer"/> (this one included, when it does), with the stores
    /// and source partitions of the tasks each runs. Instances that announced their tasks and whose every task has
    /// since been claimed by others (they crashed) are left out; a stopped instance leaves once its tombstone is read.
    /// </summary>
    /// <returns>One entry per instance, ordered by endpoint; empty until the first announcement is read.</returns>
    /// <exception cref="InvalidStateStoreException">The application is not running (nor rebalancing).</exception>
    public IReadOnlyCollection<StreamsMetadata> MetadataForAllStreamsClients() => _metadata.AllMetadata();

    /// <summary>
    /// The instances hosting <paramref name="storeName"/>, as Kafka Streams' <c>streamsMetadataForStore</c>: those
    /// running an active (or standby) task of the store's sub-topology. A global store is hosted by every instance.
    /// </summary>
    /// <param name="storeName">The store.</param>
    /// <returns>One entry per instance hosting some partition of the store, ordered by endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeName"/> is null.</exception>
    /// <exception cref="InvalidStateStoreException">The application is not running (nor rebalancing), or the topology has no store of that name.</exception>
    public IReadOnlyCollection<StreamsMetadata> StreamsMetadataForStore(string storeName) => _metadata.AllMetadataForStore(storeName);

    /// <summary>The topology this application runs (for <see cref="Topology.Describe"/>, e.g. served by a query endpoint).</summary>
    public Topology Topology { get; }

    /// <summary>
    /// The endpoint this instance advertises for interactive queries, parsed from
    /// <see cref="StreamsOptions.ApplicationServer"/>; null when none is set. A query endpoint compares it with
    /// <see cref="KeyQueryMetadata.ActiveHost"/> to decide whether to answer locally or forward.
    /// </summary>
    public HostInfo? ApplicationServer => _options.ApplicationServer is { } server ? HostInfo.Parse(server) : null;
}
