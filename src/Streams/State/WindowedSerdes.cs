using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.State;

/// <summary>
/// Serdes for windowed keys (the keys of windowed KTables and of their output topics), as Kafka Streams'
/// <c>WindowedSerdes</c>: here, beside <see cref="Windowed{TKey}"/>, so that the serialization layer below does not
/// reference the state layer's window vocabulary.
/// </summary>
public static class WindowedSerdes
{
    /// <summary>
    /// A serde for windowed keys: the inner key bytes followed by the 8-byte big-endian window start (epoch ms, the
    /// wire format), as Kafka Streams' <c>WindowedSerdes.timeWindowedSerdeFrom(Class, long windowSize)</c>. The window
    /// end is start + <paramref name="windowSize"/>; pass the windows' size (<c>TimeWindows.OfSizeWithNoGrace(size)</c>),
    /// or the time difference for sliding windows.
    /// </summary>
    /// <typeparam name="TKey">The inner key type.</typeparam>
    /// <param name="inner">The inner key serde.</param>
    /// <param name="windowSize">
    /// The window size, used to rebuild the end on read; whole milliseconds (finer precision is dropped).
    /// <see cref="TimeSpan.MaxValue"/> means unbounded (<see cref="long.MaxValue"/> ms, the size of
    /// <see cref="Dsl.UnlimitedWindows"/>, whose windows end at <see cref="long.MaxValue"/>).
    /// </param>
    /// <returns>The serde.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windowSize"/> is negative.</exception>
    public static ISerde<Windowed<TKey>> TimeWindowed<TKey>(ISerde<TKey> inner, TimeSpan windowSize)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, TimeSpan.Zero);
        var windowSizeMs = windowSize == TimeSpan.MaxValue ? long.MaxValue : (long)windowSize.TotalMilliseconds;
        return new TimeWindowedSerde<TKey>(inner, windowSizeMs);
    }

    /// <summary>
    /// A serde for session-windowed keys (the keys of <c>ISessionWindowedKStream</c> tables) in the byte format of
    /// Kafka Streams' <c>SessionWindowedSerializer</c>: the inner key bytes, then the session end, then the session
    /// start, each 8 bytes big-endian. Both bounds travel with the key, since sessions have no fixed size; the
    /// <see cref="Window"/> read back is the session <c>[start, end]</c> with an inclusive end.
    /// </summary>
    /// <typeparam name="TKey">The inner key type.</typeparam>
    /// <param name="inner">The inner key serde.</param>
    /// <returns>The serde; deserializing fewer than 16 bytes (or null) throws <see cref="InvalidDataException"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public static ISerde<Windowed<TKey>> SessionWindowed<TKey>(ISerde<TKey> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new SessionWindowedSerde<TKey>(inner);
    }
}
