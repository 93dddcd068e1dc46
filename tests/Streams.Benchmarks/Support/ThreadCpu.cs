using System.Globalization;

namespace Streams.Benchmarks.Support;

/// <summary>
/// CPU time of this process's threads, grouped by role, from Linux's <c>/proc/self/task/*/schedstat</c> (nanoseconds on
/// a CPU and nanoseconds runnable but waiting for one) and <c>comm</c> (the thread name). Threads that exit between two
/// snapshots (a consumer's librdkafka threads when it is disposed) take their time with them: the process total minus
/// the threads seen is reported as "exited threads".
/// </summary>
internal static class ThreadCpu
{
    /// <summary>The role groups, in print order.</summary>
    public static readonly string[] Groups =
    [
        "main thread (consume loop)", "thread pool (restore writer)", "librdkafka client threads", "mock broker",
        "runtime (JIT, GC, other)", "exited threads (disposed consumer)",
    ];

    /// <summary>Per-thread (on-CPU ns, runqueue-wait ns, name) now; empty when /proc is not readable.</summary>
    public static Dictionary<int, (long CpuNs, long WaitNs, string Name)> Snapshot()
    {
        var result = new Dictionary<int, (long, long, string)>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                    var fields = File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ');
                    var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                    result[tid] = (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture), name);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // The thread exited while being read.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return result;
    }

    /// <summary>CPU (and runqueue wait) in microseconds per record of each group between two snapshots.</summary>
    /// <param name="before">The snapshot at the start.</param>
    /// <param name="after">The snapshot at the end.</param>
    /// <param name="processCpu">The process CPU time between them (<see cref="Environment.CpuUsage"/>).</param>
    /// <param name="records">Records handled in between.</param>
    public static Dictionary<string, (double Cpu, double Wait)> PerRecord(
        Dictionary<int, (long CpuNs, long WaitNs, string Name)> before, Dictionary<int, (long CpuNs, long WaitNs, string Name)> after, TimeSpan processCpu, long records)
    {
        var groups = Groups.ToDictionary(g => g, _ => (Cpu: 0L, Wait: 0L));
        long seen = 0;
        foreach (var (tid, now) in after)
        {
            var (cpu0, wait0) = before.TryGetValue(tid, out var b) ? (b.CpuNs, b.WaitNs) : (0L, 0L);
            var (cpu, wait) = (now.CpuNs - cpu0, now.WaitNs - wait0);
            seen += cpu;
            var group = tid == Environment.ProcessId ? Groups[0]
                : now.Name.StartsWith(".NET TP Worker", StringComparison.Ordinal) ? Groups[1]
                : now.Name.StartsWith("rdk:mock", StringComparison.Ordinal) ? Groups[3]
                : now.Name.StartsWith("rdk:", StringComparison.Ordinal) ? Groups[2]
                : Groups[4];
            var g = groups[group];
            groups[group] = (g.Cpu + cpu, g.Wait + wait);
        }

        groups[Groups[5]] = (Math.Max(0, (long)(processCpu.TotalNanoseconds - seen)), 0);
        return groups.ToDictionary(kv => kv.Key, kv => (kv.Value.Cpu / 1000.0 / records, kv.Value.Wait / 1000.0 / records));
    }
}
