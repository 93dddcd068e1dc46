using Streams.Dsl;
using Streams.State;

namespace Streams.Queries.Internal;

/// <summary>
/// The window view over every local partition of a store (or the one asked for), as Kafka Streams'
/// <c>CompositeReadOnlyWindowStore</c>: reads of one key return the first partition that has it; key-range, time-range and
/// <c>All</c> reads concatenate the partitions (each in the store's order, partitions by number), each copied under its lock.
/// </summary>
internal sealed class CompositeReadOnlyWindowStore<TKey, TValue>(StoreViewProvider provider, Func<IStateStore, IReadOnlyWindowStore<TKey, TValue>> adapt)
    : IReadOnlyWindowStore<TKey, TValue>
{
    public TValue? Fetch(TKey key, long windowStartMs)
    {
        // Through the one-window range, so that an absent window is told from a present default (e.g. a count of 0).
        using var window = Fetch(key, windowStartMs, windowStartMs);
        return window.MoveNext() ? window.Current.Value : default;
    }

    public IKeyValueIterator<long, TValue> Fetch(TKey key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        return provider.FirstNonEmpty(s => adapt(s).Fetch(key, timeFromMs, timeToMs));
    }

    public IKeyValueIterator<long, TValue> BackwardFetch(TKey key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        return provider.FirstNonEmpty(s => adapt(s).BackwardFetch(key, timeFromMs, timeToMs));
    }

    public IKeyValueIterator<Windowed<TKey>, TValue> Fetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        provider.Concat(s => adapt(s).Fetch(keyFrom, keyTo, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        provider.Concat(s => adapt(s).BackwardFetch(keyFrom, keyTo, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(long timeFromMs, long timeToMs) => provider.Concat(s => adapt(s).FetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs) =>
        provider.Concat(s => adapt(s).BackwardFetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> All() => provider.Concat(s => adapt(s).All());

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardAll() => provider.Concat(s => adapt(s).BackwardAll());
}
