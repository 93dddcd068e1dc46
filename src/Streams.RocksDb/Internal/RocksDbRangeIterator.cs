using System.Collections;
using Streams.RocksDb.Native;
using Streams.State;

namespace Streams.RocksDb.Internal;

/// <summary>
/// Adapts a positioned <see cref="RocksIterator"/> to a store iterator: copies each key and value once,
/// reports iterator errors as <see cref="StateStoreException"/>, and throws
/// <see cref="ObjectDisposedException"/> once disposed or once its store closed.
/// </summary>
internal sealed class RocksDbRangeIterator : IKeyValueIterator<byte[], byte[]>
{
    private readonly RocksIterator _iterator;
    private readonly string _storeName;
    private bool _started;
    private KeyValuePair<byte[], byte[]> _current;

    /// <param name="iterator">An iterator already positioned on the first entry to return (or past the end).</param>
    /// <param name="storeName">The store name, for error messages.</param>
    public RocksDbRangeIterator(RocksIterator iterator, string storeName)
    {
        _iterator = iterator;
        _storeName = storeName;
    }

    public KeyValuePair<byte[], byte[]> Current => _current;

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
        }
        else if (_iterator.Valid)
        {
            _iterator.Next();
        }

        if (_iterator.Valid)
        {
            _current = new(_iterator.Key(), _iterator.Value());
            return true;
        }

        try
        {
            _iterator.ThrowIfFailed();
        }
        catch (RocksDbException e)
        {
            throw new StateStoreException($"State store '{_storeName}' failed while iterating: {e.Message}", e);
        }

        _current = default;
        return false;
    }

    public void Reset() => throw new NotSupportedException("Store iterators are forward-only.");

    public void Dispose() => _iterator.Dispose();
}
