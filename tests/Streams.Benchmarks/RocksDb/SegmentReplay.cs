using System.Diagnostics;
using Streams.Processor;
using Streams.RocksDb;
using Streams.RocksDb.Internal;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// Part of the <c>rocksdb --scenario segments</c> command: a replay racing through event time, the case where segment
/// creation and expiry dominate. One <c>RocksDbSegmentedWindowBytesStore</c> of 1-h windows kept 70 min (1 h + 10 min
/// grace, the flight job's shape; default segment interval 35 min) takes puts whose event time advances 6 s each, so a
/// new segment is created, and an old one expired, every 600 records (every hour of event time); a flush (commit)
/// every 10,000 records. Uses only the store's constructor, <c>Put</c>, <c>Flush</c> and <c>Close</c>, so that the same
/// file measures the database-per-segment layout on a build of the earlier code.
/// </summary>
internal static class SegmentReplay
{
    public const long RetentionMs = 70 * 60_000;
    public const long WindowSizeMs = 60 * 60_000;
    public const long StepMs = 6_000;
    public const int Keys = 1_000;

    /// <summary>
    /// Replays <paramref name="records"/> records into a fresh store under <paramref name="taskDir"/>; records/s, the
    /// segments created, and the slowest put (with the segment create and drop it did) and flush, in milliseconds.
    /// </summary>
    public static (double RecordsPerSec, long Segments, double SlowestPutMs, double SlowestFlushMs) Run(string taskDir, long records, int valueSize, int seed)
    {
        var store = new RocksDbSegmentedWindowBytesStore("windows", RetentionMs, WindowSizeMs, retainDuplicates: false, new RocksDbOptions());
        store.Init(new BenchStoreContext(taskDir, new TaskId(0, 0)), store);
        try
        {
            var keys = Enumerable.Range(0, Keys).Select(k => BitConverter.GetBytes(k).Reverse().ToArray()).ToArray();
            var value = new byte[valueSize];
            var random = new Random(seed);
            random.NextBytes(value);
            var slowestPut = 0L;
            var slowestFlush = 0L;
            var sw = Stopwatch.StartNew();
            for (long i = 0; i < records; i++)
            {
                var start = i * StepMs / WindowSizeMs * WindowSizeMs;
                var before = Stopwatch.GetTimestamp();
                store.Put(keys[random.Next(Keys)], value, start);
                var after = Stopwatch.GetTimestamp();
                slowestPut = Math.Max(slowestPut, after - before);
                if (i % 10_000 == 9_999)
                {
                    store.Flush();
                    slowestFlush = Math.Max(slowestFlush, Stopwatch.GetTimestamp() - after);
                }
            }

            store.Flush();
            var elapsed = sw.Elapsed.TotalSeconds;
            return (records / elapsed, ((records - 1) * StepMs / WindowSizeMs) + 1,
                slowestPut * 1000.0 / Stopwatch.Frequency, slowestFlush * 1000.0 / Stopwatch.Frequency);
        }
        finally
        {
            store.Close();
        }
    }
}
