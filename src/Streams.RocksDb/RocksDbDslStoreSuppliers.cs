using Streams.State;

namespace Streams.RocksDb;

/// <summary>
/// The DSL's store choice when state is kept in RocksDB, as Kafka Streams'
/// <c>BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers</c> (Kafka Streams' default; here the default is
/// <see cref="InMemoryDslStoreSuppliers"/>, so select this one to persist DSL state). Every store it supplies
/// uses the same <see cref="RocksDbOptions"/>, and therefore one memory budget (block cache and memtables): give
/// each application instance its own suppliers with its own options.
/// </summary>
public sealed partial class RocksDbDslStoreSuppliers : IDslStoreSuppliers
{
    /// <summary>Creates suppliers that use the process-wide default <see cref="RocksDbOptions"/> (one 64 MiB memory budget shared by every store of the process that uses them).</summary>
    public RocksDbDslStoreSuppliers()
        : this(RocksDbOptions.Default)
    {
    }

    /// <summary>Creates suppliers whose stores all use <paramref name="options"/>.</summary>
    /// <param name="options">The memory budget, bloom filter, per-store hook and corruption handling shared by every store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public RocksDbDslStoreSuppliers(RocksDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The shared instance, with the process-wide default options (one memory budget for the whole process).</summary>
    public static RocksDbDslStoreSuppliers Instance { get; } = new();

    /// <summary>The options every supplied store opens with.</summary>
    public RocksDbOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public IKeyValueBytesStoreSupplier KeyValueStore(string name) => RocksDbStores.PersistentKeyValueStore(name, Options);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive, or the retention is shorter than the size.</exception>
    public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs) =>
        RocksDbStores.WindowStore(name, retentionPeriodMs, windowSizeMs, Options, nameof(retentionPeriodMs), nameof(windowSizeMs));
}
