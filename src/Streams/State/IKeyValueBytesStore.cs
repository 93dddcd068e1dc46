namespace Streams.State;

/// <summary>
/// The innermost layer of a key-value store: raw bytes, ordered by unsigned lexicographic key order,
/// as Kafka Streams' <c>KeyValueStore&lt;Bytes, byte[]&gt;</c>. Implemented in memory
/// (<see cref="Stores.InMemoryKeyValueStore"/>) and on RocksDB (<c>Streams.RocksDb</c>).
/// Not thread-safe: a task uses its stores from one thread.
/// </summary>
public interface IKeyValueBytesStore : IStateStore
{
    /// <summary>Returns the value stored for <paramref name="key"/>, or <see langword="null"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <returns>The value bytes, or null when absent. The caller must not modify the array (in-memory stores return their own).</returns>
    byte[]? Get(ReadOnlySpan<byte> key);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>; a null value deletes the key.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes, or null to delete. The store may keep the array: do not modify it afterwards.</param>
    void Put(ReadOnlySpan<byte> key, byte[]? value);

    /// <summary>Applies many puts at once (one write batch on RocksDB); null values delete.</summary>
    /// <param name="entries">The entries, applied in order.</param>
    void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries);

    /// <summary>Deletes <paramref name="key"/>.</summary>
    /// <param name="key">The key bytes.</param>
    void Delete(ReadOnlySpan<byte> key);

    /// <summary>
    /// Iterates keys in <c>[from, to]</c> (both inclusive) in ascending unsigned byte order; a null bound is open.
    /// </summary>
    /// <param name="from">The first key to include, or null for the first key in the store.</param>
    /// <param name="to">The last key to include, or null for the last key in the store.</param>
    /// <returns>An iterator that must be disposed.</returns>
    IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to);

    /// <summary>
    /// Iterates keys in <c>[from, to]</c> (both inclusive) in descending unsigned byte order; a null bound is open, as
    /// Kafka Streams' <c>reverseRange</c>. The default implementation reads <see cref="Range"/> into memory and
    /// reverses it; the built-in stores iterate backwards natively.
    /// </summary>
    /// <param name="from">The smallest key to include, or null for the first key in the store.</param>
    /// <param name="to">The largest key to include (where iteration starts), or null for the last key in the store.</param>
    /// <returns>An iterator that must be disposed.</returns>
    IKeyValueIterator<byte[], byte[]> ReverseRange(byte[]? from, byte[]? to) => Internal.StoreReads.Reversed(Range(from, to), Name, () => IsOpen);

    /// <summary>Iterates keys that start with <paramref name="prefix"/> in ascending order.</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <returns>An iterator that must be disposed.</returns>
    IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix);

    /// <summary>An estimate of the number of keys (exact for in-memory stores).</summary>
    long ApproximateNumEntries { get; }
}
