namespace Streams.Internal;

/// <summary>Conversions between Kafka's record timestamps (epoch milliseconds) and <see cref="DateTimeOffset"/>.</summary>
internal static class EpochMs
{
    private static readonly long MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// <paramref name="ms"/> as a UTC <see cref="DateTimeOffset"/>; never throws: values beyond its range (the sentinels
    /// <see cref="long.MinValue"/> and <see cref="long.MaxValue"/>, say) map to <see cref="DateTimeOffset.MinValue"/> and
    /// <see cref="DateTimeOffset.MaxValue"/>, so property getters and <c>ToString</c> stay safe.
    /// </summary>
    public static DateTimeOffset ToDateTimeOffset(long ms) =>
        ms < MinMs ? DateTimeOffset.MinValue
        : ms > MaxMs ? DateTimeOffset.MaxValue
        : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary><paramref name="time"/> in whole milliseconds since the Unix epoch (sub-millisecond ticks are dropped, rounding down).</summary>
    public static long FromDateTimeOffset(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
