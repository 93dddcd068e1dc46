using System.Collections;

namespace Streams.State.Internal;

/// <summary>Adapts an <see cref="IEnumerable{T}"/> (already detached from the store) to an iterator.</summary>
internal sealed class EnumeratorIterator<TKey, TValue> : IKeyValueIterator<TKey, TValue>
{
    private readonly IEnumerator<KeyValuePair<TKey, TValue>> _inner;
    private readonly Func<bool> _isOpen;
    private readonly string _storeName;

    public EnumeratorIterator(IEnumerable<KeyValuePair<TKey, TValue>> source, string storeName, Func<bool> isOpen)
    {
        _inner = source.GetEnumerator();
        _storeName = storeName;
        _isOpen = isOpen;
    }

    public KeyValuePair<TKey, TValue> Current => _inner.Current;

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(!_isOpen(), _storeName);
        return _inner.MoveNext();
    }

    public void Reset() => throw new NotSupportedException("Store iterators are forward-only.");

    public void Dispose() => _inner.Dispose();
}
