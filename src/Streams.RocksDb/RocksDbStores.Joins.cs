using Streams.RocksDb.Internal;
using Streams.State;

namespace Streams.RocksDb;

public static partial class RocksDbStores
{
    /// <summary>
    /// A persistent window store on RocksDB that optionally retains duplicates, as Kafka Streams'
    /// <c>Stores.persistentWindowStore(name, retentionPeriod, windowSize, retainDuplicates)</c>, with the process-wide
    /// default <see cref="RocksDbOptions"/>. With <paramref name="retainDuplicates"/> every put is kept (several
    /// values for one key and window start, in put order), puts of null are ignored and the window size may be 0:
    /// the stores of stream-stream joins (<c>StreamJoined.WithThisStoreSupplier</c>) must be such stores.
    /// </summary>
    /// <param name="name">The store name; also names its directory and changelog topic.</param>
    /// <param name="retentionPeriod">How long records are kept, from their window start; at least <paramref name="windowSize"/>. Millisecond precision.</param>
    /// <param name="windowSize">The window size; not negative with duplicates, at least 1 ms without. Millisecond precision.</param>
    /// <param name="retainDuplicates">Whether to keep every put rather than the latest per key and window start.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative (or 0 without duplicates), or the retention is shorter than the size.</exception>
    public static IWindowBytesStoreSupplier PersistentWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates) =>
        PersistentWindowStore(name, retentionPeriod, windowSize, retainDuplicates, RocksDbOptions.Default);

    /// <summary>A persistent window store on RocksDB with the given options that optionally retains duplicates, as Kafka Streams' <c>Stores.persistentWindowStore</c>.</summary>
    /// <param name="name">The store name; also names its directory and changelog topic.</param>
    /// <param name="retentionPeriod">How long records are kept, from their window start; at least <paramref name="windowSize"/>. Millisecond precision.</param>
    /// <param name="windowSize">The window size; not negative with duplicates, at least 1 ms without. Millisecond precision.</param>
    /// <param name="retainDuplicates">Whether to keep every put rather than the latest per key and window start.</param>
    /// <param name="options">Memory budget and store settings; stores given the same instance share its budget.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative (or 0 without duplicates), or the retention is shorter than the size.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static IWindowBytesStoreSupplier PersistentWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates, RocksDbOptions options) =>
        retainDuplicates
            ? DuplicatesWindowStore(name, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds, options, nameof(retentionPeriod), nameof(windowSize))
            : PersistentWindowStore(name, retentionPeriod, windowSize, options);

    internal static IWindowBytesStoreSupplier DuplicatesWindowStore(
        string name, long retentionPeriodMs, long windowSizeMs, RocksDbOptions options, string retentionParam, string sizeParam)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSizeMs, sizeParam);
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPeriodMs, windowSizeMs, retentionParam);
        return new RocksDbWindowBytesStoreSupplier(name, retentionPeriodMs, windowSizeMs, options, retainDuplicates: true);
    }
}
