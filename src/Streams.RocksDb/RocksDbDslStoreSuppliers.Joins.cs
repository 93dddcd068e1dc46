using Streams.State;

namespace Streams.RocksDb;

public sealed partial class RocksDbDslStoreSuppliers
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative (or 0 without duplicates), or the retention is shorter than the size.</exception>
    public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates) =>
        retainDuplicates
            ? RocksDbStores.DuplicatesWindowStore(name, retentionPeriodMs, windowSizeMs, Options, nameof(retentionPeriodMs), nameof(windowSizeMs))
            : WindowStore(name, retentionPeriodMs, windowSizeMs);
}
