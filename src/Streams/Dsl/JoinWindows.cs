namespace Streams.Dsl;

/// <summary>
/// The time bounds of a stream-stream join, as Kafka Streams' <c>JoinWindows</c>: a record of this (left) stream
/// at time t joins every record of the other (right) stream with the same key whose timestamp lies in
/// <c>[t - before, t + after]</c>, both bounds inclusive; symmetrically a right record at t' joins left records in
/// <c>[t' - after, t' + before]</c>. Join windows slide with the records (each record defines its own window), they
/// are not aligned to the epoch. The grace period does not drop records, as in Kafka Streams 4.x: a record that
/// arrives after its window plus grace has passed (a left record at t when <c>t + after + grace &lt; streamTime</c>)
/// still joins whatever the other side's store holds in its window. The grace period sets how long the join stores
/// keep records (retention = before + after + grace) and how long left and outer joins wait before they emit a
/// record that found no partner (KIP-633); a record whose window has already ended when it arrives is emitted
/// unjoined at once.
/// </summary>
/// <remarks>
/// <code>
/// JoinWindows.OfTimeDifferenceAndGrace(5 s, 2 s).After(TimeSpan.FromSeconds(1))   before 5 s, after 1 s
///
///   right records joined:   [t - 5 s ....... t ... t + 1 s]
///   left record at t:                        ^
///   the left record is emitted unjoined (left/outer joins) when stream time passes t + 1 s + 2 s.
/// </code>
/// </remarks>
public sealed record JoinWindows
{
    private JoinWindows(long beforeMs, long afterMs, long graceMs)
    {
        if (beforeMs + afterMs < 0)
        {
            throw new ArgumentException($"The join window [t - {beforeMs} ms, t + {afterMs} ms] is inverted: before + after must not be negative.");
        }

        BeforeMs = beforeMs;
        AfterMs = afterMs;
        GraceMs = graceMs;
    }

    /// <summary>How far back, in milliseconds, a left record looks for right records (may be negative when <see cref="AfterMs"/> makes up for it).</summary>
    public long BeforeMs { get; }

    /// <summary>How far ahead, in milliseconds, a left record looks for right records (may be negative when <see cref="BeforeMs"/> makes up for it).</summary>
    public long AfterMs { get; }

    /// <summary>How long, in milliseconds, after a window's end the join waits for out-of-order records: records are kept that much longer, and left and outer joins delay their unjoined results by it.</summary>
    public long GraceMs { get; }

    /// <summary>The window size, <see cref="BeforeMs"/> + <see cref="AfterMs"/>, in milliseconds; the join stores keep records for size + grace.</summary>
    public long SizeMs => BeforeMs + AfterMs;

    /// <summary>The grace period, as a <see cref="TimeSpan"/>: <see cref="GraceMs"/> (whole milliseconds).</summary>
    public TimeSpan Grace => TimeSpan.FromMilliseconds(GraceMs);

    /// <summary>The window size, before + after, as a <see cref="TimeSpan"/>: <see cref="SizeMs"/> (whole milliseconds).</summary>
    public TimeSpan Size => TimeSpan.FromMilliseconds(SizeMs);

    /// <summary>
    /// Records join when their timestamps differ by at most <paramref name="timeDifference"/> (before = after =
    /// time difference), with no grace period, as Kafka Streams' <c>JoinWindows.ofTimeDifferenceWithNoGrace</c>.
    /// </summary>
    /// <param name="timeDifference">The largest time difference that still joins; not negative. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time difference is negative.</exception>
    public static JoinWindows OfTimeDifferenceWithNoGrace(TimeSpan timeDifference) => OfTimeDifferenceAndGrace(timeDifference, TimeSpan.Zero);

    /// <summary>
    /// Records join when their timestamps differ by at most <paramref name="timeDifference"/>, and the join waits
    /// <paramref name="grace"/> after a window ends for out-of-order records, as Kafka Streams'
    /// <c>JoinWindows.ofTimeDifferenceAndGrace</c>.
    /// </summary>
    /// <param name="timeDifference">The largest time difference that still joins; not negative. Millisecond precision.</param>
    /// <param name="grace">How long after a window's end the join keeps records and holds back unjoined results; not negative. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time difference or the grace is negative.</exception>
    public static JoinWindows OfTimeDifferenceAndGrace(TimeSpan timeDifference, TimeSpan grace)
    {
        var differenceMs = (long)timeDifference.TotalMilliseconds;
        var graceMs = (long)grace.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(differenceMs, nameof(timeDifference));
        ArgumentOutOfRangeException.ThrowIfNegative(graceMs, nameof(grace));
        return new JoinWindows(differenceMs, differenceMs, graceMs);
    }

    /// <summary>
    /// A copy whose lower bound is <paramref name="timeDifference"/> before the left record, keeping the upper bound,
    /// as Kafka Streams' <c>JoinWindows.before</c>: a right record joins when it is at most this much earlier.
    /// </summary>
    /// <param name="timeDifference">The new before bound; may be negative as long as before + after stays at least 0. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentException">The window would be inverted (before + after &lt; 0).</exception>
    public JoinWindows Before(TimeSpan timeDifference) => new((long)timeDifference.TotalMilliseconds, AfterMs, GraceMs);

    /// <summary>
    /// A copy whose upper bound is <paramref name="timeDifference"/> after the left record, keeping the lower bound,
    /// as Kafka Streams' <c>JoinWindows.after</c>: a right record joins when it is at most this much later.
    /// </summary>
    /// <param name="timeDifference">The new after bound; may be negative as long as before + after stays at least 0. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentException">The window would be inverted (before + after &lt; 0).</exception>
    public JoinWindows After(TimeSpan timeDifference) => new(BeforeMs, (long)timeDifference.TotalMilliseconds, GraceMs);
}
