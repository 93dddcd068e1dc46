using System.Globalization;

namespace Streams.IntegrationTests.FlightDelaysDomain;

/// <summary>Expected final state of one (origin, 1-hour window).</summary>
public sealed record ExpectedWindow(
    string Origin,
    DateTime WindowStartUtc,
    DateTime WindowEndUtc,
    long Flights,
    long TotalDelay,
    int MaxDelay,
    double AvgDelay)
{
    /// <summary>Window start as epoch milliseconds.</summary>
    public long WindowStartMs => new DateTimeOffset(WindowStartUtc).ToUnixTimeMilliseconds();

    /// <summary>Window end (exclusive) as epoch milliseconds.</summary>
    public long WindowEndMs => new DateTimeOffset(WindowEndUtc).ToUnixTimeMilliseconds();
}

/// <summary>Result of <see cref="ReferenceComputation.Compute(IEnumerable{string}, Func{string, int})"/>.</summary>
/// <param name="Windows">Final aggregate per (origin, window start in epoch ms).</param>
/// <param name="Malformed">Lines that are not a valid <c>date,delay,distance,origin,destination</c> record.</param>
/// <param name="Late">Valid records dropped because their window had closed in their partition.</param>
public sealed record ReferenceResult(
    IReadOnlyDictionary<(string Origin, long WindowStartMs), ExpectedWindow> Windows,
    long Malformed,
    long Late);

/// <summary>
/// Independent reference for the FlightDelays job: the expected final aggregate of every (origin, 1-hour tumbling
/// window) computed with its own parsing (string.Split + DateTime.ParseExact) and LINQ grouping. It deliberately
/// does not use FlightParser, DelayStats or HandLoop, so it can check them and the stream topology.
/// </summary>
/// <remarks>
/// <para>Grace rule (Kafka Streams windowed aggregation): a record is dropped when
/// <c>windowEnd &lt;= streamTime - 10 min</c>, where stream time is the largest timestamp seen so far,
/// including the record itself.</para>
/// <para>Stream time is per partition: the pipeline keys records by origin, so each origin's records go to one
/// partition, and each partition is one stream task with its own stream time. <c>partitionOf</c> must map an origin
/// to the partition the replayer's producer sends it to (the same partitioner and partition count). Records are
/// taken in file order; within a partition Kafka keeps that order, so each task sees its partition's records in
/// file order. Interleaving between partitions does not matter because stream time never crosses partitions.
/// Pass <c>_ =&gt; 0</c> (or use <see cref="Compute(IEnumerable{string})"/>) for one global stream time.</para>
/// <para>Malformed lines are counted and skipped; they do not advance stream time (they never reach the windowed
/// aggregation, whose observed stream time only moves with the records it processes). The shipped data is sorted by
/// date, so in file order nothing is late for any partitioning; the rule matters for handcrafted or shuffled input.</para>
/// </remarks>
public static class ReferenceComputation
{
    private static readonly TimeSpan s_windowSize = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_grace = TimeSpan.FromMinutes(10);

    /// <summary>One global stream time (a single partition).</summary>
    public static ReferenceResult Compute(IEnumerable<string> lines) => Compute(lines, _ => 0);

    /// <summary>Stream time tracked per partition, <paramref name="partitionOf"/> giving the partition of an origin.</summary>
    public static ReferenceResult Compute(IEnumerable<string> lines, Func<string, int> partitionOf)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(partitionOf);

        var parsed = lines.Select(Parse).ToList();
        long malformed = parsed.Count(r => r is null);

        // Order-dependent part: the late-record decision, stream time per partition, in file order.
        var streamTime = new Dictionary<int, DateTime>();
        var accepted = new List<Row>(parsed.Count);
        foreach (Row row in parsed.OfType<Row>())
        {
            int partition = partitionOf(row.Origin);
            DateTime time = streamTime.TryGetValue(partition, out DateTime seen) && seen > row.Time ? seen : row.Time;
            streamTime[partition] = time;
            if (row.WindowStart + s_windowSize > time - s_grace)
            {
                accepted.Add(row);
            }
        }
        long late = parsed.Count - malformed - accepted.Count;

        var windows = accepted
            .GroupBy(r => (r.Origin, r.WindowStart))
            .Select(g => new ExpectedWindow(
                g.Key.Origin,
                g.Key.WindowStart,
                g.Key.WindowStart + s_windowSize,
                g.LongCount(),
                g.Sum(r => (long)r.Delay),
                g.Max(r => r.Delay),
                g.Average(r => (long)r.Delay)))
            .ToDictionary(w => (w.Origin, w.WindowStartMs));
        return new ReferenceResult(windows, malformed, late);
    }

    private sealed record Row(DateTime Time, DateTime WindowStart, int Delay, string Origin);

    private static Row? Parse(string line)
    {
        string[] f = line.Split(',');
        if (f.Length != 5 ||
            !DateTime.TryParseExact(f[0], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime time) ||
            !int.TryParse(f[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int delay) ||
            !int.TryParse(f[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int distance) ||
            distance < 0 || !IsCode(f[3]) || !IsCode(f[4]))
        {
            return null;
        }
        var windowStart = new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc);
        return new Row(time, windowStart, delay, f[3]);
    }

    private static bool IsCode(string s) => s.Length == 3 && s.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));
}
