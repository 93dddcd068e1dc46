namespace Streams.State;

/// <summary>
/// A forward iterator over key-value pairs, in key order for range reads, as Kafka Streams'
/// <c>KeyValueIterator</c>. It holds store resources (a RocksDB iterator, a snapshot) until disposed:
/// always dispose it, typically with <c>using</c>. Reading it after its store closed throws
/// <see cref="ObjectDisposedException"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IKeyValueIterator<TKey, TValue> : IEnumerator<KeyValuePair<TKey, TValue>>
{
}
