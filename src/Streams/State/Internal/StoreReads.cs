using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>Reads that bytes stores derive from their basic ones: window key ranges and backward iteration.</summary>
internal static class StoreReads
{
    /// <summary>The windows of <paramref name="all"/> whose key lies in <c>[keyFrom, keyTo]</c> (null bounds open).</summary>
    public static IKeyValueIterator<Windowed<byte[]>, byte[]> KeyRange(
        IKeyValueIterator<Windowed<byte[]>, byte[]> all, byte[]? keyFrom, byte[]? keyTo, string storeName, Func<bool> isOpen)
    {
        ArgumentNullException.ThrowIfNull(all);
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(Filter(all, keyFrom, keyTo), storeName, isOpen);
    }

    /// <summary>Reads <paramref name="forward"/> to its end and iterates it backwards.</summary>
    public static IKeyValueIterator<TKey, TValue> Reversed<TKey, TValue>(IKeyValueIterator<TKey, TValue> forward, string storeName, Func<bool> isOpen)
    {
        ArgumentNullException.ThrowIfNull(forward);
        var entries = new List<KeyValuePair<TKey, TValue>>();
        using (forward)
        {
            while (forward.MoveNext())
            {
                entries.Add(forward.Current);
            }
        }

        entries.Reverse();
        return new EnumeratorIterator<TKey, TValue>(entries, storeName, isOpen);
    }

    private static IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> Filter(IKeyValueIterator<Windowed<byte[]>, byte[]> all, byte[]? keyFrom, byte[]? keyTo)
    {
        using (all)
        {
            while (all.MoveNext())
            {
                var key = all.Current.Key.Key;
                if ((keyFrom is null || ByteArrayComparer.Instance.Compare(key, keyFrom) >= 0) && (keyTo is null || ByteArrayComparer.Instance.Compare(key, keyTo) <= 0))
                {
                    yield return all.Current;
                }
            }
        }
    }
}
