using Streams.Dsl.Internal;
using Streams.State;

namespace Streams.Dsl;

/// <summary>
/// Fixed-size time windows, tumbling or hopping, as Kafka Streams' <c>TimeWindows</c>. Windows are
/// <c>[start, start + size)</c>, aligned to the epoch: starts are multiples of the advance. A record
/// with timestamp t falls into every window with <c>start &lt;= t &lt; start + size</c>. A window
/// accepts records until stream time passes its end plus the grace period: a record is dropped as late
/// when <c>windowEnd &lt;= streamTime - grace</c>.
/// </summary>
public sealed record TimeWindows : IWindows
{
    private TimeWindows(long sizeMs, long advanceMs, long graceMs)
    {
        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
        GraceMs = graceMs;
    }

    /// <summary>The window size in milliseconds.</summary>
    public long SizeMs { get; }

    /// <summary>The advance (hop) in milliseconds; equal to <see cref="SizeMs"/> for tumbling windows.</summary>
    public long AdvanceMs { get; }

    /// <summary>The grace period in milliseconds.</summary>
    public long GraceMs { get; }

    /// <summary>The window size, as a <see cref="TimeSpan"/>: <see cref="SizeMs"/> (whole milliseconds).</summary>
    public TimeSpan Size => TimeSpan.FromMilliseconds(SizeMs);

    /// <summary>The advance (hop), as a <see cref="TimeSpan"/>: <see cref="AdvanceMs"/> (whole milliseconds).</summary>
    public TimeSpan Advance => TimeSpan.FromMilliseconds(AdvanceMs);

    /// <summary>The grace period, as a <see cref="TimeSpan"/>: <see cref="GraceMs"/> (whole milliseconds).</summary>
    public TimeSpan Grace => TimeSpan.FromMilliseconds(GraceMs);

    /// <summary>Tumbling windows of <paramref name="size"/> with no grace (late records are dropped as soon as stream time passes the window end), as Kafka Streams' <c>ofSizeWithNoGrace</c>.</summary>
    /// <param name="size">The window size; at least 1 ms.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 1 ms.</exception>
    public static TimeWindows OfSizeWithNoGrace(TimeSpan size) => OfSizeAndGrace(size, TimeSpan.Zero);

    /// <summary>Tumbling windows of <paramref name="size"/> with a grace period, as Kafka Streams' <c>ofSizeAndGrace</c>.</summary>
    /// <param name="size">The window size; at least 1 ms.</param>
    /// <param name="grace">How long after a window's end records are still accepted; not negative.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 1 ms or the grace is negative.</exception>
    public static TimeWindows OfSizeAndGrace(TimeSpan size, TimeSpan grace)
    {
        var sizeMs = (long)size.TotalMilliseconds;
        var graceMs = (long)grace.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeMs, 1L, nameof(size));
        ArgumentOutOfRangeException.ThrowIfNegative(graceMs, nameof(grace));
        return new TimeWindows(sizeMs, sizeMs, graceMs);
    }

    /// <summary>Hopping windows: a copy that advances by <paramref name="advance"/>, as Kafka Streams' <c>advanceBy</c>.</summary>
    /// <param name="advance">The hop; at least 1 ms and at most the size.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The advance is under 1 ms or over the size.</exception>
    public TimeWindows AdvanceBy(TimeSpan advance)
    {
        var ms = (long)advance.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(ms, 1L, nameof(advance));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ms, SizeMs, nameof(advance));
        return new TimeWindows(SizeMs, ms, GraceMs);
    }

    /// <summary>The windows that contain <paramref name="timestampMs"/>, by ascending start.</summary>
    /// <param name="timestampMs">A record timestamp, epoch ms, not negative.</param>
    /// <returns>The windows.</returns>
    public IEnumerable<Window> WindowsFor(long timestampMs)
    {
        if (AdvanceMs == SizeMs)
        {
            // Tumbling: exactly one window, without an iterator allocation.
            var tumblingStart = timestampMs - (timestampMs % SizeMs);
            return [new Window(tumblingStart, tumblingStart + SizeMs)];
        }

        return Hopping(timestampMs);
    }

    /// <summary>The windows of <see cref="WindowsFor"/> without allocation.</summary>
    WindowsAt IWindows.WindowsAt(long timestampMs)
    {
        if (AdvanceMs == SizeMs)
        {
            var tumblingStart = timestampMs - (timestampMs % SizeMs);
            return new WindowsAt(tumblingStart, tumblingStart, SizeMs, SizeMs);
        }

        // As Hopping: the starts are the multiples of the advance in (timestamp - size, timestamp].
        var first = Math.Max(0, timestampMs - SizeMs + AdvanceMs) / AdvanceMs * AdvanceMs;
        while (first <= timestampMs && timestampMs >= first + SizeMs)
        {
            first += AdvanceMs;
        }

        return timestampMs < 0 ? Internal.WindowsAt.None : new WindowsAt(first, timestampMs / AdvanceMs * AdvanceMs, AdvanceMs, SizeMs);
    }

    private IEnumerable<Window> Hopping(long timestampMs)
    {
        var start = Math.Max(0, timestampMs - SizeMs + AdvanceMs) / AdvanceMs * AdvanceMs;
        for (; start <= timestampMs; start += AdvanceMs)
        {
            if (timestampMs < start + SizeMs)
            {
                yield return new Window(start, start + SizeMs);
            }
        }
    }
}
