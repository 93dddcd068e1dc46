using Streams.RocksDb.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb;

public static partial class RocksDbStores
{
    /// <summary>
    /// A persistent versioned key-value store on RocksDB, as Kafka Streams' <c>Stores.persistentVersionedKeyValueStore</c>
    /// (KIP-889; semantics in <see cref="IVersionedKeyValueStore{TKey, TValue}"/>), with the process-wide default
    /// <see cref="RocksDbOptions"/>. One RocksDB database per store holds the latest value of each key and, keyed by
    /// key and inverted timestamp, its older versions; expired history is purged each time stream time advances one
    /// segment interval. The default segment interval is Kafka Streams': for a retention up to 1 min, a third of it
    /// (at least 2 s); up to 5 min, a fifth (at least 20 s); up to 1 h, a twelfth (at least 1 min); else a 24th (at least 5 min).
    /// </summary>
    /// <param name="name">The store name; also names its directory and the changelog topic.</param>
    /// <param name="historyRetention">How far behind the observed stream time versions stay readable; not negative. Millisecond precision.</param>
    /// <param name="segmentInterval">How far stream time advances between purges of expired history; positive; null for the default.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The retention is negative or the segment interval is not positive.</exception>
    public static IVersionedBytesStoreSupplier PersistentVersionedKeyValueStore(string name, TimeSpan historyRetention, TimeSpan? segmentInterval = null) =>
        PersistentVersionedKeyValueStore(name, historyRetention, segmentInterval, RocksDbOptions.Default);

    /// <summary>A persistent versioned key-value store on RocksDB with the given options; see <see cref="PersistentVersionedKeyValueStore(string, TimeSpan, TimeSpan?)"/>.</summary>
    /// <param name="name">The store name; also names its directory and the changelog topic.</param>
    /// <param name="historyRetention">How far behind the observed stream time versions stay readable; not negative. Millisecond precision.</param>
    /// <param name="segmentInterval">How far stream time advances between purges of expired history; positive; null for the default.</param>
    /// <param name="options">Memory budget and store settings; stores given the same instance share its budget.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The retention is negative or the segment interval is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static IVersionedBytesStoreSupplier PersistentVersionedKeyValueStore(string name, TimeSpan historyRetention, TimeSpan? segmentInterval, RocksDbOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        var retention = (long)historyRetention.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(retention, nameof(historyRetention));
        var interval = segmentInterval is { } s ? (long)s.TotalMilliseconds : InMemoryVersionedBytesStoreSupplier.DefaultSegmentInterval(retention);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval, nameof(segmentInterval));
        return new RocksDbVersionedBytesStoreSupplier(name, retention, interval, options);
    }

    /// <summary>
    /// A persistent key-value store for timestamped values, as Kafka Streams' <c>Stores.persistentTimestampedKeyValueStore</c>.
    /// Here the timestamp is part of the value bytes (8-byte big-endian timestamp before the value, written by the
    /// typed layer that every DSL table uses), so the bytes store is the same as <see cref="PersistentKeyValueStore(string)"/>;
    /// the name exists so that code ported from Kafka Streams reads the same.
    /// </summary>
    /// <param name="name">The store name; also names its directory and the changelog topic.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static IKeyValueBytesStoreSupplier PersistentTimestampedKeyValueStore(string name) => PersistentKeyValueStore(name, RocksDbOptions.Default);

    /// <summary>
    /// A persistent window store for timestamped values, as Kafka Streams' <c>Stores.persistentTimestampedWindowStore</c>;
    /// as for <see cref="PersistentTimestampedKeyValueStore"/>, the bytes store is that of
    /// <see cref="PersistentWindowStore(string, TimeSpan, TimeSpan)"/>.
    /// </summary>
    /// <param name="name">The store name; also names its directory and changelog topic.</param>
    /// <param name="retentionPeriod">How long a window is kept, counted from its start; at least <paramref name="windowSize"/>.</param>
    /// <param name="windowSize">The window size; at least 1 ms.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 1 ms, or the retention is shorter than the size.</exception>
    public static IWindowBytesStoreSupplier PersistentTimestampedWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize) =>
        PersistentWindowStore(name, retentionPeriod, windowSize, RocksDbOptions.Default);
}
