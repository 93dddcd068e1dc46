namespace Streams.TestDriver.Simulation;

/// <summary>
/// A clock that moves only when told: the time of a <see cref="DeterministicScheduler"/> run, given to every instance's
/// <see cref="StreamsOptions.TimeProvider"/> and to the <see cref="InMemoryKafkaCluster"/>, so that commit intervals,
/// session and transaction timeouts and poll timeouts all read one virtual time that the seed decides.
/// </summary>
/// <remarks>
/// <see cref="GetTimestamp"/> is virtual too (ticks). Timers are not modelled (<see cref="CreateTimer"/> throws): the
/// runtime's loops read the clock; only <c>WaitForStateAsync</c> and <c>RemoveStreamThreadAsync</c> use timers, and a
/// deterministic run calls neither. Thread-safe (the ticks are read and moved atomically).
/// </remarks>
internal sealed class VirtualClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private long _ticks;

    /// <summary>Creates the clock at <paramref name="start"/>.</summary>
    /// <param name="start">The first instant (UTC).</param>
    public VirtualClock(DateTimeOffset start) => _start = start;

    /// <summary>Milliseconds since the Unix epoch now.</summary>
    public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Time elapsed since the start.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _start + Elapsed;

    /// <inheritdoc/>
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: timers are not modelled.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("The deterministic scheduler's virtual clock has no timers; the runtime's loops read the clock instead.");

    /// <summary>Moves the clock forward (never back).</summary>
    /// <param name="by">How far (negative: ignored).</param>
    public void Advance(TimeSpan by)
    {
        if (by > TimeSpan.Zero)
        {
            Interlocked.Add(ref _ticks, by.Ticks);
        }
    }

    /// <summary>Moves the clock to <paramref name="unixMs"/> when it is later than now.</summary>
    /// <param name="unixMs">The instant, in milliseconds since the Unix epoch.</param>
    public void AdvanceTo(long unixMs) => Advance(TimeSpan.FromMilliseconds(unixMs - NowMs));
}
