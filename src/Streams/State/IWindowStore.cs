using Streams.Dsl;

namespace Streams.State;

/// <summary>
/// Read access to a typed window store, as Kafka Streams' <c>ReadOnlyWindowStore</c>: one window, one key's windows
/// over a range of window starts, a key range's windows, all keys' windows over a time range, and every window;
/// each iteration also backwards. Time bounds are window starts in epoch milliseconds, both inclusive; expired
/// windows (older than the newest start seen minus the retention) are never returned.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>Returns the value of one window, or default when absent or expired.</summary>
    /// <param name="key">The key.</param>
    /// <param name="windowStartMs">The window start, epoch ms.</param>
    /// <returns>The value or default.</returns>
    TValue? Fetch(TKey key, long windowStartMs);

    /// <summary>The windows of one key whose start lies in <c>[timeFromMs, timeToMs]</c>, by start.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Window start and value pairs; dispose it.</returns>
    IKeyValueIterator<long, TValue> Fetch(TKey key, long timeFromMs, long timeToMs);

    /// <summary>All keys' windows whose start lies in <c>[timeFromMs, timeToMs]</c>.</summary>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(long timeFromMs, long timeToMs);

    /// <summary>Every unexpired window.</summary>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> All();

    /// <summary>
    /// The windows of the keys from <paramref name="keyFrom"/> to <paramref name="keyTo"/> (inclusive, in
    /// serialized-key order; null bounds open) whose start lies in <c>[timeFromMs, timeToMs]</c>, as Kafka Streams'
    /// <c>fetch(keyFrom, keyTo, timeFrom, timeTo)</c>.
    /// </summary>
    /// <param name="keyFrom">The smallest key, or null for no lower bound.</param>
    /// <param name="keyTo">The largest key, or null for no upper bound.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> Fetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs);

    /// <summary>The windows of one key whose start lies in <c>[timeFromMs, timeToMs]</c>, latest start first, as Kafka Streams' <c>backwardFetch(key, timeFrom, timeTo)</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Window start and value pairs; dispose it.</returns>
    IKeyValueIterator<long, TValue> BackwardFetch(TKey key, long timeFromMs, long timeToMs);

    /// <summary>The key-range read of <see cref="Fetch(TKey, TKey, long, long)"/> in the opposite order, as Kafka Streams' <c>backwardFetch(keyFrom, keyTo, timeFrom, timeTo)</c>.</summary>
    /// <param name="keyFrom">The smallest key, or null for no lower bound.</param>
    /// <param name="keyTo">The largest key, or null for no upper bound.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs);

    /// <summary>All keys' windows whose start lies in <c>[timeFromMs, timeToMs]</c>, in the opposite order of <see cref="FetchAll"/>, as Kafka Streams' <c>backwardFetchAll</c>.</summary>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs);

    /// <summary>Every unexpired window, in the opposite order of <see cref="All"/>, as Kafka Streams' <c>backwardAll</c>.</summary>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardAll();
}

/// <summary>A typed window store, as Kafka Streams' <c>WindowStore</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IWindowStore<TKey, TValue> : IStateStore, IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>Stores the value of one window; null deletes it. Ignored when the window has expired.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value or null.</param>
    /// <param name="windowStartMs">The window start, epoch ms.</param>
    void Put(TKey key, TValue? value, long windowStartMs);
}

/// <summary>A window store whose values carry their last update's timestamp, as Kafka Streams' <c>TimestampedWindowStore</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface ITimestampedWindowStore<TKey, TValue> : IWindowStore<TKey, ValueAndTimestamp<TValue>>
{
}
