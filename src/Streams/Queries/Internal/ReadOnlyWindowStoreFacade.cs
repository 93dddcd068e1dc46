using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Queries.Internal;

/// <summary>A timestamped window store read as a plain one (timestamps dropped), as Kafka Streams' <c>ReadOnlyWindowStoreFacade</c>.</summary>
internal sealed class ReadOnlyWindowStoreFacade<TKey, TValue>(ITimestampedWindowStore<TKey, TValue> inner) : IReadOnlyWindowStore<TKey, TValue>
{
    public TValue? Fetch(TKey key, long windowStartMs) => inner.Fetch(key, windowStartMs) is { } stamped ? stamped.Value : default;

    public IKeyValueIterator<long, TValue> Fetch(TKey key, long timeFromMs, long timeToMs) => Plain(inner.Fetch(key, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(long timeFromMs, long timeToMs) => Plain(inner.FetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> All() => Plain(inner.All());

    public IKeyValueIterator<Windowed<TKey>, TValue> Fetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        Plain(inner.Fetch(keyFrom, keyTo, timeFromMs, timeToMs));

    public IKeyValueIterator<long, TValue> BackwardFetch(TKey key, long timeFromMs, long timeToMs) => Plain(inner.BackwardFetch(key, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        Plain(inner.BackwardFetch(keyFrom, keyTo, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs) => Plain(inner.BackwardFetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardAll() => Plain(inner.BackwardAll());

    private EnumeratorIterator<TWindowKey, TValue> Plain<TWindowKey>(IKeyValueIterator<TWindowKey, ValueAndTimestamp<TValue>> stamped) =>
        new(Values(stamped), inner.Name, () => inner.IsOpen);

    private static IEnumerable<KeyValuePair<TWindowKey, TValue>> Values<TWindowKey>(IKeyValueIterator<TWindowKey, ValueAndTimestamp<TValue>> stamped)
    {
        using (stamped)
        {
            while (stamped.MoveNext())
            {
                yield return new(stamped.Current.Key, stamped.Current.Value.Value);
            }
        }
    }
}
