using System.Diagnostics;
using System.Globalization;
using Streams.Benchmarks.Support;
using Streams.Processor;
using Streams.RocksDb;
using Streams.RocksDb.Internal;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// <c>rocksdb --scenario memory</c>, meant to run in a process of its own: one application instance's worth of RocksDB
/// state, N keys spread over S stores opened as S tasks (one store per task directory, as a one-store sub-topology
/// with S partitions), all sharing one <see cref="RocksDbOptions"/> with <c>MemoryBudgetBytes</c> = the budget. Phases:
/// load (every key once, a commit = flush of every store every 100,000 puts), random point reads of every key, short
/// range scans, random overwrites of every key. A sampler reads the process RSS and RocksDB's own accounting (cache
/// usage, which includes the write buffer manager's memtable reservations, memtables, table readers) every 50 ms; peaks
/// are reported against the target RSS &lt; budget + 50 MiB.
/// </summary>
internal sealed class MemoryScenario(RocksDbBenchSettings settings, TextWriter output)
{
    private const long MiB = 1024 * 1024;
    private const int CommitEvery = 100_000;
    private const int ScanCount = 100_000;

    public int Run()
    {
        GC.Collect();
        var rssAtStart = ProcessMemory.CurrentRssBytes;
        var nativeAtStart = rssAtStart - GC.GetGCMemoryInfo().TotalCommittedBytes;
        var root = Path.Combine(settings.Directory, "memory-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var budget = settings.BudgetMib * MiB;
        var options = new RocksDbOptions { MemoryBudgetBytes = budget };
        output.WriteLine("# rocksdb --scenario memory: bounded memory of many stores under one budget");
        output.WriteLine();
        output.WriteLine($"- {settings.Keys:N0} keys ({BenchKeys.KeySize}-byte keys, {settings.ValueSize}-byte values, {(settings.Keys * (BenchKeys.KeySize + settings.ValueSize)) / (double)MiB:N0} MiB raw) over {settings.Stores} stores opened as {settings.Stores} tasks, one thread, under {root}");
        output.WriteLine($"- one RocksDbOptions: MemoryBudgetBytes {budget / MiB} MiB = the capacity of one cache holding blocks and, through the write buffer manager, memtables (at most {options.WriteBufferBudgetBytes / MiB} MiB of them; {options.Budget.WriteBufferSizeFor(settings.Stores) / 1024} KiB x 2 per store with {settings.Stores} open)");
        output.WriteLine($"- native library: {RocksDbBenchmark.NativeLibraryPath() ?? "(not mapped yet)"}");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; RSS at start {ProcessMemory.Mib(rssAtStart)}");
        output.WriteLine();

        Directory.CreateDirectory(root);
        var stores = new List<RocksDbKeyValueBytesStore>();
        using var sampler = new Sampler(options.Budget);
        try
        {
            for (var task = 0; task < settings.Stores; task++)
            {
                var store = new RocksDbKeyValueBytesStore("state", options);
                store.Init(new BenchStoreContext(Path.Combine(root, $"0_{task}"), new TaskId(0, task)), store);
                stores.Add(store);
            }

            var rssOpen = ProcessMemory.CurrentRssBytes;
            var values = BenchKeys.Values(settings.ValueSize, 1024, 7);
            var table = new MarkdownTable(
                "phase", "ops", "ops/s", "RSS at end", "peak RSS in phase", "cache usage (peak)", "cache pinned (peak)", "memtables (peak)", "table readers (peak)", "RocksDB total (peak)", "GC committed (peak)", "RSS - GC committed (peak)");
            void Phase(string name, long ops, Action body)
            {
                sampler.ResetPhase();
                var sw = Stopwatch.StartNew();
                body();
                sw.Stop();
                var p = sampler.Sample();
                table.Add(
                    name, Stats.N0(ops), Stats.N0(ops / sw.Elapsed.TotalSeconds), ProcessMemory.Mib(p.Rss), ProcessMemory.Mib(sampler.PhasePeak.Rss),
                    ProcessMemory.Mib(sampler.PhasePeak.Cache), ProcessMemory.Mib(sampler.PhasePeak.Pinned), ProcessMemory.Mib(sampler.PhasePeak.Memtables), ProcessMemory.Mib(sampler.PhasePeak.TableReaders),
                    ProcessMemory.Mib(sampler.PhasePeak.RocksDbTotal), ProcessMemory.Mib(sampler.PhasePeak.GcCommitted), ProcessMemory.Mib(sampler.PhasePeak.RssOutsideGc));
            }

            var keys = settings.Keys;
            Phase("load (every key once, random order)", keys, () =>
            {
                var order = new Permutation(keys, 11);
                Span<byte> key = stackalloc byte[BenchKeys.KeySize];
                for (long i = 0; i < keys; i++)
                {
                    var k = order[i];
                    BenchKeys.Write(k, key);
                    stores[(int)(k % stores.Count)].Put(key, values[i & 1023]);
                    if ((i + 1) % CommitEvery == 0)
                    {
                        stores.ForEach(s => s.Flush());
                    }
                }

                stores.ForEach(s => s.Flush());
            });
            Phase("point reads (every key, random order)", keys, () =>
            {
                var order = new Permutation(keys, 12);
                Span<byte> key = stackalloc byte[BenchKeys.KeySize];
                long found = 0;
                for (long i = 0; i < keys; i++)
                {
                    BenchKeys.Write(order[i], key);
                    found += stores[(int)(order[i] % stores.Count)].Get(key) is null ? 0 : 1;
                }

                if (found != keys)
                {
                    throw new InvalidOperationException($"Found {found:N0} of {keys:N0} keys.");
                }
            });
            Phase("range scans (10 entries each)", ScanCount, () =>
            {
                var random = new Random(13);
                for (var i = 0; i < ScanCount; i++)
                {
                    var from = BenchKeys.Of(random.NextInt64(keys));
                    using var range = stores[random.Next(stores.Count)].Range(from, null);
                    for (var j = 0; j < 10 && range.MoveNext(); j++)
                    {
                    }
                }
            });
            Phase("overwrites (every key, random order)", keys, () =>
            {
                var order = new Permutation(keys, 14);
                Span<byte> key = stackalloc byte[BenchKeys.KeySize];
                for (long i = 0; i < keys; i++)
                {
                    BenchKeys.Write(order[i], key);
                    stores[(int)(order[i] % stores.Count)].Put(key, values[(i + 512) & 1023]);
                    if ((i + 1) % CommitEvery == 0)
                    {
                        stores.ForEach(s => s.Flush());
                    }
                }

                stores.ForEach(s => s.Flush());
            });

            var overall = sampler.Peak;
            var hwm = ProcessMemory.PeakRssBytes;
            var sst = stores.Sum(s => (long)(s.Database!.GetIntProperty("rocksdb.total-sst-files-size") ?? 0));
            var estimatedKeys = stores.Sum(s => s.ApproximateNumEntries);
            table.Write(output);
            output.WriteLine();

            var target = budget + (50 * MiB);
            var summary = new MarkdownTable("measure", "value");
            summary.Add("RSS at start (runtime, no store open)", ProcessMemory.Mib(rssAtStart));
            summary.Add("RSS - GC committed at start", ProcessMemory.Mib(nativeAtStart));
            summary.Add($"RSS with {settings.Stores} empty stores open", ProcessMemory.Mib(rssOpen));
            summary.Add("peak RSS (VmHWM, whole run)", ProcessMemory.Mib(hwm));
            summary.Add("peak RSS - RSS at start", ProcessMemory.Mib(hwm - rssAtStart));
            summary.Add("native library", RocksDbBenchmark.NativeLibraryPath() ?? "(none found)");
            summary.Add("RocksDB accounting, peak of cache usage + table readers + memtables not reserved in the cache", ProcessMemory.Mib(overall.RocksDbTotal));
            summary.Add("cache usage peak (blocks + memtable reservations) / capacity", $"{ProcessMemory.Mib(overall.Cache)} / {ProcessMemory.Mib(budget)}");
            summary.Add("cache pinned usage peak", ProcessMemory.Mib(overall.Pinned));
            summary.Add("memtables peak (all stores) / write buffer manager allowance", $"{ProcessMemory.Mib(overall.Memtables)} / {ProcessMemory.Mib(options.WriteBufferBudgetBytes)}");
            summary.Add("managed heap peak (GC.GetTotalMemory) / GC committed peak", $"{ProcessMemory.Mib(overall.Managed)} / {ProcessMemory.Mib(overall.GcCommitted)}");
            summary.Add("peak of RSS - GC committed (native memory, runtime included)", ProcessMemory.Mib(overall.RssOutsideGc));
            var atPeak = sampler.AtPeakRss;
            summary.Add(
                "at the sample of largest RSS: RSS / RocksDB accounting / glibc malloc in use / malloc free in arenas / GC committed",
                $"{ProcessMemory.Mib(atPeak.Rss)} / {ProcessMemory.Mib(atPeak.RocksDbTotal)} / {ProcessMemory.Mib(atPeak.MallocInUse)} / {ProcessMemory.Mib(atPeak.MallocFree)} / {ProcessMemory.Mib(atPeak.GcCommitted)}");
            summary.Add("glibc malloc peaks: in use / free in arenas", $"{ProcessMemory.Mib(overall.MallocInUse)} / {ProcessMemory.Mib(overall.MallocFree)}");
            summary.Add("SST files on disk at end / estimated keys", $"{ProcessMemory.Mib(sst)} / {estimatedKeys:N0}");
            summary.Add($"target: peak RSS < budget + 50 MiB = {ProcessMemory.Mib(target)}", hwm < target ? "**met**" : "**missed**");
            summary.Write(output);
            output.WriteLine();
            output.WriteLine($"- samples: {sampler.Count:N0} (every 50 ms); load average at end: {MachineInfo.LoadAverage()}");
            return 0;
        }
        finally
        {
            stores.ForEach(s => s.Close());
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// A pseudo-random permutation of [0, n) without an array (so the harness adds no managed memory): i -> (i x m + c) mod n
    /// with m coprime to n, m and c drawn from a seed.
    /// </summary>
    private readonly struct Permutation
    {
        private readonly long _n;
        private readonly long _m;
        private readonly long _c;

        public Permutation(long n, int seed)
        {
            var random = new Random(seed);
            _n = n;
            _c = random.NextInt64(n);
            var m = (n / 2) + random.NextInt64(Math.Max(1, n / 3));
            while (System.Numerics.BigInteger.GreatestCommonDivisor(m, n) != 1)
            {
                m++;
            }

            _m = m % n;
        }

        public long this[long i] => (long)(((System.Int128)i * _m + _c) % _n);
    }

    /// <summary>One reading of the process and of RocksDB's accounting; as a peak, each field is its own maximum.</summary>
    private readonly record struct Reading(long Rss, long Cache, long Pinned, long Memtables, long TableReaders, long Managed, long RocksDbTotal, long GcCommitted, long RssOutsideGc, long MallocInUse, long MallocFree)
    {
        public Reading Max(Reading o) => new(
            Math.Max(Rss, o.Rss), Math.Max(Cache, o.Cache), Math.Max(Pinned, o.Pinned), Math.Max(Memtables, o.Memtables), Math.Max(TableReaders, o.TableReaders),
            Math.Max(Managed, o.Managed), Math.Max(RocksDbTotal, o.RocksDbTotal), Math.Max(GcCommitted, o.GcCommitted), Math.Max(RssOutsideGc, o.RssOutsideGc),
            Math.Max(MallocInUse, o.MallocInUse), Math.Max(MallocFree, o.MallocFree));
    }

    /// <summary>Samples every 50 ms on a thread of its own; keeps the peaks of the run and of the current phase.</summary>
    private sealed class Sampler : IDisposable
    {
        private readonly MemoryBudget _budget;
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private Reading _peak;
        private Reading _phasePeak;
        private Reading _atPeakRss;

        public Sampler(MemoryBudget budget)
        {
            _budget = budget;
            _timer = new Timer(_ => Sample(), null, 0, 50);
        }

        public int Count { get; private set; }

        /// <summary>The largest value of each measure over the run (RocksDbTotal: the largest simultaneous sum).</summary>
        public Reading Peak
        {
            get
            {
                lock (_lock)
                {
                    return _peak;
                }
            }
        }

        /// <summary>The whole sample with the largest RSS (its fields are simultaneous).</summary>
        public Reading AtPeakRss
        {
            get
            {
                lock (_lock)
                {
                    return _atPeakRss;
                }
            }
        }

        public Reading PhasePeak
        {
            get
            {
                lock (_lock)
                {
                    return _phasePeak;
                }
            }
        }

        public void ResetPhase()
        {
            lock (_lock)
            {
                _phasePeak = default;
            }
        }

        public Reading Sample()
        {
            long memtables = 0;
            long readers = 0;
            foreach (var db in _budget.MemtableOwners())
            {
                try
                {
                    memtables += (long)(db.GetIntProperty("rocksdb.cur-size-all-mem-tables") ?? 0);
                    readers += (long)(db.GetIntProperty("rocksdb.estimate-table-readers-mem") ?? 0);
                }
                catch (ObjectDisposedException)
                {
                }
            }

            var cache = _budget.CacheUsageBytes;
            var pinned = _budget.CachePinnedUsageBytes;

            // Memtables are charged to the cache (the write buffer manager's reservations): count only what exceeds them.
            var unreserved = Math.Max(0, memtables - _budget.WriteBufferReservedInCacheBytes);
            var rss = ProcessMemory.CurrentRssBytes;
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            var (mallocInUse, mallocFree) = ProcessMemory.Malloc();
            var r = new Reading(rss, cache, pinned, memtables, readers, GC.GetTotalMemory(forceFullCollection: false), cache + unreserved + readers, committed, rss - committed, mallocInUse, mallocFree);
            lock (_lock)
            {
                Count++;
                if (r.Rss > _atPeakRss.Rss)
                {
                    _atPeakRss = r;
                }

                _peak = _peak.Max(r);
                _phasePeak = _phasePeak.Max(r);
            }

            return r;
        }

        public void Dispose() => _timer.Dispose();
    }
}
