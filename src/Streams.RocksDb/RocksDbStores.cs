using Streams.RocksDb.Internal;
using Streams.State;

namespace Streams.RocksDb;

/// <summary>
/// Factory of the persistent, RocksDB-backed store suppliers, as the <c>persistent*</c> methods of Kafka
/// Streams' <c>Stores</c> (the in-memory ones are in <see cref="Stores"/>). Each store keeps its files in
/// <c>{stateDir}/{applicationId}/{taskId}/rocksdb/{name}</c> and keeps its data across restarts; like every
/// store it is registered with a restore callback that replays its changelog topic. Needs the native RocksDB
/// library (<c>librocksdb.so</c>), which comes with the RocksDB NuGet package (RocksDB 11.12) this assembly depends on.
/// </summary>
public static partial class RocksDbStores
{
    /// <summary>
    /// A persistent key-value store on RocksDB (keys in unsigned byte order), as Kafka Streams'
    /// <c>Stores.persistentKeyValueStore</c>, with the process-wide default <see cref="RocksDbOptions"/> (one
    /// 64 MiB memory budget shared by every store opened with them).
    /// </summary>
    /// <param name="name">The store name; also names its directory and the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static IKeyValueBytesStoreSupplier PersistentKeyValueStore(string name) =>
        PersistentKeyValueStore(name, RocksDbOptions.Default);

    /// <summary>A persistent key-value store on RocksDB with the given options, as Kafka Streams' <c>Stores.persistentKeyValueStore</c>.</summary>
    /// <param name="name">The store name; also names its directory and the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <param name="options">Memory budget and store settings; stores given the same instance share its budget (block cache and memtables).</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static IKeyValueBytesStoreSupplier PersistentKeyValueStore(string name, RocksDbOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        return new RocksDbKeyValueBytesStoreSupplier(name, options);
    }

    /// <summary>
    /// A persistent window store on RocksDB, as Kafka Streams' <c>Stores.persistentWindowStore</c> (without
    /// duplicates): keyed by record key then window start, in time segments of <c>max(retention / 2, 60 s)</c> by
    /// window start, each a key prefix (the segment id) of one RocksDB database per task in <c>{name}/</c>;
    /// a segment older than the retention period is dropped as a whole. Uses the process-wide default <see cref="RocksDbOptions"/>.
    /// </summary>
    /// <param name="name">The store name; also names its directory and changelog topic.</param>
    /// <param name="retentionPeriod">How long a window is kept, counted from its start; at least <paramref name="windowSize"/>. Millisecond precision.</param>
    /// <param name="windowSize">The window size; at least 1 ms. Millisecond precision.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 1 ms, or the retention is shorter than the size.</exception>
    public static IWindowBytesStoreSupplier PersistentWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize) =>
        PersistentWindowStore(name, retentionPeriod, windowSize, RocksDbOptions.Default);

    /// <summary>A persistent window store on RocksDB with the given options, as Kafka Streams' <c>Stores.persistentWindowStore</c>.</summary>
    /// <param name="name">The store name; also names its directory and changelog topic.</param>
    /// <param name="retentionPeriod">How long a window is kept, counted from its start; at least <paramref name="windowSize"/>. Millisecond precision.</param>
    /// <param name="windowSize">The window size; at least 1 ms. Millisecond precision.</param>
    /// <param name="options">Memory budget and store settings; stores given the same instance share its budget (block cache and memtables).</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 1 ms, or the retention is shorter than the size.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static IWindowBytesStoreSupplier PersistentWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, RocksDbOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero((long)windowSize.TotalMilliseconds, nameof(windowSize));
        return WindowStore(name, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds, options, nameof(retentionPeriod), nameof(windowSize));
    }

    internal static IWindowBytesStoreSupplier WindowStore(
        string name, long retentionPeriodMs, long windowSizeMs, RocksDbOptions options, string retentionParam, string sizeParam)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSizeMs, sizeParam); // the DSL's sliding windows of time difference 0 have size 0
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPeriodMs, windowSizeMs, retentionParam);
        return new RocksDbWindowBytesStoreSupplier(name, retentionPeriodMs, windowSizeMs, options);
    }
}
