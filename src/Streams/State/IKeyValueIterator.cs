using System.Collections;

namespace Streams.State;

/// <summary>
/// A forward iterator over key-value pairs, in key order for range reads, as Kafka Streams'
/// <c>KeyValueIterator</c>. It holds store resources (a RocksDB iterator, a snapshot) until disposed:
/// always dispose it, typically with <c>using</c>, or let <c>foreach</c> dispose it. Reading it after its store
/// closed throws <see cref="ObjectDisposedException"/>.
/// </summary>
/// <remarks>
/// <para>
/// The iterator is also a <b>single-pass</b> <see cref="IEnumerable{T}"/>, so it works with <c>foreach</c> and LINQ:
/// <see cref="IEnumerable{T}.GetEnumerator"/> returns the iterator itself (no allocation, none per item either),
/// and <c>foreach</c> (or the LINQ operator) disposes it, releasing the store resource, when the loop ends or
/// breaks. It can be enumerated once: the store's iterators throw <see cref="InvalidOperationException"/> on a
/// second <see cref="IEnumerable{T}.GetEnumerator"/> call; open a new iterator from the store to read again.
/// Enumerating an iterator that was already advanced with <see cref="IEnumerator.MoveNext"/> continues from its
/// current position. Disposing twice (a <c>using</c> around a <c>foreach</c>) is harmless.
/// </para>
/// <para>
/// Implementations written before the iterator became enumerable keep compiling: the default
/// <see cref="IEnumerable{T}.GetEnumerator"/> returns the iterator itself without the single-pass check.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// foreach (var (windowStart, count) in store.Fetch("alice", from, to))
/// {
///     Console.WriteLine($"{windowStart}: {count}");
/// }
/// </code>
/// </example>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IKeyValueIterator<TKey, TValue> : IEnumerator<KeyValuePair<TKey, TValue>>, IEnumerable<KeyValuePair<TKey, TValue>>
{
    /// <summary>Returns this iterator, for <c>foreach</c> and LINQ; see the remarks on <see cref="IKeyValueIterator{TKey, TValue}"/>.</summary>
    /// <returns>This iterator.</returns>
    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => this;

    /// <summary>Returns this iterator, for non-generic enumeration.</summary>
    /// <returns>This iterator.</returns>
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<TKey, TValue>>)this).GetEnumerator();
}
