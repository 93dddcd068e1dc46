using System.Diagnostics.CodeAnalysis;

namespace Streams.State;

/// <summary>
/// Read access to a typed key-value store, as Kafka Streams' <c>ReadOnlyKeyValueStore</c>. Range and
/// <see cref="All"/> iterate in the order of the serialized key bytes (unsigned lexicographic).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>Looks a key up.</summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value);

    /// <summary>Returns the value for <paramref name="key"/>, or <c>default</c> when absent (null for reference types).</summary>
    /// <param name="key">The key; not null.</param>
    /// <returns>The value or default.</returns>
    TValue? Get(TKey key);

    /// <summary>Iterates keys from <paramref name="from"/> to <paramref name="to"/>, both inclusive, in serialized-key order.</summary>
    /// <param name="from">First key.</param>
    /// <param name="to">Last key.</param>
    /// <returns>An iterator to dispose.</returns>
    IKeyValueIterator<TKey, TValue> Range(TKey from, TKey to);

    /// <summary>Iterates every key in serialized-key order.</summary>
    /// <returns>An iterator to dispose.</returns>
    IKeyValueIterator<TKey, TValue> All();

    /// <summary>An estimate of the number of entries.</summary>
    long ApproximateNumEntries { get; }
}

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

/// <summary>A key-value store whose values carry the timestamp of their last update, as Kafka Streams' <c>TimestampedKeyValueStore</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface ITimestampedKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, ValueAndTimestamp<TValue>>
{
}
