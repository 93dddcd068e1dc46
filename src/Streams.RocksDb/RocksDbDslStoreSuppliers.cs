using Streams.State;

namespace Streams.RocksDb;

/// <summary>
/// The DSL's store choice when state is kept in RocksDB, as Kafka Streams'
/// <c>BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers</c> (Kafka Streams' default; here the default is
/// <see cref="InMemoryDslStoreSuppliers"/>, so select this one to persist DSL state). Every store it supplies
/// uses the same <see cref="RocksDbOptions"/>, and therefore shares one block cache.
/// </summary>
public sealed class RocksDbDslStoreSuppliers : IDslStoreSuppliers
{
    /// <summary>Creates suppliers that use <see cref="RocksDbOptions"/>' defaults (a process-wide shared 16 MiB block cache).</summary>
    public RocksDbDslStoreSuppliers()
        : this(RocksDbOptions.Default)
    {
    }

    /// <summary>Creates suppliers whose stores all use <paramref name="options"/>.</summary>
    /// <param name="options">Block cache and bloom filter settings shared by every store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public RocksDbDslStoreSuppliers(RocksDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The shared instance, with default options.</summary>
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
