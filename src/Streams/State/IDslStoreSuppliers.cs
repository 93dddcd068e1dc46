namespace Streams.State;

/// <content>The session store of the DSL's store choice.</content>
public partial interface IDslStoreSuppliers
{
    /// <summary>
    /// A supplier for a session store, as Kafka Streams' <c>DslStoreSuppliers#sessionStore</c>. Session-windowed
    /// aggregations ask for one with retention = <c>Materialized.Retention</c>, by default inactivity gap + grace.
    /// </summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriodMs">Retention in milliseconds, counted from a session's end; not negative.</param>
    /// <returns>The supplier.</returns>
    ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs);
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
