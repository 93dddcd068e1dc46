namespace Streams.Queries;

/// <summary>
/// Which local store to query and how, as Kafka Streams' <c>StoreQueryParameters</c>: the store name, the
/// expected store type (<see cref="QueryableStoreTypes"/>), optionally one partition, and whether stale
/// stores (restoring, or standby replicas) may answer.
/// </summary>
/// <typeparam name="TStore">The read-only store view returned, e.g. <c>IReadOnlyKeyValueStore&lt;string, long&gt;</c>.</typeparam>
public sealed class StoreQueryParameters<TStore>
{
    private StoreQueryParameters(string storeName, QueryableStoreType<TStore> storeType, int? partition, bool staleStoresEnabled)
    {
        StoreName = storeName;
        StoreType = storeType;
        Partition = partition;
        StaleStoresEnabled = staleStoresEnabled;
    }

    /// <summary>The store name (the <c>Materialized.As</c> name or a generated one, see <see cref="Topology.Describe"/>).</summary>
    public string StoreName { get; }

    /// <summary>The store type the caller expects.</summary>
    public QueryableStoreType<TStore> StoreType { get; }

    /// <summary>The one partition to query, or null (default) for every local partition.</summary>
    public int? Partition { get; }

    /// <summary>Whether a store that is still restoring (or a standby) may answer, as Kafka Streams' <c>enableStaleStores()</c>. Default false.</summary>
    public bool StaleStoresEnabled { get; }

    /// <summary>Queries <paramref name="storeName"/> as <paramref name="storeType"/>, over every local partition, active stores only.</summary>
    /// <param name="storeName">The store name.</param>
    /// <param name="storeType">The expected type, from <see cref="QueryableStoreTypes"/>.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static StoreQueryParameters<TStore> FromNameAndType(string storeName, QueryableStoreType<TStore> storeType)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        ArgumentNullException.ThrowIfNull(storeType);
        return new(storeName, storeType, null, false);
    }

    /// <summary>Restricts the query to one partition, as Kafka Streams' <c>withPartition</c>.</summary>
    /// <param name="partition">The partition, 0 or more.</param>
    /// <returns>New parameters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partition"/> is negative.</exception>
    public StoreQueryParameters<TStore> WithPartition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return new(StoreName, StoreType, partition, StaleStoresEnabled);
    }

    /// <summary>Lets stores that are restoring answer (possibly stale data), as Kafka Streams' <c>enableStaleStores</c>.</summary>
    /// <returns>New parameters.</returns>
    public StoreQueryParameters<TStore> EnableStaleStores() => new(StoreName, StoreType, Partition, true);
}
