using System.Collections;

namespace Streams.State.Internal;

/// <summary>
/// Adapts an <see cref="IEnumerable{T}"/> (already detached from the store) to an iterator; a started
/// <see cref="StoreOperationTimer"/> is recorded on the first disposal, as Kafka Streams' metered iterators
/// record their range or fetch latency on close.
/// </summary>
internal sealed class EnumeratorIterator<TKey, TValue> : IKeyValueIterator<TKey, TValue>
{
    private readonly IEnumerator<KeyValuePair<TKey, TValue>> _inner;
    private readonly Func<bool> _isOpen;
    private readonly string _storeName;
    private StoreOperationTimer _timer;

    public EnumeratorIterator(IEnumerable<KeyValuePair<TKey, TValue>> source, string storeName, Func<bool> isOpen, StoreOperationTimer timer = default)
    {
        _inner = source.GetEnumerator();
        _storeName = storeName;
        _isOpen = isOpen;
        _timer = timer;
    }

    public KeyValuePair<TKey, TValue> Current => _inner.Current;

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(!_isOpen(), _storeName);
        return _inner.MoveNext();
    }

    private SinglePassEnumeration _enumeration;

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator()
    {
        _enumeration.Begin();
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<TKey, TValue>>)this).GetEnumerator();

    public void Reset() => throw new NotSupportedException("Store iterators are forward-only.");

    public void Dispose()
    {
        _inner.Dispose();
        var timer = _timer;
        _timer = default;
        timer.Dispose();
    }
}
