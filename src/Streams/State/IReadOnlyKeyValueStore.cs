using System.Diagnostics.CodeAnalysis;

namespace Streams.State;

/// <summary>
/// Read access to a typed key-value store, as Kafka Streams' <c>ReadOnlyKeyValueStore</c>: point reads, ranges
/// (forward and reverse, null bounds open), prefix scans and the whole store. Ranges iterate in the order of the
/// serialized key bytes (unsigned lexicographic), which is the order of the keys only when the key serde preserves
/// it (strings do for ASCII; <see cref="Serialization.Serdes.Int64"/> does for non-negative numbers).
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

    /// <summary>
    /// Iterates keys from <paramref name="from"/> to <paramref name="to"/>, both inclusive, in ascending serialized-key
    /// order, as Kafka Streams' <c>range</c>. A null bound is open (from the first, or to the last key); a range whose
    /// <paramref name="from"/> serializes after <paramref name="to"/> is empty.
    /// </summary>
    /// <param name="from">First key, or null for the first key in the store.</param>
    /// <param name="to">Last key, or null for the last key in the store.</param>
    /// <returns>An iterator to dispose.</returns>
    IKeyValueIterator<TKey, TValue> Range(TKey? from, TKey? to);

    /// <summary>
    /// Iterates keys from <paramref name="to"/> down to <paramref name="from"/>, both inclusive, in descending
    /// serialized-key order, as Kafka Streams' <c>reverseRange</c>. Null bounds are open.
    /// </summary>
    /// <param name="from">Smallest key (where iteration ends), or null for the first key in the store.</param>
    /// <param name="to">Largest key (where iteration starts), or null for the last key in the store.</param>
    /// <returns>An iterator to dispose.</returns>
    IKeyValueIterator<TKey, TValue> ReverseRange(TKey? from, TKey? to);

    /// <summary>Iterates every key in ascending serialized-key order, as Kafka Streams' <c>all</c>.</summary>
    /// <returns>An iterator to dispose.</returns>
    IKeyValueIterator<TKey, TValue> All();

    /// <summary>Iterates every key in descending serialized-key order, as Kafka Streams' <c>reverseAll</c>.</summary>
    /// <returns>An iterator to dispose.</returns>
    IKeyValueIterator<TKey, TValue> ReverseAll();

    /// <summary>
    /// Iterates, in ascending serialized-key order, the keys whose serialized bytes start with the bytes of
    /// <paramref name="prefix"/> serialized by <paramref name="prefixKeySerializer"/>, as Kafka Streams'
    /// <c>prefixScan(prefix, prefixKeySerializer)</c>. The prefix serializer must produce a byte prefix of the key
    /// serializer's output for the keys meant to match (e.g. a string serializer for string keys).
    /// </summary>
    /// <typeparam name="TPrefix">The prefix type.</typeparam>
    /// <param name="prefix">The prefix; not null.</param>
    /// <param name="prefixKeySerializer">Serializes the prefix (with the store's changelog topic as serde topic).</param>
    /// <returns>An iterator to dispose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> or <paramref name="prefixKeySerializer"/> is null.</exception>
    IKeyValueIterator<TKey, TValue> PrefixScan<TPrefix>(TPrefix prefix, Confluent.Kafka.ISerializer<TPrefix> prefixKeySerializer);

    /// <summary>An estimate of the number of entries.</summary>
    long ApproximateNumEntries { get; }
}
