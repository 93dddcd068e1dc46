using System.Diagnostics;
using System.Globalization;
using Streams.Benchmarks.Support;
using Streams.Processor;
using Streams.RocksDb;
using Streams.RocksDb.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// The <c>rocksdb --scenario segments</c> command: the segmented RocksDB window store against the previous layout
/// (kept here as the baseline: <c>KeyValueWindowBytesStore</c>, an in-memory index of keys per window start, over one
/// <c>RocksDbKeyValueBytesStore</c>, expiring windows by a batch of deletes). Per round and side, on a fresh directory:
/// N puts of 1-second windows of 10,000 random keys, starts spread in order over one retention period (1 h, so nothing
/// expires while loading); N / 5 fetches of one key over one minute; then one put 3 h later, which expires all N
/// records (the old layout deletes them key by key in one write batch, the segmented one drops its segment
/// directories), timed with the flush that follows; and the bytes left on disk after it. Alternating sides, medians, ratios.
/// Then "segment churn": one segment's life as a database vs as a column family vs as a key prefix
/// (<see cref="SegmentCreateDrop"/>) and an event-time replay creating and dropping a segment every 600 puts
/// (<see cref="SegmentReplay"/>, this build's layout).
/// </summary>
internal sealed class SegmentsScenario(RocksDbBenchSettings settings, TextWriter output)
{
    private const long RetentionMs = 3_600_000;
    private const long WindowSizeMs = 1_000;
    private const int Keys = 10_000;

    private static readonly string[] Sides = ["key-by-key", "segments"];

    public int Run()
    {
        var root = Path.Combine(settings.Directory, "segments-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        output.WriteLine("# rocksdb (segments): expiring windowed records by dropping segments vs deleting them key by key");
        output.WriteLine();
        output.WriteLine($"- workload: {settings.Num:N0} puts of {WindowSizeMs / 1000}-s windows of {Keys:N0} random keys ({settings.ValueSize}-byte values), starts in order over one retention period ({RetentionMs / 60_000} min); "
            + $"{settings.Num / 5:N0} fetches of one random key over one minute; then one put {3 * RetentionMs / 60_000} min later, which expires every record; one thread; a fresh directory per side and round under {root}");
        output.WriteLine($"- key-by-key: the previous layout, KeyValueWindowBytesStore over one RocksDbKeyValueBytesStore (in-memory index of keys per start, batch delete of the expired keys); "
            + $"segments: RocksDbSegmentedWindowBytesStore, segment interval {RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(RetentionMs) / 60_000} min (2 segments hold the load)");
        output.WriteLine($"- rounds: {settings.Rounds}, alternating (odd rounds segments first), after one warm-up of each side on {Math.Min(settings.Num, 50_000):N0} records");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; CPU: {MachineInfo.CpuModel()}; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        output.WriteLine();
        Directory.CreateDirectory(root);
        try
        {
            foreach (var side in Sides)
            {
                RunSide(side, Path.Combine(root, "warmup"), Math.Min(settings.Num, 50_000), 1);
            }

            var samples = Sides.ToDictionary(s => s, _ => new List<SideResult>(), StringComparer.Ordinal);
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var side in round % 2 == 1 ? Sides.Reverse() : Sides)
                {
                    var result = RunSide(side, Path.Combine(root, side), settings.Num, 1000 + round);
                    samples[side].Add(result);
                    output.WriteLine(
                        $"round {round + 1} {side,-10}: put {Stats.N0(result.PutsPerSec)}/s, fetch {Stats.N0(result.FetchesPerSec)}/s, "
                        + $"expire {Stats.F(result.ExpireMs, 1)} ms, disk after expiry {Stats.F(result.BytesAfterExpiry / 1048576.0, 1)} MiB");
                }
            }

            output.WriteLine();
            var table = new MarkdownTable("measure", "key-by-key (median)", "segments (median)", "segments / key-by-key", "spread key-by-key", "spread segments");
            Add(table, "puts/s (load)", samples, r => r.PutsPerSec);
            Add(table, "fetches/s (one key, one minute)", samples, r => r.FetchesPerSec);
            Add(table, $"expire {settings.Num:N0} records: ms (put + flush)", samples, r => r.ExpireMs);
            Add(table, "MiB on disk after expiry", samples, r => r.BytesAfterExpiry / 1048576.0);
            output.WriteLine($"Medians of {settings.Rounds} rounds:");
            output.WriteLine();
            table.Write(output);
            output.WriteLine();
            var speedup = Stats.Median(samples["key-by-key"].Select(r => r.ExpireMs).ToList()) / Stats.Median(samples["segments"].Select(r => r.ExpireMs).ToList());
            output.WriteLine($"- expiry: dropping segments is {Stats.F(speedup, 0)}x faster than deleting key by key");
            output.WriteLine();
            RunChurn(root);
            output.WriteLine($"- load average at end: {MachineInfo.LoadAverage()}");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>Segment creation and expiry: one segment's life as a database vs as a column family vs as a key prefix, and an event-time replay through the store.</summary>
    private void RunChurn(string root)
    {
        const int Lives = 200;
        var replayRecords = Math.Max(10_000, settings.Num / 5);
        output.WriteLine("## segment churn: creating and dropping segments");
        output.WriteLine();
        output.WriteLine($"- segment life: create, one put, drop; {Lives} lives per side and round: a database per segment (open in a new directory, close, delete it) vs a column family of one open database (create, drop) vs a key prefix of one open database (put under the prefix; drop: range delete, deletion of files of only expired segments, compaction hint); same run, rotating the order");
        output.WriteLine($"- replay: {replayRecords:N0} puts into a window store of 1-h windows kept {SegmentReplay.RetentionMs / 60_000} min (segment interval {RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(SegmentReplay.RetentionMs) / 60_000} min), event time +{SegmentReplay.StepMs / 1000} s per put: a segment created and one expired every {SegmentReplay.WindowSizeMs / SegmentReplay.StepMs} puts; flush every 10,000 puts");
        output.WriteLine($"- load average: {MachineInfo.LoadAverage()}");
        output.WriteLine();
        var lives = new List<(double Database, double Family, double Prefix)>();
        SegmentCreateDrop.Run(Path.Combine(root, "churn-warmup"), 20, first: 0);
        for (var round = 0; round < settings.Rounds; round++)
        {
            var life = SegmentCreateDrop.Run(Path.Combine(root, "churn"), Lives, first: round % 3);
            lives.Add(life);
            output.WriteLine($"round {round + 1} segment life: database {Stats.F(life.DatabaseMs, 3)} ms, column family {Stats.F(life.ColumnFamilyMs, 3)} ms, key prefix {Stats.F(life.KeyPrefixMs, 3)} ms");
        }

        var replays = new List<double>();
        var slowestPuts = new List<double>();
        var slowestFlushes = new List<double>();
        long segments = 0;
        RunReplay(Path.Combine(root, "replay-warmup"), 10_000, 1);
        for (var round = 0; round < settings.Rounds; round++)
        {
            var (recordsPerSec, created, slowestPut, slowestFlush) = RunReplay(Path.Combine(root, "replay"), replayRecords, 2000 + round);
            replays.Add(recordsPerSec);
            slowestPuts.Add(slowestPut);
            slowestFlushes.Add(slowestFlush);
            segments = created;
            output.WriteLine($"round {round + 1} replay: {Stats.N0(recordsPerSec)} puts/s, {created} segments created, {Stats.F(replayRecords / recordsPerSec * 1000 / created, 2)} ms per segment of event time, slowest put {Stats.F(slowestPut, 1)} ms, slowest flush {Stats.F(slowestFlush, 1)} ms");
        }

        output.WriteLine();
        var databaseMs = lives.Select(l => l.Database).ToList();
        var familyMs = lives.Select(l => l.Family).ToList();
        var prefixMs = lives.Select(l => l.Prefix).ToList();
        var table = new MarkdownTable("measure", "median", "spread");
        table.Add("segment life as a database: ms", Stats.F(Stats.Median(databaseMs), 3), Stats.Range(databaseMs));
        table.Add("segment life as a column family: ms", Stats.F(Stats.Median(familyMs), 3), Stats.Range(familyMs));
        table.Add("segment life as a key prefix: ms", Stats.F(Stats.Median(prefixMs), 3), Stats.Range(prefixMs));
        table.Add("column family / database", Stats.F(Stats.Median(familyMs) / Stats.Median(databaseMs), 4), "-");
        table.Add("key prefix / column family", Stats.F(Stats.Median(prefixMs) / Stats.Median(familyMs), 4), "-");
        table.Add($"replay puts/s ({segments} segments)", Stats.N0(Stats.Median(replays)), Stats.Range(replays));
        table.Add("replay ms per segment of event time (600 puts + 1 create + 1 drop)", Stats.F(replayRecords / Stats.Median(replays) * 1000 / segments, 2), "-");
        table.Add("replay slowest put (with its segment create + drop): ms", Stats.F(Stats.Median(slowestPuts), 1), Stats.Range(slowestPuts));
        table.Add("replay slowest flush (commit): ms", Stats.F(Stats.Median(slowestFlushes), 1), Stats.Range(slowestFlushes));
        output.WriteLine($"Medians of {settings.Rounds} rounds:");
        output.WriteLine();
        table.Write(output);
        output.WriteLine();
    }

    private (double RecordsPerSec, long Segments, double SlowestPutMs, double SlowestFlushMs) RunReplay(string directory, long records, int seed)
    {
        try
        {
            return SegmentReplay.Run(Path.Combine(directory, "0_0"), records, settings.ValueSize, seed);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Add(MarkdownTable table, string measure, Dictionary<string, List<SideResult>> samples, Func<SideResult, double> pick)
    {
        var old = samples["key-by-key"].Select(pick).ToList();
        var segmented = samples["segments"].Select(pick).ToList();
        var oldMedian = Stats.Median(old);
        var segmentedMedian = Stats.Median(segmented);
        table.Add(
            measure, Stats.F(oldMedian, oldMedian >= 100 ? 0 : 1), Stats.F(segmentedMedian, segmentedMedian >= 100 ? 0 : 1),
            oldMedian == 0 ? "-" : Stats.F(segmentedMedian / oldMedian, 3), Stats.Range(old), Stats.Range(segmented));
    }

    private SideResult RunSide(string side, string directory, long num, int seed)
    {
        var options = new RocksDbOptions();
        IWindowBytesStore store = side == "segments"
            ? new RocksDbSegmentedWindowBytesStore("windows", RetentionMs, WindowSizeMs, retainDuplicates: false, options)
            : new KeyValueWindowBytesStore(new RocksDbKeyValueBytesStore("windows", options), RetentionMs, WindowSizeMs);
        var taskDir = Path.Combine(directory, "0_0");
        store.Init(new BenchStoreContext(taskDir, new TaskId(0, 0)), store);
        try
        {
            var keys = Enumerable.Range(0, Keys).Select(k => BitConverter.GetBytes(k).Reverse().ToArray()).ToArray();
            var value = new byte[settings.ValueSize];
            var random = new Random(seed);
            random.NextBytes(value);

            var sw = Stopwatch.StartNew();
            for (long i = 0; i < num; i++)
            {
                var start = i * (RetentionMs - WindowSizeMs) / num / WindowSizeMs * WindowSizeMs;
                store.Put(keys[random.Next(Keys)], value, start);
            }

            store.Flush();
            var putsPerSec = num / sw.Elapsed.TotalSeconds;

            var fetches = Math.Max(1, num / 5);
            sw.Restart();
            long found = 0;
            for (long i = 0; i < fetches; i++)
            {
                var to = 60_000 + random.NextInt64(RetentionMs - 60_000);
                using var range = store.Fetch(keys[random.Next(Keys)], to - 60_000, to);
                while (range.MoveNext())
                {
                    found++;
                }
            }

            var fetchesPerSec = fetches / sw.Elapsed.TotalSeconds;
            GC.KeepAlive(found);

            sw.Restart();
            store.Put(keys[0], value, 3 * RetentionMs);
            store.Flush();
            var expireMs = sw.Elapsed.TotalMilliseconds;
            var bytes = Directory.EnumerateFiles(taskDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            return new SideResult(putsPerSec, fetchesPerSec, expireMs, bytes);
        }
        finally
        {
            store.Close();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private sealed record SideResult(double PutsPerSec, double FetchesPerSec, double ExpireMs, long BytesAfterExpiry);
}
