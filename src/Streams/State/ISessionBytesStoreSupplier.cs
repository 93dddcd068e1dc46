namespace Streams.State;

/// <summary>
/// Supplies fresh session bytes stores (one per task), as Kafka Streams' <c>SessionBytesStoreSupplier</c>.
/// Built-in suppliers: <see cref="Stores.InMemorySessionStore"/> and <c>RocksDbStores.PersistentSessionStore</c>.
/// </summary>
public interface ISessionBytesStoreSupplier
{
    /// <summary>The store name, unique within the topology.</summary>
    string Name { get; }

    /// <summary>How long sessions are kept, in milliseconds counted from the session end.</summary>
    long RetentionPeriodMs { get; }

    /// <summary>Creates a new, uninitialized store instance.</summary>
    /// <returns>The store.</returns>
    ISessionBytesStore Get();
}

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
