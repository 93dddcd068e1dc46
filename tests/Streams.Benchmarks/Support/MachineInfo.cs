namespace Streams.Benchmarks.Support;

/// <summary>Facts about the machine printed with the results (Linux /proc).</summary>
internal static class MachineInfo
{
    /// <summary>The 1, 5 and 15 minute load averages: on a shared machine, other work competes for the cores.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1/5/15 min)";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "n/a" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
