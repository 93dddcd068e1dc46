namespace Streams.Tests.Support;

/// <summary>A clock that only moves when told to.</summary>
internal sealed class ManualTimeProvider(long nowMs) : TimeProvider
{
    private long _nowMs = nowMs;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(_nowMs);

    public void Advance(TimeSpan by) => _nowMs += (long)by.TotalMilliseconds;
}
