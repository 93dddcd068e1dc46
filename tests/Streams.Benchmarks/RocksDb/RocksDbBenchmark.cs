using System.Globalization;
using Streams.Benchmarks.Support;
using Streams.RocksDb;

namespace Streams.Benchmarks.RocksDb;

/// <summary>Settings of the <c>rocksdb</c> command.</summary>
internal sealed record RocksDbBenchSettings(
    string Scenario, long Num, int ValueSize, int SeekNexts, int Rounds, string Directory, int Stores, long Keys, long BudgetMib);

/// <summary>
/// The <c>rocksdb</c> command. Scenario <c>raw</c>: RocksDB's own <c>db_bench</c> (<c>fillrandom,readrandom,seekrandom</c>)
/// against the same workload through this repository's binding (<c>RocksDatabase</c>) and through the bytes store Streams
/// uses (<c>RocksDbKeyValueBytesStore</c>), same key and value sizes, same RocksDB settings (those of default
/// <see cref="RocksDbOptions"/>, passed to db_bench as flags), alternating in the same run; ops/s and ratios.
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

    /// <summary>The db_bench flags equivalent to what <see cref="RocksDbOptions"/>' defaults give one open store.</summary>
    internal static List<string> DbBenchArguments(RocksDbOptions options, string directory, long num, int valueSize, int seekNexts, int seed)
    {
        static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--benchmarks=fillrandom,readrandom,seekrandom",
            $"--db={directory}",
            $"--num={I(num)}",
            $"--reads={I(num)}",
            $"--key_size={BenchKeys.KeySize}",
            $"--value_size={I(valueSize)}",
            $"--seek_nexts={I(seekNexts)}",
            $"--seed={I(seed)}",
            "--threads=1",

            // Write path as ours: write-ahead log on, no fsync per write, no pipelined writes (RocksDB's default).
            "--disable_wal=false",
            "--sync=false",
            "--enable_pipelined_write=false",

            // Memory as one store under the default budget: 2 memtables of the budget's size, the shared cache's capacity.
            $"--write_buffer_size={I(options.Budget.WriteBufferSizeFor(1))}",
            "--max_write_buffer_number=2",
            $"--cache_size={I(options.BlockCacheSizeBytes)}",
            "--cache_index_and_filter_blocks=true",
            "--cache_high_pri_pool_ratio=0.5",
            "--pin_l0_filter_and_index_blocks_in_cache=true",
            $"--bloom_bits={I(options.BloomFilterBitsPerKey)}",

            // Store defaults (RocksDbStoreSettings) and RocksDB defaults where db_bench's differ.
            "--compression_type=none",
            "--compaction_style=0",
            "--level_compaction_dynamic_level_bytes=true",
            "--open_files=256",
            "--table_cache_numshardbits=6",
            "--delayed_write_rate=16777216",
            "--statistics=false",
            "--histogram=false",
        ];
    }

    private int RunRaw()
    {
        if (!DbBench.Available())
        {
            output.WriteLine("db_bench was not found: install Debian's rocksdb-tools (build/setup.sh does).");
            return 2;
        }

        var memory = new MemoryReport();
        var root = Path.Combine(settings.Directory, "raw-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var sample = DbBenchArguments(new RocksDbOptions(), Path.Combine(root, "db_bench"), settings.Num, settings.ValueSize, settings.SeekNexts, 1000);
        output.WriteLine("# rocksdb (raw): db_bench vs the binding vs the bytes store, same workload and settings");
        output.WriteLine();
        output.WriteLine($"- workload: {settings.Num:N0} random puts, then {settings.Num:N0} random gets, then {settings.Num:N0} random seeks + {settings.SeekNexts} nexts; {BenchKeys.KeySize}-byte keys, {settings.ValueSize}-byte values; one thread; a fresh database per side and round under {root}");
        output.WriteLine($"- settings: default RocksDbOptions (64 MiB budget: 48 MiB block cache, 8 MiB write buffers for one store, bloom 10, index and filter blocks in the cache, no compression, leveled compaction, WAL on without sync)");
        output.WriteLine($"- db_bench command (seed varies per round): `db_bench {string.Join(' ', sample)}`");
        output.WriteLine($"- rounds: {settings.Rounds}, alternating (odd rounds ours first); the .NET sides warm up once on {Math.Min(settings.Num, 50_000):N0} operations first");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; CPU: {MachineInfo.CpuModel()}; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        output.WriteLine();

        Directory.CreateDirectory(root);
        try
        {
            foreach (var layer in new[] { StoreWorkload.Layer.Binding, StoreWorkload.Layer.Store })
            {
                var warm = Path.Combine(root, "warmup");
                StoreWorkload.Run(layer, warm, new RocksDbOptions(), Math.Min(settings.Num, 50_000), settings.ValueSize, settings.SeekNexts, 1);
                Directory.Delete(warm, recursive: true);
            }

            var samples = new Dictionary<string, List<IReadOnlyDictionary<string, OpResult>>>(StringComparer.Ordinal)
            {
                ["db_bench"] = [],
                ["binding"] = [],
                ["store"] = [],
            };
            for (var round = 0; round < settings.Rounds; round++)
            {
                var seed = 1000 + round;
                var sides = round % 2 == 1 ? new[] { "binding", "store", "db_bench" } : new[] { "db_bench", "binding", "store" };
                foreach (var side in sides)
                {
                    var dir = Path.Combine(root, side);
                    var result = side switch
                    {
                        "db_bench" => DbBench.Run(DbBenchArguments(new RocksDbOptions(), dir, settings.Num, settings.ValueSize, settings.SeekNexts, seed), TimeSpan.FromMinutes(30)),
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
                "operation", "db_bench ops/s", "binding ops/s", "binding / db_bench", "store ops/s", "store / db_bench", "spread db_bench", "spread store");
            foreach (var op in Ops)
            {
                var raw = samples["db_bench"].Select(s => s[op].OpsPerSec).ToList();
                var binding = samples["binding"].Select(s => s[op].OpsPerSec).ToList();
                var store = samples["store"].Select(s => s[op].OpsPerSec).ToList();
                var rawMedian = Stats.Median(raw);
                table.Add(
                    op, Stats.N0(rawMedian), Stats.N0(Stats.Median(binding)), Stats.F(Stats.Median(binding) / rawMedian, 2),
                    Stats.N0(Stats.Median(store)), Stats.F(Stats.Median(store) / rawMedian, 2), Stats.Range(raw), Stats.Range(store));
            }

            output.WriteLine($"Medians of {settings.Rounds} rounds (target: store / db_bench >= 0.5 for get and put):");
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
}
