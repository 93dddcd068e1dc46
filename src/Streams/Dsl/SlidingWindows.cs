namespace Streams.Dsl;

/// <summary>
/// Sliding windows, as Kafka Streams' <c>SlidingWindows</c> (KIP-450): windows of a fixed length
/// <c>[start, start + timeDifference]</c> with <em>both bounds inclusive</em>, whose positions are not
/// aligned to the epoch but follow the records. Two records fall into a common window when their timestamps
/// differ by at most <see cref="TimeDifferenceMs"/>. A record at t creates (or updates) its "left" window
/// <c>[t - timeDifference, t]</c> and, when a later record of the same key falls into it, its "right" window
/// <c>[t + 1, t + 1 + timeDifference]</c>; windows are only ever created at record timestamps, so only windows
/// whose content differs are produced (not one per millisecond). Records earlier than the time difference
/// (near the epoch) share the window <c>[0, timeDifference]</c>, as Kafka Streams.
/// <para>
/// A window accepts records until stream time passes its end plus the grace period: a window is closed when
/// <c>windowEnd &lt; streamTime - grace</c>, and a record at t is dropped outright when
/// <c>t + 1 + timeDifference &lt;= streamTime - grace</c>.
/// </para>
/// </summary>
/// <example>
/// With a time difference of 5 s, records of one key at 8 s, 9.2 s and 12.4 s produce the windows
/// [3 s, 8 s] {8}, [4.2 s, 9.2 s] {8, 9.2}, [7.4 s, 12.4 s] {8, 9.2, 12.4}, [8.001 s, 13.001 s] {9.2, 12.4}
/// and [9.201 s, 14.201 s] {12.4}.
/// </example>
public sealed record SlidingWindows
{
    private SlidingWindows(long timeDifferenceMs, long graceMs)
    {
        TimeDifferenceMs = timeDifferenceMs;
        GraceMs = graceMs;
    }

    /// <summary>The largest time difference, in milliseconds, between two records of one window (inclusive); also the window length (end minus start).</summary>
    public long TimeDifferenceMs { get; }

    /// <summary>The grace period in milliseconds: how long after a window's end out-of-order records are still accepted.</summary>
    public long GraceMs { get; }

    /// <summary>The largest time difference between two records of one window (the window length), as a <see cref="TimeSpan"/>: <see cref="TimeDifferenceMs"/> (whole milliseconds).</summary>
    public TimeSpan TimeDifference => TimeSpan.FromMilliseconds(TimeDifferenceMs);

    /// <summary>The grace period, as a <see cref="TimeSpan"/>: <see cref="GraceMs"/> (whole milliseconds).</summary>
    public TimeSpan Grace => TimeSpan.FromMilliseconds(GraceMs);

    /// <summary>
    /// Sliding windows with no grace period, as Kafka Streams' <c>SlidingWindows.ofTimeDifferenceWithNoGrace</c>: a record
    /// arriving after stream time passed the end of its windows is dropped.
    /// </summary>
    /// <param name="timeDifference">The largest time difference between two records of one window (inclusive); not negative. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time difference is negative.</exception>
    public static SlidingWindows OfTimeDifferenceWithNoGrace(TimeSpan timeDifference) => OfTimeDifferenceAndGrace(timeDifference, TimeSpan.Zero);

    /// <summary>Sliding windows with a grace period, as Kafka Streams' <c>SlidingWindows.ofTimeDifferenceAndGrace</c>.</summary>
    /// <param name="timeDifference">The largest time difference between two records of one window (inclusive); not negative. Millisecond precision.</param>
    /// <param name="grace">How long after a window's end out-of-order records are still accepted; not negative. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time difference or the grace is negative.</exception>
    public static SlidingWindows OfTimeDifferenceAndGrace(TimeSpan timeDifference, TimeSpan grace)
    {
        var timeDifferenceMs = (long)timeDifference.TotalMilliseconds;
        var graceMs = (long)grace.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(timeDifferenceMs, nameof(timeDifference));
        ArgumentOutOfRangeException.ThrowIfNegative(graceMs, nameof(grace));
        return new SlidingWindows(timeDifferenceMs, graceMs);
    }
}
