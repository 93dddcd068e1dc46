using System.Globalization;
using Streams.Benchmarks.Support;
using Streams.RocksDb;

namespace Streams.Benchmarks.RocksDb;

/// <summary>Settings of the <c>rocksdb</c> command.</summary>
internal sealed record RocksDbBenchSettings(
    string Scenario, long Num, int ValueSize, int SeekNexts, int Rounds, string Directory, int Stores, long Keys, long BudgetMib);

/// <summary>
/// The <c>rocksdb</c> command. Scenario <c>raw</c>: the RocksDB NuGet package's own API (<see cref="PackageBaseline"/>,
/// db_bench's <c>fillrandom,readrandom,seekrandom</c> workload) against the same workload through this repository's
/// layer over the package (<c>RocksDatabase</c>) and through the bytes store Streams uses (<c>RocksDbKeyValueBytesStore</c>),
/// same keys and values, same RocksDB settings (those of default <see cref="RocksDbOptions"/>), the same native library,
/// alternating in the same process; ops/s and ratios.
/// Scenario <c>memory</c>: see <see cref="MemoryScenario"/>; scenario <c>segments</c>: see <see cref="SegmentsScenario"/>.
/// </summary>
internal sealed class RocksDbBenchmark(RocksDbBenchSettings settings, TextWriter output)
{
    private static readonly string[] Ops = ["fillrandom", "readrandom", "seekrandom"];

    public int Run() => settings.Scenario switch
    {
        "memory" => new MemoryScenario(settings, output).Run(),
        "segments" => new SegmentsScenario(settings, output).Run(),
        _ => RunRaw(),
    };

    private int RunRaw()
    {
        var memory = new MemoryReport();
        var root = Path.Combine(settings.Directory, "raw-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        output.WriteLine("# rocksdb (raw): the RocksDB package's API vs the binding vs the bytes store, same workload and settings, same process");
        output.WriteLine();
        output.WriteLine($"- workload: {settings.Num:N0} random puts, then {settings.Num:N0} random gets, then {settings.Num:N0} random seeks + {settings.SeekNexts} nexts; {BenchKeys.KeySize}-byte keys, {settings.ValueSize}-byte values; one thread; a fresh database per side and round under {root}");
        output.WriteLine($"- settings: default RocksDbOptions (64 MiB budget: one 64 MiB LRU cache, a 16 MiB write buffer manager charged to it, 8 MiB write buffers for one store, bloom 10, index and filter blocks in the cache, no compression, leveled compaction, WAL on without sync); the package side sets the same by itself");
        output.WriteLine($"- native library: {NativeLibraryPath() ?? "(not mapped yet)"}");
        output.WriteLine($"- rounds: {settings.Rounds}, alternating (odd rounds ours first); every side warms up once on {Math.Min(settings.Num, 50_000):N0} operations first");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; CPU: {MachineInfo.CpuModel()}; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        output.WriteLine();

        Directory.CreateDirectory(root);
        try
        {
            var warmup = Path.Combine(root, "warmup");
            PackageBaseline.Run(warmup, Math.Min(settings.Num, 50_000), settings.ValueSize, settings.SeekNexts, 1);
            Directory.Delete(warmup, recursive: true);
            foreach (var layer in new[] { StoreWorkload.Layer.Binding, StoreWorkload.Layer.Store })
            {
                var warm = Path.Combine(root, "warmup");
                StoreWorkload.Run(layer, warm, new RocksDbOptions(), Math.Min(settings.Num, 50_000), settings.ValueSize, settings.SeekNexts, 1);
                Directory.Delete(warm, recursive: true);
            }

            output.WriteLine($"- native library mapped: {NativeLibraryPath() ?? "(none found in /proc/self/maps)"}");
            output.WriteLine();

            var samples = new Dictionary<string, List<IReadOnlyDictionary<string, OpResult>>>(StringComparer.Ordinal)
            {
                ["package"] = [],
                ["binding"] = [],
                ["store"] = [],
            };
            for (var round = 0; round < settings.Rounds; round++)
            {
                var seed = 1000 + round;
                var sides = round % 2 == 1 ? new[] { "binding", "store", "package" } : new[] { "package", "binding", "store" };
                foreach (var side in sides)
                {
                    var dir = Path.Combine(root, side);
                    var result = side switch
                    {
                        "package" => PackageBaseline.Run(dir, settings.Num, settings.ValueSize, settings.SeekNexts, seed),
                        "binding" => StoreWorkload.Run(StoreWorkload.Layer.Binding, dir, new RocksDbOptions(), settings.Num, settings.ValueSize, settings.SeekNexts, seed),
                        _ => StoreWorkload.Run(StoreWorkload.Layer.Store, Path.Combine(dir, "0_0"), new RocksDbOptions(), settings.Num, settings.ValueSize, settings.SeekNexts, seed),
                    };
                    samples[side].Add(result);
                    output.WriteLine($"round {round + 1} {side,-8}: " + string.Join(", ", Ops.Select(op => $"{op} {Stats.N0(result[op].OpsPerSec)} ops/s" + (result[op].Found is { } f ? $" ({f:N0} found)" : ""))));
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                }
            }

            output.WriteLine();
            var table = new MarkdownTable(
                "operation", "package ops/s", "binding ops/s", "binding / package", "store ops/s", "store / package", "spread package", "spread store");
            foreach (var op in Ops)
            {
                var raw = samples["package"].Select(s => s[op].OpsPerSec).ToList();
                var binding = samples["binding"].Select(s => s[op].OpsPerSec).ToList();
                var store = samples["store"].Select(s => s[op].OpsPerSec).ToList();
                var rawMedian = Stats.Median(raw);
                table.Add(
                    op, Stats.N0(rawMedian), Stats.N0(Stats.Median(binding)), Stats.F(Stats.Median(binding) / rawMedian, 2),
                    Stats.N0(Stats.Median(store)), Stats.F(Stats.Median(store) / rawMedian, 2), Stats.Range(raw), Stats.Range(store));
            }

            output.WriteLine($"Medians of {settings.Rounds} rounds (target: store / package >= 0.5 for get and put):");
            output.WriteLine();
            table.Write(output);
            output.WriteLine();
            output.WriteLine($"- load average at end: {MachineInfo.LoadAverage()}");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        memory.Print(output, "rocksdb raw");
        return 0;
    }

    /// <summary>The librocksdb file mapped into this process (from <c>/proc/self/maps</c>), or null when none is.</summary>
    internal static string? NativeLibraryPath()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("librocksdb", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct(StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
