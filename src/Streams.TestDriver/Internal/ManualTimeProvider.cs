namespace Streams.TestDriver.Internal;

/// <summary>
/// A <see cref="TimeProvider"/> that stands still until <see cref="Advance"/> is called: the mock wall
/// clock of the test driver, as Kafka's <c>MockTime</c>. Time zone is UTC and timestamps are in ticks, so
/// every reading is deterministic. Timers are not supported (nothing in a task uses them).
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("The test driver's clock has no timers; advance it with TopologyTestDriver.AdvanceWallClockTime.");

    /// <summary>Moves the clock forward.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        _now += delta;
    }
}
