using System.Diagnostics.CodeAnalysis;

namespace Streams.State;

/// <summary>A typed key-value store, as Kafka Streams' <c>KeyValueStore</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IKeyValueStore<TKey, TValue> : IStateStore, IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>Stores a value; a null value deletes the key (as a Kafka tombstone).</summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="value">The value, or null to delete.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    void Put(TKey key, TValue? value);

    /// <summary>Deletes a key.</summary>
    /// <param name="key">The key; not null.</param>
    void Delete(TKey key);
}
