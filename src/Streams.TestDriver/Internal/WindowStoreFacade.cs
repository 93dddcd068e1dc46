using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;

namespace Streams.TestDriver.Internal;

/// <summary>
/// A timestamped window store seen as a plain one: reads drop the timestamps, a write stamps the value
/// with its window start, as Kafka Streams' <c>WindowStoreFacade</c> in the test driver.
/// </summary>
internal sealed class WindowStoreFacade<TKey, TValue>(ITimestampedWindowStore<TKey, TValue> inner) : IWindowStore<TKey, TValue>
{
    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

    public void Put(TKey key, TValue? value, long windowStartMs) =>
        inner.Put(key, value is null ? null : new ValueAndTimestamp<TValue>(value, windowStartMs), windowStartMs);

    public TValue? Fetch(TKey key, long windowStartMs) => inner.Fetch(key, windowStartMs) is { } stamped ? stamped.Value : default;

    public IKeyValueIterator<long, TValue> Fetch(TKey key, long timeFromMs, long timeToMs) =>
        Unstamp(inner.Fetch(key, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(long timeFromMs, long timeToMs) => Unstamp(inner.FetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> All() => Unstamp(inner.All());

    public IKeyValueIterator<Windowed<TKey>, TValue> Fetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        Unstamp(inner.Fetch(keyFrom, keyTo, timeFromMs, timeToMs));

    public IKeyValueIterator<long, TValue> BackwardFetch(TKey key, long timeFromMs, long timeToMs) => Unstamp(inner.BackwardFetch(key, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        Unstamp(inner.BackwardFetch(keyFrom, keyTo, timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs) => Unstamp(inner.BackwardFetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardAll() => Unstamp(inner.BackwardAll());

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private EnumeratorIterator<TWindowKey, TValue> Unstamp<TWindowKey>(IKeyValueIterator<TWindowKey, ValueAndTimestamp<TValue>> stamped) =>
        new(Read(stamped), Name, () => IsOpen);

    private static IEnumerable<KeyValuePair<TWindowKey, TValue>> Read<TWindowKey>(IKeyValueIterator<TWindowKey, ValueAndTimestamp<TValue>> stamped)
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
