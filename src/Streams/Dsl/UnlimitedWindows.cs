using Streams.Dsl.Internal;
using Streams.State;

namespace Streams.Dsl;

/// <summary>
/// Unlimited ("landmark") windows, as Kafka Streams' <c>UnlimitedWindows</c>: one window per key,
/// <c>[start, +∞)</c>, that accumulates every record at or after its start forever. The window end is
/// <see cref="long.MaxValue"/>; there is no grace period and nothing is ever late. Records before the start
/// belong to no window and are ignored (not counted as dropped), as Kafka Streams.
/// <see cref="EmitStrategy.OnWindowClose"/> cannot be used with them (the window never closes).
/// </summary>
public sealed record UnlimitedWindows : IWindows
{
    private UnlimitedWindows(long startMs) => StartMs = startMs;

    /// <summary>The window start, epoch milliseconds (inclusive).</summary>
    public long StartMs { get; private init; }

    /// <summary>The window start as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(StartMs);

    /// <summary>The window size: always <see cref="long.MaxValue"/> ms, as Kafka Streams' <c>UnlimitedWindows.size()</c>.</summary>
    public long SizeMs => long.MaxValue;

    /// <summary>The grace period: always 0, as Kafka Streams' <c>UnlimitedWindows.gracePeriodMs()</c> (a window that never ends never closes).</summary>
    public long GraceMs => 0;

    /// <summary>
    /// The window size as a <see cref="TimeSpan"/>: <see cref="TimeSpan.MaxValue"/>, which stands for the unbounded
    /// <see cref="SizeMs"/> (<see cref="long.MaxValue"/> ms does not fit a <see cref="TimeSpan"/>); pass it to
    /// <c>WindowedSerdes.TimeWindowed(inner, windowSize)</c>, which maps it back to <see cref="long.MaxValue"/>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance property, as on the other windows.")]
    public TimeSpan Size => TimeSpan.MaxValue;

    /// <summary>The grace period as a <see cref="TimeSpan"/>: always zero.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance property, as on the other windows.")]
    public TimeSpan Grace => TimeSpan.Zero;

    /// <summary>Unlimited windows starting at the epoch (0 ms), as Kafka Streams' <c>UnlimitedWindows.of()</c>.</summary>
    /// <returns>The windows.</returns>
    public static UnlimitedWindows Of() => new(0);

    /// <summary>A copy whose window starts at <paramref name="start"/>, as Kafka Streams' <c>UnlimitedWindows.startOn(Instant)</c>.</summary>
    /// <param name="start">The window start; not before the epoch. Millisecond precision.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The start is before the Unix epoch.</exception>
    public UnlimitedWindows StartOn(DateTimeOffset start)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(start, DateTimeOffset.UnixEpoch, nameof(start));
        return this with { StartMs = start.ToUnixTimeMilliseconds() };
    }

    /// <summary>A copy whose window starts at <paramref name="startMs"/>, as Kafka Streams' <c>UnlimitedWindows.startOn(long)</c>.</summary>
    /// <param name="startMs">The window start, epoch milliseconds; not negative.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The start is negative.</exception>
    [Obsolete("Use StartOn(DateTimeOffset start) instead (Kafka Streams deprecated UnlimitedWindows.startOn(long) for startOn(Instant), KIP-358).")]
    public UnlimitedWindows StartOn(long startMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startMs);
        return this with { StartMs = startMs };
    }

    /// <summary>The window containing <paramref name="timestampMs"/>: <c>[StartMs, long.MaxValue)</c> when the timestamp is at or after the start, else none.</summary>
    /// <param name="timestampMs">A record timestamp, epoch ms.</param>
    /// <returns>One window, or none.</returns>
    public IEnumerable<Window> WindowsFor(long timestampMs) => timestampMs >= StartMs ? [new Window(StartMs, long.MaxValue)] : [];

    /// <summary>The window of <see cref="WindowsFor"/> without allocation.</summary>
    WindowsAt IWindows.WindowsAt(long timestampMs) =>
        timestampMs >= StartMs ? new WindowsAt(StartMs, StartMs, 1, long.MaxValue) : Internal.WindowsAt.None;
}
