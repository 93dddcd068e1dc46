using Streams.Dsl;

namespace Streams.State;

/// <summary>
/// The innermost layer of a window store: raw key bytes per window start, as Kafka Streams'
/// <c>WindowStore&lt;Bytes, byte[]&gt;</c>. Windows whose start is older than the newest start
/// seen minus <see cref="RetentionPeriodMs"/> are expired: puts into them are ignored and reads
/// skip them. Not thread-safe.
/// </summary>
public interface IWindowBytesStore : IStateStore
{
    /// <summary>How long a window is kept, in milliseconds from its start.</summary>
    long RetentionPeriodMs { get; }

    /// <summary>The window size in milliseconds.</summary>
    long WindowSizeMs { get; }

    /// <summary>Stores <paramref name="value"/> for <paramref name="key"/> in the window starting at <paramref name="windowStartMs"/>; null deletes.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes, or null to delete.</param>
    /// <param name="windowStartMs">The window start, epoch milliseconds.</param>
    void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs);

    /// <summary>Returns the value of one window, or null when absent or expired.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="windowStartMs">The window start, epoch milliseconds.</param>
    /// <returns>The value bytes or null.</returns>
    byte[]? Fetch(ReadOnlySpan<byte> key, long windowStartMs);

    /// <summary>Iterates the windows of one key whose start lies in <c>[timeFromMs, timeToMs]</c>, by start time.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive.</param>
    /// <param name="timeToMs">Latest window start, inclusive.</param>
    /// <returns>Window start (epoch ms) and value pairs; dispose it.</returns>
    IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs);

    /// <summary>Iterates all keys' windows whose start lies in <c>[timeFromMs, timeToMs]</c>.</summary>
    /// <param name="timeFromMs">Earliest window start, inclusive.</param>
    /// <param name="timeToMs">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs);

    /// <summary>Iterates every unexpired window of every key.</summary>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> All();

    /// <summary>
    /// Iterates the windows of the keys in <c>[keyFrom, keyTo]</c> (unsigned byte order, both inclusive; null bounds
    /// open) whose start lies in <c>[timeFromMs, timeToMs]</c>, as Kafka Streams' <c>fetch(keyFrom, keyTo, timeFrom, timeTo)</c>.
    /// The default implementation filters <see cref="FetchAll"/> by key, in its order.
    /// </summary>
    /// <param name="keyFrom">The smallest key, or null for no lower bound.</param>
    /// <param name="keyTo">The largest key, or null for no upper bound.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive.</param>
    /// <param name="timeToMs">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo, long timeFromMs, long timeToMs) =>
        Internal.StoreReads.KeyRange(FetchAll(timeFromMs, timeToMs), keyFrom, keyTo, Name, () => IsOpen);

    /// <summary>The windows of one key whose start lies in <c>[timeFromMs, timeToMs]</c>, latest start first, as Kafka Streams' <c>backwardFetch(key, timeFrom, timeTo)</c>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive.</param>
    /// <param name="timeToMs">Latest window start, inclusive (where iteration starts).</param>
    /// <returns>Window start (epoch ms) and value pairs; dispose it.</returns>
    IKeyValueIterator<long, byte[]> BackwardFetch(byte[] key, long timeFromMs, long timeToMs) =>
        Internal.StoreReads.Reversed(Fetch(key, timeFromMs, timeToMs), Name, () => IsOpen);

    /// <summary>The key-range read of <see cref="Fetch(byte[], byte[], long, long)"/> in the opposite order, as Kafka Streams' <c>backwardFetch(keyFrom, keyTo, timeFrom, timeTo)</c>.</summary>
    /// <param name="keyFrom">The smallest key, or null for no lower bound.</param>
    /// <param name="keyTo">The largest key, or null for no upper bound.</param>
    /// <param name="timeFromMs">Earliest window start, inclusive.</param>
    /// <param name="timeToMs">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> BackwardFetch(byte[]? keyFrom, byte[]? keyTo, long timeFromMs, long timeToMs) =>
        Internal.StoreReads.Reversed(Fetch(keyFrom, keyTo, timeFromMs, timeToMs), Name, () => IsOpen);

    /// <summary>All keys' windows whose start lies in <c>[timeFromMs, timeToMs]</c>, in the opposite order of <see cref="FetchAll"/>, as Kafka Streams' <c>backwardFetchAll</c>.</summary>
    /// <param name="timeFromMs">Earliest window start, inclusive.</param>
    /// <param name="timeToMs">Latest window start, inclusive.</param>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> BackwardFetchAll(long timeFromMs, long timeToMs) =>
        Internal.StoreReads.Reversed(FetchAll(timeFromMs, timeToMs), Name, () => IsOpen);

    /// <summary>Every unexpired window in the opposite order of <see cref="All"/>, as Kafka Streams' <c>backwardAll</c>.</summary>
    /// <returns>Windowed key and value pairs; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> BackwardAll() => Internal.StoreReads.Reversed(All(), Name, () => IsOpen);
}
