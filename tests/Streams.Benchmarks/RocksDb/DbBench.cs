using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// Runs RocksDB's own <c>db_bench</c> (Debian <c>rocksdb-tools</c>, linked to the same <c>librocksdb.so.7.8</c> as the
/// binding) and parses its one-line results, <c>"readrandom : 1.176 micros/op 847493 ops/sec ... (12683 of 20000 found)"</c>.
/// </summary>
internal static partial class DbBench
{
    public const string Executable = "db_bench";

    /// <summary>Runs the benchmarks and returns ops/s and "found" counts by benchmark name.</summary>
    public static IReadOnlyDictionary<string, OpResult> Run(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("db_bench did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"db_bench ran longer than {timeout.TotalSeconds:N0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"db_bench exited with {process.ExitCode}: {stderr.Result}\n{stdout}");
        }

        var results = new Dictionary<string, OpResult>(StringComparer.Ordinal);
        foreach (Match m in ResultLine().Matches(stdout))
        {
            var opsPerSec = double.Parse(m.Groups["ops"].Value, CultureInfo.InvariantCulture);
            long? found = m.Groups["found"].Success ? long.Parse(m.Groups["found"].Value, CultureInfo.InvariantCulture) : null;
            results[m.Groups["name"].Value] = new OpResult(opsPerSec, found);
        }

        return results;
    }

    /// <summary>True when <c>db_bench</c> can be started.</summary>
    public static bool Available()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            p?.WaitForExit(10_000);
            return p is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<name>\w+)\s+:\s+[\d.]+ micros/op (?<ops>\d+) ops/sec[^\n]*?(\((?<found>\d+) of \d+ found\))?\s*$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}

/// <summary>One benchmark's throughput and, for reads and seeks, how many keys were found.</summary>
internal readonly record struct OpResult(double OpsPerSec, long? Found);
