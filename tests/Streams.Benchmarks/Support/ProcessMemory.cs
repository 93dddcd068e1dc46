using System.Globalization;
using System.Runtime.InteropServices;

namespace Streams.Benchmarks.Support;

/// <summary>Resident set size of this process, read from <c>/proc/self/status</c> (Linux only).</summary>
internal static partial class ProcessMemory
{
    /// <summary>
    /// glibc's malloc statistics (<c>mallinfo2</c>), all arenas: bytes handed out and not freed (small chunks + mmapped
    /// chunks), and bytes free inside the arenas (kept by malloc, still resident when touched before); (-1, -1) when the C
    /// library is not glibc 2.33 or later.
    /// </summary>
    public static (long InUse, long Free) Malloc()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (-1, -1);
        }

        try
        {
            var info = MallInfo2();
            return ((long)(info.Uordblks + info.Hblkhd), (long)info.Fordblks);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return (-1, -1);
        }
    }


    /// <summary>Current resident set size (<c>VmRSS</c>) in bytes, or -1 when unavailable.</summary>
    public static long CurrentRssBytes => Read("VmRSS:");

    /// <summary>Peak resident set size since the process started (<c>VmHWM</c>, the high-water mark) in bytes, or -1.</summary>
    public static long PeakRssBytes => Read("VmHWM:");

    public static string Mib(long bytes) =>
        bytes < 0 ? "n/a" : (bytes / (1024.0 * 1024.0)).ToString("N1", CultureInfo.InvariantCulture) + " MiB";

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2Struct MallInfo2();

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2Struct
    {
        public nuint Arena;
        public nuint Ordblks;
        public nuint Smblks;
        public nuint Hblks;
        public nuint Hblkhd;
        public nuint Usmblks;
        public nuint Fsmblks;
        public nuint Uordblks;
        public nuint Fordblks;
        public nuint Keepcost;
    }

    private static long Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmHWM:     123456 kB"
                    var kb = long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return -1;
    }
}

/// <summary>Records the RSS at the start of a subcommand and prints start, peak and delta at its end.</summary>
internal sealed class MemoryReport
{
    private readonly long _startRss = ProcessMemory.CurrentRssBytes;

    public long StartRssBytes => _startRss;

    public void Print(TextWriter output, string subcommand)
    {
        var peak = ProcessMemory.PeakRssBytes;
        output.WriteLine();
        output.WriteLine($"Memory ({subcommand}, this process only; from /proc/self/status)");
        output.WriteLine();
        var table = new MarkdownTable("RSS at start (VmRSS)", "peak RSS (VmHWM)", "peak - start", "RSS at end (VmRSS)", "managed heap at end");
        table.Add(
            ProcessMemory.Mib(_startRss),
            ProcessMemory.Mib(peak),
            ProcessMemory.Mib(peak < 0 || _startRss < 0 ? -1 : peak - _startRss),
            ProcessMemory.Mib(ProcessMemory.CurrentRssBytes),
            ProcessMemory.Mib(GC.GetTotalMemory(forceFullCollection: false)));
        table.Write(output);
    }
}
