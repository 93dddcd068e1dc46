using Streams.State.Internal;

namespace Streams.State;

public static partial class Stores
{
    /// <summary>
    /// An in-memory versioned key-value store (KIP-889 semantics, see <see cref="IVersionedKeyValueStore{TKey, TValue}"/>),
    /// restored from its changelog on start. Kafka Streams only has the persistent variant
    /// (<c>Stores.persistentVersionedKeyValueStore</c>; here <c>RocksDbStores.PersistentVersionedKeyValueStore</c>);
    /// this one keeps the same layout in memory. Expired history is purged as stream time advances by Kafka Streams'
    /// default segment interval for the retention (at most 1/3 of it, at least 2 s).
    /// </summary>
    /// <param name="name">The store name; also names the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <param name="historyRetention">How far behind the observed stream time versions stay readable; not negative. Millisecond precision.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="historyRetention"/> is negative.</exception>
    public static IVersionedBytesStoreSupplier InMemoryVersionedKeyValueStore(string name, TimeSpan historyRetention)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var retention = (long)historyRetention.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(retention, nameof(historyRetention));
        return new InMemoryVersionedBytesStoreSupplier(name, retention, InMemoryVersionedBytesStoreSupplier.DefaultSegmentInterval(retention));
    }
}
