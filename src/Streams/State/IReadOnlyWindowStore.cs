using Streams.Dsl;

namespace Streams.State;

/// <summary>
/// Read access to a typed window store, as Kafka Streams' <c>ReadOnlyWindowStore</c>: one window, one key's windows
/// over a range of window starts, a key range's windows, all keys' windows over a time range, and every window;
/// each iteration also backwards. Time bounds are window starts, both inclusive, given either as
/// <see cref="DateTimeOffset"/> (as Kafka Streams' <c>Instant</c> overloads, KIP-358) or as epoch milliseconds (the
/// unit of record timestamps, for processors computing bounds from <c>Record.Timestamp</c>); expired windows (older
/// than the newest start seen minus the retention) are never returned. The iterators' <see cref="long"/> keys and the
/// windows of <see cref="Windowed{TKey}"/> keys are epoch milliseconds either way (<see cref="Window.Start"/> gives
/// the <see cref="DateTimeOffset"/>).
/// </summary>
/// <remarks>
/// The <see cref="DateTimeOffset"/> overloads are default interface methods that convert with
/// <see cref="DateTimeOffset.ToUnixTimeMilliseconds"/> (sub-millisecond precision is dropped) and call the
/// millisecond overloads, so existing implementations keep compiling and behave the same through both.
/// </remarks>
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

    /// <summary>All keys' windows whose start lies in <c>[timeFromMs, timeToMs]</c>, in the opposite order of <see cref="FetchAll(long, long)"/>, as Kafka Streams' <c>backwardFetchAll</c>.</summary>
    /// <param name="timeFromMs">Earliest window start, inclusive, epoch ms.</param>
    /// <param name="timeToMs">Latest window start, inclusive, epoch ms.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs);

    /// <summary>Every unexpired window, in the opposite order of <see cref="All()"/>, as Kafka Streams' <c>backwardAll</c>.</summary>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardAll();

    /// <summary>
    /// Returns the value of the window of <paramref name="key"/> that starts at <paramref name="windowStart"/>, or
    /// default when absent or expired, as Kafka Streams' <c>ReadOnlyWindowStore#fetch(K, Instant)</c>; the same read
    /// as <see cref="Fetch(TKey, long)"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="windowStart">The window start (whole milliseconds; finer precision is dropped).</param>
    /// <returns>The value or default.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    TValue? Fetch(TKey key, DateTimeOffset windowStart) => Fetch(key, windowStart.ToUnixTimeMilliseconds());

    /// <summary>
    /// The windows of one key whose start lies in <c>[timeFrom, timeTo]</c> (both inclusive), by start, as Kafka
    /// Streams' <c>ReadOnlyWindowStore#fetch(K, Instant, Instant)</c>; the same read as
    /// <see cref="Fetch(TKey, long, long)"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="timeFrom">Earliest window start, inclusive.</param>
    /// <param name="timeTo">Latest window start, inclusive.</param>
    /// <returns>Pairs of window start (epoch ms) and value; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    IKeyValueIterator<long, TValue> Fetch(TKey key, DateTimeOffset timeFrom, DateTimeOffset timeTo) =>
        Fetch(key, timeFrom.ToUnixTimeMilliseconds(), timeTo.ToUnixTimeMilliseconds());

    /// <summary>
    /// The windows of the keys from <paramref name="keyFrom"/> to <paramref name="keyTo"/> (inclusive, null bounds
    /// open) whose start lies in <c>[timeFrom, timeTo]</c>, as Kafka Streams'
    /// <c>ReadOnlyWindowStore#fetch(K, K, Instant, Instant)</c>; the same read as
    /// <see cref="Fetch(TKey, TKey, long, long)"/>.
    /// </summary>
    /// <param name="keyFrom">The smallest key, or null for no lower bound.</param>
    /// <param name="keyTo">The largest key, or null for no upper bound.</param>
    /// <param name="timeFrom">Earliest window start, inclusive.</param>
    /// <param name="timeTo">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    IKeyValueIterator<Windowed<TKey>, TValue> Fetch(TKey? keyFrom, TKey? keyTo, DateTimeOffset timeFrom, DateTimeOffset timeTo) =>
        Fetch(keyFrom, keyTo, timeFrom.ToUnixTimeMilliseconds(), timeTo.ToUnixTimeMilliseconds());

    /// <summary>
    /// All keys' windows whose start lies in <c>[timeFrom, timeTo]</c>, as Kafka Streams'
    /// <c>ReadOnlyWindowStore#fetchAll(Instant, Instant)</c>; the same read as <see cref="FetchAll(long, long)"/>.
    /// </summary>
    /// <param name="timeFrom">Earliest window start, inclusive.</param>
    /// <param name="timeTo">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(DateTimeOffset timeFrom, DateTimeOffset timeTo) =>
        FetchAll(timeFrom.ToUnixTimeMilliseconds(), timeTo.ToUnixTimeMilliseconds());

    /// <summary>
    /// The windows of one key whose start lies in <c>[timeFrom, timeTo]</c>, latest start first, as Kafka Streams'
    /// <c>ReadOnlyWindowStore#backwardFetch(K, Instant, Instant)</c>; the same read as
    /// <see cref="BackwardFetch(TKey, long, long)"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="timeFrom">Earliest window start, inclusive.</param>
    /// <param name="timeTo">Latest window start, inclusive.</param>
    /// <returns>Pairs of window start (epoch ms) and value; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    IKeyValueIterator<long, TValue> BackwardFetch(TKey key, DateTimeOffset timeFrom, DateTimeOffset timeTo) =>
        BackwardFetch(key, timeFrom.ToUnixTimeMilliseconds(), timeTo.ToUnixTimeMilliseconds());

    /// <summary>
    /// The key-range read of <see cref="Fetch(TKey, TKey, DateTimeOffset, DateTimeOffset)"/> in the opposite order, as
    /// Kafka Streams' <c>ReadOnlyWindowStore#backwardFetch(K, K, Instant, Instant)</c>; the same read as
    /// <see cref="BackwardFetch(TKey, TKey, long, long)"/>.
    /// </summary>
    /// <param name="keyFrom">The smallest key, or null for no lower bound.</param>
    /// <param name="keyTo">The largest key, or null for no upper bound.</param>
    /// <param name="timeFrom">Earliest window start, inclusive.</param>
    /// <param name="timeTo">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetch(TKey? keyFrom, TKey? keyTo, DateTimeOffset timeFrom, DateTimeOffset timeTo) =>
        BackwardFetch(keyFrom, keyTo, timeFrom.ToUnixTimeMilliseconds(), timeTo.ToUnixTimeMilliseconds());

    /// <summary>
    /// All keys' windows whose start lies in <c>[timeFrom, timeTo]</c>, in the opposite order of
    /// <see cref="FetchAll(DateTimeOffset, DateTimeOffset)"/>, as Kafka Streams'
    /// <c>ReadOnlyWindowStore#backwardFetchAll(Instant, Instant)</c>; the same read as
    /// <see cref="BackwardFetchAll(long, long)"/>.
    /// </summary>
    /// <param name="timeFrom">Earliest window start, inclusive.</param>
    /// <param name="timeTo">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(DateTimeOffset timeFrom, DateTimeOffset timeTo) =>
        BackwardFetchAll(timeFrom.ToUnixTimeMilliseconds(), timeTo.ToUnixTimeMilliseconds());
}
