using Streams.State.Internal;

namespace Streams.State;

/// <summary>
/// Factory of the built-in in-memory store suppliers, as Kafka Streams' <c>Stores</c>. RocksDB
/// suppliers are in <c>Streams.RocksDb.RocksDbStores</c>.
/// </summary>
public static partial class Stores
{
    /// <summary>An in-memory key-value store (ordered by unsigned key bytes), restored from its changelog on start.</summary>
    /// <param name="name">The store name; also names the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static IKeyValueBytesStoreSupplier InMemoryKeyValueStore(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new InMemoryKeyValueBytesStoreSupplier(name);
    }

    /// <summary>An in-memory window store.</summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriod">How long windows are kept, from their start; at least <paramref name="windowSize"/>.</param>
    /// <param name="windowSize">The window size; positive.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is empty, the size is not positive, or retention is shorter than the size.</exception>
    public static IWindowBytesStoreSupplier InMemoryWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var size = (long)windowSize.TotalMilliseconds;
        var retention = (long)retentionPeriod.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, nameof(windowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, size, nameof(retentionPeriod));
        return new InMemoryWindowBytesStoreSupplier(name, retention, size);
    }
}
