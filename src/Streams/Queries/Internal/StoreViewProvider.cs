using Streams.State;

namespace Streams.Queries.Internal;

/// <summary>
/// What a query view reads through, as Kafka Streams' <c>WrappingStoreProvider</c>: on every read it checks the
/// application state, looks the store's local instances up again (so a view follows rebalances: it answers from the
/// tasks hosted now) and reads each under its task's query lock, so the stream thread never writes it at the same time.
/// </summary>
internal sealed class StoreViewProvider(LocalStoreRegistry registry, Func<StreamsState> applicationState, string storeName, int? partition, bool staleStoresEnabled)
{
    /// <summary>The store name.</summary>
    public string StoreName { get; } = storeName;

    /// <summary>
    /// The local instances to read now, by partition (one when a partition was asked for, or for a global store).
    /// </summary>
    /// <returns>At least one store.</returns>
    /// <exception cref="InvalidStateStoreException">The application is not running or rebalancing, or no instance (or not the partition) is local.</exception>
    public IReadOnlyList<LocalStore> Stores()
    {
        EnsureQueryable();
        var stores = registry.Find(StoreName, partition);
        if (stores.Count > 0)
        {
            return stores;
        }

        if (partition is { } p)
        {
            throw new InvalidStateStorePartitionException(
                $"Partition {p} of store '{StoreName}' is not hosted by this instance; ask QueryMetadataForKey which instance hosts it.");
        }

        throw Migrated(null);
    }

    /// <summary>Throws unless the application is running or rebalancing, as Kafka Streams' <c>validateIsRunningOrRebalancing</c>.</summary>
    /// <exception cref="StreamsNotStartedException">Not started yet.</exception>
    /// <exception cref="InvalidStateStoreException">Stopping, stopped or failed.</exception>
    public void EnsureQueryable()
    {
        var state = applicationState();
        if (state == StreamsState.Created)
        {
            throw new StreamsNotStartedException($"Cannot query store '{StoreName}': the application has not been started; call StartAsync first.");
        }

        if (state is not (StreamsState.Running or StreamsState.Rebalancing))
        {
            throw new InvalidStateStoreException(
                $"Cannot query store '{StoreName}': the application is {state}; only a Running or Rebalancing application answers queries.");
        }
    }

    /// <summary>Reads one instance under its task's query lock.</summary>
    /// <typeparam name="TResult">The result.</typeparam>
    /// <param name="store">The instance.</param>
    /// <param name="read">The read; it must not let an iterator escape (copy what it needs).</param>
    /// <returns>The result of <paramref name="read"/>.</returns>
    /// <exception cref="StateStoreMigratedException">The task was closed or revoked.</exception>
    /// <exception cref="StreamsRebalancingException">The instance is restoring, during a rebalance, and stale stores are not enabled.</exception>
    /// <exception cref="InvalidStateStoreException">The instance is restoring and stale stores are not enabled.</exception>
    public TResult Read<TResult>(LocalStore store, Func<IStateStore, TResult> read)
    {
        lock (store.Task.QueryLock)
        {
            switch (store.Task.State)
            {
                case TaskStoresState.Closed:
                    throw Migrated(store.Partition);
                case TaskStoresState.Restoring when !staleStoresEnabled:
                    var message = $"Partition {store.Partition} of store '{StoreName}' is restoring from its changelog; retry later, or enable stale stores to read it while it restores.";
                    throw applicationState() == StreamsState.Rebalancing ? new StreamsRebalancingException(message) : new InvalidStateStoreException(message);
            }

            try
            {
                return read(store.Store);
            }
            catch (ObjectDisposedException e)
            {
                throw Migrated(store.Partition, e);
            }
        }
    }

    /// <summary>Reads every instance in turn (each under its own lock) and concatenates the copied results, by partition.</summary>
    /// <typeparam name="TKey">The iterator key type.</typeparam>
    /// <typeparam name="TValue">The iterator value type.</typeparam>
    /// <param name="open">Opens the iterator of one instance.</param>
    /// <returns>A snapshot iterator.</returns>
    public SnapshotIterator<TKey, TValue> Concat<TKey, TValue>(Func<IStateStore, IKeyValueIterator<TKey, TValue>> open)
    {
        var all = new List<KeyValuePair<TKey, TValue>>();
        foreach (var store in Stores())
        {
            Read(store, s => Copy(open(s), all));
        }

        return new SnapshotIterator<TKey, TValue>(all);
    }

    /// <summary>The copied results of the first instance (by partition) whose iterator is not empty, as Kafka Streams' composite single-key fetches.</summary>
    /// <typeparam name="TKey">The iterator key type.</typeparam>
    /// <typeparam name="TValue">The iterator value type.</typeparam>
    /// <param name="open">Opens the iterator of one instance.</param>
    /// <returns>A snapshot iterator, empty when every instance is.</returns>
    public SnapshotIterator<TKey, TValue> FirstNonEmpty<TKey, TValue>(Func<IStateStore, IKeyValueIterator<TKey, TValue>> open)
    {
        var found = new List<KeyValuePair<TKey, TValue>>();
        foreach (var store in Stores())
        {
            if (Read(store, s => Copy(open(s), found)) > 0)
            {
                break;
            }
        }

        return new SnapshotIterator<TKey, TValue>(found);
    }

    private static int Copy<TKey, TValue>(IKeyValueIterator<TKey, TValue> iterator, List<KeyValuePair<TKey, TValue>> into)
    {
        var before = into.Count;
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                into.Add(iterator.Current);
            }
        }

        return into.Count - before;
    }

    private StateStoreMigratedException Migrated(int? storePartition, Exception? cause = null)
    {
        var which = storePartition is { } p && p >= 0 ? $"Partition {p} of store '{StoreName}'" : $"Store '{StoreName}'";
        var message = $"{which} is not available anymore and may have migrated to another instance; rediscover its location with QueryMetadataForKey and retry.";
        return cause is null ? new StateStoreMigratedException(message) : new StateStoreMigratedException(message, cause);
    }
}
