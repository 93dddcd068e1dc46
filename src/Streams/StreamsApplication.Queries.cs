using System.Reactive.Linq;
using Confluent.Kafka;
using Streams.Queries;
using Streams.Queries.Internal;
using Streams.Runtime.Internal;
using Streams.State.Internal;

namespace Streams;

// The interactive-query surface (issue 6): local store views and push queries.
public sealed partial class StreamsApplication
{
    private readonly LocalStoreRegistry _localStores = new();

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
    public TStore Store<TStore>(StoreQueryParameters<TStore> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var name = parameters.StoreName;
        var provider = new StoreViewProvider(_localStores, () => State, name, parameters.Partition, parameters.StaleStoresEnabled);
        provider.EnsureQueryable();
        var kind = DeclaredStoreKind(name);
        var local = _localStores.Find(name, null);
        if (local.Count > 0)
        {
            parameters.StoreType.Check(local[0].Store);
        }
        else if (!QueryableStoreAdapters.Compatible(kind, parameters.StoreType.Kind))
        {
            throw QueryableStoreAdapters.WrongKind(name, kind, parameters.StoreType.Kind);
        }

        return parameters.StoreType.Create(provider);
    }

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
    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName, int bufferCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCapacity, 1);
        var kind = DeclaredStoreKind(storeName);
        if (kind != "KeyValue")
        {
            throw new InvalidStateStoreException($"Store '{storeName}' is a {kind} store; only key-value stores can be observed.");
        }

        foreach (var local in _localStores.Find(storeName, null))
        {
            if (local.Store is not IObservableKeyValueStore observable)
            {
                throw new InvalidStateStoreException($"Store '{storeName}' is a {QueryableStoreAdapters.Describe(local.Store)}; only key-value stores can be observed.");
            }

            if (!typeof(TKey).IsAssignableFrom(observable.KeyType) || !typeof(TValue).IsAssignableFrom(observable.ValueType))
            {
                throw new InvalidStateStoreException(
                    $"Store '{storeName}' holds {observable.KeyType.Name} keys and {observable.ValueType.Name} values; it cannot be observed as StoreChange<{typeof(TKey).Name}, {typeof(TValue).Name}>.");
            }
        }

        var hub = _localStores.Hub(storeName);
        return Observable.Create<StoreChange<TKey, TValue>>(observer =>
        {
            var subscription = new StoreChangeSubscription<TKey, TValue>(hub, observer, bufferCapacity, _logger);
            subscription.Start();
            return subscription;
        });
    }

    /// <summary>The topology's kind of <paramref name="storeName"/> ("KeyValue", "Window", "Session", "Versioned"...).</summary>
    private string DeclaredStoreKind(string storeName)
    {
        var builder = _topology.Builder;
        if (builder.Stores.TryGetValue(storeName, out var store))
        {
            return store.Kind;
        }

        if (builder.GlobalStores.FirstOrDefault(g => g.Store.Name == storeName) is { } global)
        {
            return global.Store.Kind;
        }

        var known = builder.Stores.Keys.Concat(builder.GlobalStores.Select(g => g.Store.Name)).Order(StringComparer.Ordinal).ToList();
        throw new UnknownStateStoreException(
            $"The topology has no store named '{storeName}'. Its stores: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}.");
    }

    /// <summary>Makes the loaded global stores queryable (called once they are bootstrapped).</summary>
    private void RegisterGlobalStores()
    {
        if (_global is not null)
        {
            _localStores.RegisterGlobal(_global.Context, _global.Stores.Values);
        }
    }
}
