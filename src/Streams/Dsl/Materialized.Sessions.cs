using Streams.State;

namespace Streams.Dsl;

/// <content>Session store suppliers.</content>
public sealed partial record Materialized<TKey, TValue>
{
    /// <summary>An explicit session store supplier (for session-windowed aggregations), or null.</summary>
    public ISessionBytesStoreSupplier? SessionStoreSupplier { get; init; }

    /// <summary>
    /// Uses an explicit session store supplier (its name names the store), as Kafka Streams'
    /// <c>Materialized.as(SessionBytesStoreSupplier)</c>; the supplier's retention then applies instead of <see cref="Retention"/>.
    /// </summary>
    /// <param name="supplier">The supplier, e.g. <see cref="Stores.InMemorySessionStore"/> or <c>RocksDbStores.PersistentSessionStore</c>.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public static Materialized<TKey, TValue> As(ISessionBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, SessionStoreSupplier = supplier };
    }

    /// <summary>A copy that uses an explicit session store supplier (its name names the store).</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public Materialized<TKey, TValue> WithSessionStoreSupplier(ISessionBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return this with { StoreName = supplier.Name, SessionStoreSupplier = supplier };
    }
}
