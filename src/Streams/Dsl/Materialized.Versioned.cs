using Streams.State;

namespace Streams.Dsl;

public sealed partial record Materialized<TKey, TValue>
{
    /// <summary>
    /// An explicit versioned store supplier, or null. Only source tables (<see cref="StreamsBuilder.Table{TKey, TValue}"/>
    /// and <see cref="IKStream{TKey, TValue}.ToTable"/>) can be versioned; versioned stores have no record cache
    /// (<see cref="CachingEnabled"/> is ignored for them, as in Kafka Streams).
    /// </summary>
    public IVersionedBytesStoreSupplier? VersionedStoreSupplier { get; init; }

    /// <summary>
    /// Materializes a table in a versioned store (its name names the store), as Kafka Streams'
    /// <c>Materialized.as(VersionedBytesStoreSupplier)</c> (KIP-889, KIP-914): the table keeps every version within
    /// the supplier's history retention, stream-table joins look it up as of each stream record's timestamp, and an
    /// update older than a key's latest version is stored in the history and forwarded flagged as not latest.
    /// </summary>
    /// <param name="supplier">The supplier, e.g. <see cref="Stores.InMemoryVersionedKeyValueStore"/> or <c>RocksDbStores.PersistentVersionedKeyValueStore</c>.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public static Materialized<TKey, TValue> As(IVersionedBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, VersionedStoreSupplier = supplier };
    }
}
