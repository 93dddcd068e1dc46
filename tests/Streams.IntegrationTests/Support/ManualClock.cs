namespace Streams.IntegrationTests.Support;

/// <summary>A clock that moves only when told: commits happen exactly when a test advances it past the commit interval.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UnixEpoch.AddYears(50).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
