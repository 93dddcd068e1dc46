using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlightDelays;

namespace Streams.Benchmarks.Peer;

/// <summary>
/// What both sides of the <c>peer</c> benchmark agree on: the topology's constants, the output format, the command line
/// of a side's process and the result line it prints. Compiled into both Streams.Benchmarks (the Streams side and the
/// parent) and Streams.Benchmarks.Peer (the Streamiz side), which share no assembly.
/// </summary>
/// <remarks>
/// The topology, on both sides: input records keyed by origin airport, value the CSV line, timestamp the scheduled
/// departure; parse the line (<see cref="FlightParser"/>, the same source file on both sides) and drop malformed lines;
/// group by key; 1-hour tumbling windows with 10 minutes grace; aggregate <see cref="DelayStats"/>
/// (flights, total and max delay) in a window store retaining one day; write each update to the output topic as
/// key <c>ORIGIN@windowStartMs</c> (UTF-8) and value the 20-byte <see cref="DelayStats"/> form.
/// </remarks>
public static class PeerContract
{
    /// <summary>Name of the window store (its changelog is <c>&lt;application id&gt;-peer-delay-stats-changelog</c>).</summary>
    public const string StoreName = "peer-delay-stats";

    /// <summary>Record cache size when caching is on, both sides (Streams: per thread; Streamiz: per store; one store here).</summary>
    public const long CacheBytes = 10 * 1024 * 1024;

    /// <summary>Commit interval, both sides.</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(1);

    /// <summary>Window size.</summary>
    public static readonly TimeSpan WindowSize = TimeSpan.FromHours(1);

    /// <summary>Grace period after a window's end.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>How long the window store keeps windows.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a run may go without a new record before it is declared stuck. Generous: on a loaded machine one commit
    /// of Streamiz with 16 RocksDB stores took over 120 s (800,000 flights, load average ~20 on 2 cores).
    /// </summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Prefix of the one stdout line that carries a side's <see cref="PeerResult"/> as JSON.</summary>
    public const string ResultPrefix = "PEER-RESULT ";

    /// <summary>The changelog topic of the window store for <paramref name="applicationId"/> (created up front: the mock broker has no CreateTopics).</summary>
    public static string ChangelogTopic(string applicationId) => $"{applicationId}-{StoreName}-changelog";

    /// <summary>The output key of a window: <c>ORIGIN@windowStartMs</c>.</summary>
    public static string OutputKey(string origin, long windowStartMs) =>
        origin + "@" + windowStartMs.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a line as the topology does: the flight, or null for a malformed line (dropped).</summary>
    public static Flight? Parse(string? line) => FlightParser.TryParse(line, out var flight, out _) ? flight : null;

    /// <summary>Writes final aggregates (key, 20-byte value) as sorted <c>key TAB hex</c> lines, the drivers' result file.</summary>
    public static void WriteAggregates(string path, IEnumerable<KeyValuePair<string, byte[]>> aggregates)
    {
        var lines = aggregates.Select(kv => kv.Key + "\t" + Convert.ToHexString(kv.Value)).Order(StringComparer.Ordinal);
        File.WriteAllLines(path, lines, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Reads a file written by <see cref="WriteAggregates"/>.</summary>
    public static Dictionary<string, string> ReadAggregates(string path) =>
        File.ReadLines(path).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}

/// <summary>What a side's process measured, printed as one JSON line after <see cref="PeerContract.ResultPrefix"/>.</summary>
/// <param name="Side">streams or streamiz.</param>
/// <param name="Mode">run (on the broker) or driver (the library's topology test driver).</param>
/// <param name="Records">Input records processed.</param>
/// <param name="Seconds">Wall time from the first record processed to the last (run), or of piping all records and reading the output (driver).</param>
/// <param name="CpuSeconds">CPU time of the whole process (all threads, user + system) over the same span.</param>
/// <param name="StartSeconds">From starting the application to the first record processed (group join included); 0 for the driver.</param>
/// <param name="CloseSeconds">Closing the application after the last record (final commit: caches flushed, producer flushed).</param>
/// <param name="TotalCpuSeconds">CPU time of the process from its start to the end of the close.</param>
/// <param name="PeakRssBytes">Peak resident set size of the process (<c>VmHWM</c>).</param>
/// <param name="OutputRecords">Output records the driver read (driver only; 0 for run, where the parent reads the topic).</param>
/// <param name="WarmupSeconds">Wall time of the warm-up before the measured pass (<see cref="PeerWarmup"/>), 0 without one.</param>
public sealed record PeerResult(
    string Side, string Mode, long Records, double Seconds, double CpuSeconds, double StartSeconds, double CloseSeconds,
    double TotalCpuSeconds, long PeakRssBytes, long OutputRecords, double WarmupSeconds = 0)
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Records per second over <see cref="Seconds"/>.</summary>
    public double RecordsPerSecond => Records / Seconds;

    /// <summary>CPU seconds per million records over <see cref="Seconds"/>.</summary>
    public double CpuSecondsPerMillion => CpuSeconds / Records * 1_000_000;

    /// <summary>The line to print.</summary>
    public string ToLine() => PeerContract.ResultPrefix + JsonSerializer.Serialize(this, s_json);

    /// <summary>Finds and parses the result line in a process's output; null when there is none.</summary>
    public static PeerResult? FromOutput(string stdout)
    {
        var line = stdout.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(PeerContract.ResultPrefix, StringComparison.Ordinal));
        return line is null ? null : JsonSerializer.Deserialize<PeerResult>(line[PeerContract.ResultPrefix.Length..], s_json);
    }
}

/// <summary>CPU time and peak RSS of the current process (Linux <c>/proc</c> for the RSS).</summary>
public static class PeerProcess
{
    /// <summary>CPU time of the process so far, all threads, user + system.</summary>
    public static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Peak resident set size (<c>VmHWM</c>) in bytes, or -1 when unavailable.</summary>
    public static long PeakRssBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line["VmHWM:".Length..].Trim().TrimEnd('B', 'k').Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}

/// <summary>
/// Counts records at the parse step (both topologies call <see cref="Parsed"/> once per input record) and notes the
/// wall clock and process CPU at the first record and at the N-th, which bound the measured span.
/// </summary>
public sealed class ProgressProbe(long expected)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _count;

    /// <summary>Records seen so far.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Wall time (since the probe was made) and process CPU seconds at the first record.</summary>
    public (TimeSpan Wall, double Cpu)? First { get; private set; }

    /// <summary>Wall time and process CPU seconds when the expected count was reached.</summary>
    public (TimeSpan Wall, double Cpu)? Last { get; private set; }

    /// <summary>Set when the expected number of records has been seen.</summary>
    public ManualResetEventSlim Done { get; } = new();

    /// <summary>Called by the parse step for each record (on the one stream thread).</summary>
    public void Parsed()
    {
        var n = Interlocked.Increment(ref _count);
        if (n == 1)
        {
            First = (_clock.Elapsed, PeerProcess.CpuSeconds());
        }

        if (n == expected)
        {
            Last = (_clock.Elapsed, PeerProcess.CpuSeconds());
            Done.Set();
        }
    }

    /// <summary>Wall time since the probe was made.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;
}
