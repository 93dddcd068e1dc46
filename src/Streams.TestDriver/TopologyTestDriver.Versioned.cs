using Streams.State;

namespace Streams.TestDriver;

public sealed partial class TopologyTestDriver
{
    /// <summary>
    /// Returns a versioned key-value store, as Kafka Streams' <c>getVersionedKeyValueStore</c>: a table materialized
    /// with <c>Materialized.As(IVersionedBytesStoreSupplier)</c>. Reads and writes go through the real store layers
    /// (writes are changelogged like the topology's own).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store, or null when the topology has no store of that name.</returns>
    /// <exception cref="InvalidOperationException">The store is not a versioned key-value store of these types; the message says what it is.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public IVersionedKeyValueStore<TKey, TValue>? GetVersionedKeyValueStore<TKey, TValue>(string name) => GetStateStore(name) switch
    {
        null => null,
        IVersionedKeyValueStore<TKey, TValue> versioned => versioned,
        var other => throw WrongKind(other, typeof(IVersionedKeyValueStore<TKey, TValue>)),
    };
}
