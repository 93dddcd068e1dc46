namespace Streams.Dsl;

/// <summary>
/// Session windows, as Kafka Streams' <c>SessionWindows</c>: per key, a session is a period of activity
/// separated from the next by more than the inactivity gap. A record at t opens the session <c>[t, t]</c>; a
/// record within the gap of an existing session (one that ends at or after <c>t - gap</c> and starts at or before
/// <c>t + gap</c>) joins and extends it; a record within the gap of two sessions merges them into one. Records
/// exactly <c>gap</c> apart are in one session, <c>gap + 1</c> ms apart in two.
/// Sessions are <see cref="State.Window"/>s whose start AND end are inclusive (Kafka Streams' <c>SessionWindow</c>).
/// <para>
/// Late records: a session accepts records until stream time passes its end plus the inactivity gap plus the grace
/// period; a record is dropped as late when the session it would create or extend ends before
/// <c>streamTime - grace - gap</c>, as in Kafka Streams since 3.0 (KAFKA-12718).
/// </para>
/// </summary>
public sealed record SessionWindows
{
    private SessionWindows(long inactivityGapMs, long graceMs)
    {
        InactivityGapMs = inactivityGapMs;
        GraceMs = graceMs;
    }

    /// <summary>The inactivity gap in milliseconds: records at most this far apart belong to one session.</summary>
    public long InactivityGapMs { get; }

    /// <summary>The grace period in milliseconds: how long after a session could last have been extended (end + gap) late records are still accepted.</summary>
    public long GraceMs { get; }

    /// <summary>The inactivity gap, as a <see cref="TimeSpan"/>: <see cref="InactivityGapMs"/> (whole milliseconds).</summary>
    public TimeSpan InactivityGap => TimeSpan.FromMilliseconds(InactivityGapMs);

    /// <summary>The grace period, as a <see cref="TimeSpan"/>: <see cref="GraceMs"/> (whole milliseconds).</summary>
    public TimeSpan Grace => TimeSpan.FromMilliseconds(GraceMs);

    /// <summary>
    /// Session windows with the given inactivity gap and no grace period, as Kafka Streams' <c>ofInactivityGapWithNoGrace</c>:
    /// a record is dropped as late once its session ends before <c>streamTime - gap</c>.
    /// </summary>
    /// <param name="inactivityGap">The gap of inactivity between sessions; at least 1 ms, millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The gap is under 1 ms.</exception>
    public static SessionWindows OfInactivityGapWithNoGrace(TimeSpan inactivityGap) => OfInactivityGapAndGrace(inactivityGap, TimeSpan.Zero);

    /// <summary>Session windows with the given inactivity gap and grace period, as Kafka Streams' <c>ofInactivityGapAndGrace</c>.</summary>
    /// <param name="inactivityGap">The gap of inactivity between sessions; at least 1 ms, millisecond precision.</param>
    /// <param name="grace">How long late records are still accepted; not negative, millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The gap is under 1 ms, or the grace period is negative.</exception>
    public static SessionWindows OfInactivityGapAndGrace(TimeSpan inactivityGap, TimeSpan grace)
    {
        var gapMs = (long)inactivityGap.TotalMilliseconds;
        var graceMs = (long)grace.TotalMilliseconds;
        if (gapMs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inactivityGap), inactivityGap, "The inactivity gap of session windows must be at least 1 ms.");
        }

        if (graceMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period of session windows must not be negative.");
        }

        return new SessionWindows(gapMs, graceMs);
    }
}
