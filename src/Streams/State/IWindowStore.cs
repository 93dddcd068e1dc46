using Streams.Dsl;

namespace Streams.State;

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

    /// <summary>
    /// Stores the value of the window of <paramref name="key"/> that starts at <paramref name="windowStart"/>; null
    /// deletes it; ignored when the window has expired. As Kafka Streams' <c>WindowStore#put(K, V, long)</c> with an
    /// instant; the same write as <see cref="Put(TKey, TValue, long)"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value or null.</param>
    /// <param name="windowStart">The window start (whole milliseconds; finer precision is dropped).</param>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    void Put(TKey key, TValue? value, DateTimeOffset windowStart) => Put(key, value, windowStart.ToUnixTimeMilliseconds());
}
