using System.Collections;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Queries.Internal;

/// <summary>
/// An iterator over results copied out of the stores under their locks: it holds no store resource, never sees later
/// writes, and stays readable after the store moves or closes. Disposing it is optional but harmless.
/// </summary>
internal sealed class SnapshotIterator<TKey, TValue>(List<KeyValuePair<TKey, TValue>> items) : IKeyValueIterator<TKey, TValue>
{
    private int _index = -1;

    /// <summary>The number of copied entries.</summary>
    public int Count => items.Count;

    public KeyValuePair<TKey, TValue> Current => _index >= 0 && _index < items.Count ? items[_index] : default;

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        if (_index < items.Count)
        {
            _index++;
        }

        return _index < items.Count;
    }

    private SinglePassEnumeration _enumeration;

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator()
    {
        _enumeration.Begin();
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<TKey, TValue>>)this).GetEnumerator();

    public void Reset() => _index = -1;

    public void Dispose()
    {
    }
}
