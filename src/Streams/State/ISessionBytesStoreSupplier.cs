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
