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
