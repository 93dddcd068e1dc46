using System.Collections;
using Streams.RocksDb.Native;
using Streams.State;
using Streams.State.Internal;

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
    private readonly bool _reverse;
    private readonly byte[]? _lowerBound;
    private readonly int _keyOffset;
    private bool _started;
    private KeyValuePair<byte[], byte[]> _current;

    /// <param name="iterator">An iterator already positioned on the first entry to return (or past the end).</param>
    /// <param name="storeName">The store name, for error messages.</param>
    /// <param name="reverse">True to move backwards (descending keys).</param>
    /// <param name="lowerBound">When moving backwards, the smallest key to return (inclusive); null for none.</param>
    /// <param name="keyOffset">Leading key bytes left out of the returned keys (a segment's prefix).</param>
    public RocksDbRangeIterator(RocksIterator iterator, string storeName, bool reverse = false, byte[]? lowerBound = null, int keyOffset = 0)
    {
        _keyOffset = keyOffset;
        _iterator = iterator;
        _storeName = storeName;
        _reverse = reverse;
        _lowerBound = lowerBound;
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
            if (_reverse)
            {
                _iterator.Prev();
            }
            else
            {
                _iterator.Next();
            }
        }

        if (_iterator.Valid && (_lowerBound is null || _iterator.KeySpan().SequenceCompareTo(_lowerBound) >= 0))
        {
            _current = new(_keyOffset == 0 ? _iterator.Key() : _iterator.KeySpan()[_keyOffset..].ToArray(), _iterator.Value());
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

    private SinglePassEnumeration _enumeration;

    IEnumerator<KeyValuePair<byte[], byte[]>> IEnumerable<KeyValuePair<byte[], byte[]>>.GetEnumerator()
    {
        _enumeration.Begin();
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<byte[], byte[]>>)this).GetEnumerator();

    public void Reset() => throw new NotSupportedException("Store iterators are forward-only.");

    public void Dispose() => _iterator.Dispose();
}
