using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Queries.Internal;

/// <summary>
/// The instance's local interactive queries, as Kafka Streams' <c>QueryableStoreProvider</c>: owns the
/// <see cref="LocalStoreRegistry"/> the stream threads (and the global stores) register their stores in, and answers
/// <c>StreamsApplication.Store</c> (read-only views) and <c>StreamsApplication.ObserveStore</c> (push queries) from it.
/// Thread-safe.
/// </summary>
/// <param name="builder">The topology: which stores exist and of which kind.</param>
/// <param name="state">The instance's state, checked by the views on every read.</param>
/// <param name="logger">The application's logger (a push-query subscriber that throws is logged).</param>
internal sealed class QueryableStoreProvider(InternalTopologyBuilder builder, Func<StreamsState> state, ILogger logger)
{
    /// <summary>The registry of local store instances: the stream threads register their tasks' stores here.</summary>
    public LocalStoreRegistry Registry { get; } = new();

    /// <summary>As <c>StreamsApplication.Store</c>: a read-only view spanning the store's local tasks (or one partition).</summary>
    /// <typeparam name="TStore">The view type, from <see cref="QueryableStoreTypes"/>.</typeparam>
    /// <param name="parameters">Store name, type, partition, staleness.</param>
    /// <returns>The view; reads on it check the state and look the local tasks up again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="StreamsNotStartedException">The instance has not been started.</exception>
    /// <exception cref="UnknownStateStoreException">The topology has no store of that name.</exception>
    /// <exception cref="InvalidStateStoreException">The instance is stopping, stopped or failed; or the store is of another kind or types than asked.</exception>
    public TStore Store<TStore>(StoreQueryParameters<TStore> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var name = parameters.StoreName;
        var provider = new StoreViewProvider(Registry, state, name, parameters.Partition, parameters.StaleStoresEnabled);
        provider.EnsureQueryable();
        var kind = DeclaredStoreKind(name);
        var local = Registry.Find(name, null);
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

    /// <summary>As <c>StreamsApplication.ObserveStore</c>: a hot observable of the key-value store's changes, one bounded queue per subscriber.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (for timestamped stores the plain value).</typeparam>
    /// <param name="storeName">The store.</param>
    /// <param name="bufferCapacity">The changes one subscriber may fall behind, at least 1.</param>
    /// <returns>A hot observable; subscribers see changes after they subscribe.</returns>
    /// <exception cref="ArgumentException"><paramref name="storeName"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferCapacity"/> is less than 1.</exception>
    /// <exception cref="InvalidStateStoreException">The store is unknown, not a key-value store, or of other key or value types.</exception>
    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName, int bufferCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCapacity, 1);
        var kind = DeclaredStoreKind(storeName);
        if (kind != "KeyValue")
        {
            throw new InvalidStateStoreException($"Store '{storeName}' is a {kind} store; only key-value stores can be observed.");
        }

        foreach (var local in Registry.Find(storeName, null))
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

        var hub = Registry.Hub(storeName);
        return Observable.Create<StoreChange<TKey, TValue>>(observer =>
        {
            var subscription = new StoreChangeSubscription<TKey, TValue>(hub, observer, bufferCapacity, logger);
            subscription.Start();
            return subscription;
        });
    }

    /// <summary>Makes the loaded global stores queryable (called once they are bootstrapped).</summary>
    /// <param name="context">The global task's context.</param>
    /// <param name="stores">The global stores, loaded.</param>
    public void RegisterGlobal(TaskContext context, IEnumerable<IStateStore> stores) => Registry.RegisterGlobal(context, stores);

    /// <summary>The instance stopped: every view and push query ends (see <see cref="LocalStoreRegistry.Close"/>).</summary>
    public void Close() => Registry.Close();

    /// <summary>The topology's kind of <paramref name="storeName"/> ("KeyValue", "Window", "Session", "Versioned"...).</summary>
    /// <exception cref="UnknownStateStoreException">The topology has no store of that name (the message lists the stores it has).</exception>
    private string DeclaredStoreKind(string storeName)
    {
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
}
