using System.Runtime.InteropServices;

namespace FlightDelays;

/// <summary>
/// Benchmark baseline: the FlightDelays aggregation as a plain single-threaded loop over the lines, no Kafka and
/// no state store. 1-hour tumbling windows per origin with Kafka Streams' grace rule.
/// </summary>
/// <remarks>
/// Grace rule (as Kafka Streams' windowed aggregation): stream time is the largest flight timestamp seen so far,
/// including the current record, over all records processed (one stream time for the whole input: this is a single
/// "task"); a record is dropped as late when its window's end &lt;= stream time - grace. Malformed lines are counted
/// and skipped and do not advance stream time.
/// </remarks>
public static class HandLoop
{
    /// <summary>Window size: 1 hour.</summary>
    public const long WindowSizeMs = 60 * 60 * 1000;

    /// <summary>Grace period: 10 minutes.</summary>
    public const long GraceMs = 10 * 60 * 1000;

    /// <summary>Aggregates <paramref name="lines"/> (data lines, no header) into per-(origin, window start) statistics.</summary>
    /// <param name="lines">Flights CSV data lines, in processing order.</param>
    /// <param name="malformed">Lines <see cref="FlightParser.TryParse"/> rejected.</param>
    public static Dictionary<(string Origin, long WindowStartMs), DelayStats> Run(IEnumerable<string> lines, out long malformed) =>
        Run(lines, out malformed, out _);

    /// <summary>As <see cref="Run(IEnumerable{string}, out long)"/>, also counting the records dropped as late.</summary>
    /// <param name="lines">Flights CSV data lines, in processing order.</param>
    /// <param name="malformed">Lines <see cref="FlightParser.TryParse"/> rejected.</param>
    /// <param name="late">Well-formed records dropped because their window had closed (end &lt;= stream time - grace).</param>
    public static Dictionary<(string Origin, long WindowStartMs), DelayStats> Run(IEnumerable<string> lines, out long malformed, out long late)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var windows = new Dictionary<(string Origin, long WindowStartMs), DelayStats>();
        long streamTime = long.MinValue;
        malformed = 0;
        late = 0;
        foreach (string line in lines)
        {
            if (!FlightParser.TryParse(line, out Flight? flight, out _))
            {
                malformed++;
                continue;
            }
            long timestamp = flight.TimestampMs;
            streamTime = Math.Max(streamTime, timestamp);
            long windowStart = WindowStartFor(timestamp);
            if (windowStart + WindowSizeMs <= streamTime - GraceMs)
            {
                late++;
                continue;
            }
            ref DelayStats? stats = ref CollectionsMarshal.GetValueRefOrAddDefault(windows, (flight.Origin, windowStart), out _);
            stats = (stats ?? DelayStats.Empty).Add(flight.DelayMinutes);
        }
        return windows;
    }

    /// <summary>Start (epoch ms) of the 1-hour tumbling window holding <paramref name="timestampMs"/>: a record at
    /// exactly HH:00 opens the window [HH:00, HH+1:00).</summary>
    public static long WindowStartFor(long timestampMs) => timestampMs - Mod(timestampMs, WindowSizeMs);

    private static long Mod(long value, long divisor)
    {
        long r = value % divisor;
        return r < 0 ? r + divisor : r;
    }
}
