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
}
