namespace Streams.State;

/// <summary>
/// A time window <c>[StartMs, EndMs)</c> in milliseconds since the Unix epoch (UTC), as Kafka Streams'
/// <c>TimeWindow</c>: the start is inclusive and the end exclusive.
/// <para>
/// Session windows (<see cref="Dsl.SessionWindows"/>) use the same type with an INCLUSIVE end, as Kafka Streams'
/// <c>SessionWindow</c>: <c>[StartMs, EndMs]</c> spans the first to the last record of the session, so a session of
/// one record at t is <c>Window(t, t)</c>. Keys of session-windowed tables carry both bounds
/// (<c>WindowedSerdes.SessionWindowed</c>); <see cref="ToString"/> prints every window with a half-open bracket.
/// </para>
/// </summary>
/// <param name="StartMs">Inclusive start, epoch milliseconds.</param>
/// <param name="EndMs">Exclusive end, epoch milliseconds.</param>
public readonly record struct Window(long StartMs, long EndMs)
{
    /// <summary>The start as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(StartMs);

    /// <summary>
    /// The end as a UTC <see cref="DateTimeOffset"/>; <see cref="DateTimeOffset.MaxValue"/> when the end lies beyond it
    /// (the end of an unlimited window is <see cref="long.MaxValue"/> ms).
    /// </summary>
    public DateTimeOffset End => EndMs > MaxDateTimeOffsetMs ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeMilliseconds(EndMs);

    private static long MaxDateTimeOffsetMs => DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public override string ToString() => $"[{StartMs},{EndMs})";
}
