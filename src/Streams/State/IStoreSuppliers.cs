namespace Streams.State;

/// <summary>
/// Supplies fresh key-value bytes stores (one per task), as Kafka Streams' <c>KeyValueBytesStoreSupplier</c>.
/// </summary>
public interface IKeyValueBytesStoreSupplier
{
    /// <summary>The store name, unique within the topology.</summary>
    string Name { get; }

    /// <summary>Creates a new, uninitialized store instance.</summary>
    /// <returns>The store.</returns>
    IKeyValueBytesStore Get();
}

/// <summary>
/// Supplies fresh window bytes stores (one per task), as Kafka Streams' <c>WindowBytesStoreSupplier</c>.
/// </summary>
public interface IWindowBytesStoreSupplier
{
    /// <summary>The store name, unique within the topology.</summary>
    string Name { get; }

    /// <summary>How long windows are kept, in milliseconds, counted from the window start.</summary>
    long RetentionPeriodMs { get; }

    /// <summary>The window size in milliseconds.</summary>
    long WindowSizeMs { get; }

    /// <summary>
    /// Whether the stores keep every put, even several for one key and window start (each under its own sequence
    /// number), as Kafka Streams' <c>WindowBytesStoreSupplier.retainDuplicates</c>. Stream-stream join stores need
    /// it. Default <see langword="false"/>.
    /// </summary>
    bool RetainDuplicates => false;

    /// <summary>Creates a new, uninitialized store instance.</summary>
    /// <returns>The store.</returns>
    IWindowBytesStore Get();
}

/// <summary>
/// Chooses the bytes stores the DSL uses where <c>Materialized</c> names no supplier, as Kafka
/// Streams' <c>DslStoreSuppliers</c> (KIP-591). Resolved when tasks are created, so one topology runs
/// on RocksDB in production (<c>RocksDbDslStoreSuppliers</c> in <c>Streams.RocksDb</c>) and in memory
/// under the test driver. The default is <see cref="InMemoryDslStoreSuppliers"/>.
/// </summary>
public partial interface IDslStoreSuppliers
{
    /// <summary>A supplier for a key-value store.</summary>
    /// <param name="name">The store name.</param>
    /// <returns>The supplier.</returns>
    IKeyValueBytesStoreSupplier KeyValueStore(string name);

    /// <summary>A supplier for a window store.</summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriodMs">Retention in milliseconds; at least <paramref name="windowSizeMs"/>.</param>
    /// <param name="windowSizeMs">Window size in milliseconds.</param>
    /// <returns>The supplier.</returns>
    IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs);
}
