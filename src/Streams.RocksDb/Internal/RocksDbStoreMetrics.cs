using System.Diagnostics.Metrics;
using System.Globalization;
using Streams.RocksDb.Native;

namespace Streams.RocksDb.Internal;

/// <summary>
/// The observable instruments of <see cref="RocksDbMetrics"/> and the registry of open stores they read at
/// collection time. Reading a property of a store that closes meanwhile is safe: the database handle is a
/// <c>SafeHandle</c>, so the native database stays alive during the call, and a closed one is skipped.
/// </summary>
internal static class RocksDbStoreMetrics
{
    private static readonly Meter Meter = new(RocksDbMetrics.MeterName, "0.1.0");
    private static readonly Lock RegistryLock = new();
    private static readonly List<Registration> Registered = [];

    /// <summary>Every instrument, created once per process.</summary>
    internal static readonly IReadOnlyList<Instrument> Instruments =
    [
        Gauge("streams.rocksdb.block_cache.usage", "rocksdb.block-cache-usage", "By", "Bytes in the cache shared by the stores of one RocksDbOptions: blocks and the memtables reserved in it."),
        Gauge("streams.rocksdb.block_cache.pinned_usage", "rocksdb.block-cache-pinned-usage", "By", "Bytes of the shared block cache that cannot be evicted now."),
        Gauge("streams.rocksdb.block_cache.capacity", "rocksdb.block-cache-capacity", "By", "Capacity of the shared cache: the memory budget of blocks and memtables."),
        Gauge("streams.rocksdb.memtable.size", "rocksdb.cur-size-all-mem-tables", "By", "Bytes in the store's active and unflushed memtables."),
        Gauge("streams.rocksdb.memtable.total_size", "rocksdb.size-all-mem-tables", "By", "Bytes in the store's active, unflushed and pinned memtables."),
        Gauge("streams.rocksdb.table_readers.size", "rocksdb.estimate-table-readers-mem", "By", "Table-reader memory outside the block cache."),
        Gauge("streams.rocksdb.compaction.pending", "rocksdb.estimate-pending-compaction-bytes", "By", "Estimated bytes compaction has to rewrite."),
        Gauge("streams.rocksdb.sst_files.size", "rocksdb.total-sst-files-size", "By", "Bytes of the store's SST files."),
        Gauge("streams.rocksdb.live_sst_files.size", "rocksdb.live-sst-files-size", "By", "Bytes of the store's SST files of the current version."),
        Gauge("streams.rocksdb.live_data.size", "rocksdb.estimate-live-data-size", "By", "Estimated bytes of the store's live data."),
        Gauge("streams.rocksdb.keys.estimated", "rocksdb.estimate-num-keys", "{key}", "Estimated number of keys in the store."),
        Meter.CreateObservableCounter(
            "streams.rocksdb.block_cache.hits", () => ObserveTicker(HitTicker), "{lookup}", "Block cache hits (stores with statistics enabled)."),
        Meter.CreateObservableCounter(
            "streams.rocksdb.block_cache.misses", () => ObserveTicker(MissTicker), "{lookup}", "Block cache misses (stores with statistics enabled)."),
        HitRatio("streams.rocksdb.block_cache.hit_ratio", "rocksdb.block.cache", "Block cache hits / (hits + misses) since the store opened (stores with statistics enabled)."),
        HitRatio("streams.rocksdb.block_cache.data.hit_ratio", "rocksdb.block.cache.data", "Block cache hit ratio of data blocks since the store opened (stores with statistics enabled)."),
        HitRatio("streams.rocksdb.block_cache.index.hit_ratio", "rocksdb.block.cache.index", "Block cache hit ratio of index blocks since the store opened (stores with statistics enabled)."),
        HitRatio("streams.rocksdb.block_cache.filter.hit_ratio", "rocksdb.block.cache.filter", "Block cache hit ratio of filter blocks since the store opened (stores with statistics enabled)."),
    ];

    private const string HitTicker = "rocksdb.block.cache.hit";
    private const string MissTicker = "rocksdb.block.cache.miss";

    /// <summary>
    /// Publishes the metrics of <paramref name="db"/> until the returned registration is disposed (before the database
    /// closes).
    /// </summary>
    public static IDisposable Register(RocksDatabase db, string storeName, string taskId) =>
        Register(db, db, [new("store", storeName), new("task", taskId)]);

    /// <summary>
    /// Publishes the property metrics of one segment of a segmented store, a column family, tagged with its
    /// <paramref name="segment"/> name as well, until the returned registration is disposed (before it is dropped).
    /// </summary>
    public static IDisposable Register(RocksColumnFamily family, string storeName, string taskId, string segment) =>
        Register(family, null, [new("store", storeName), new("task", taskId), new("segment", segment)]);

    /// <summary>
    /// Publishes the statistics (block cache hits and misses) of a segmented store's database, which its column families
    /// share, until the returned registration is disposed; its properties come per segment (<see cref="Register(RocksColumnFamily, string, string, string)"/>).
    /// </summary>
    public static IDisposable RegisterStatistics(RocksDatabase db, string storeName, string taskId) =>
        Register(null, db, [new("store", storeName), new("task", taskId)]);

    private static Registration Register(IMemtableOwner? properties, RocksDatabase? statistics, KeyValuePair<string, object?>[] tags)
    {
        var registration = new Registration(properties, statistics, tags);
        lock (RegistryLock)
        {
            Registered.Add(registration);
        }

        return registration;
    }

    /// <summary>Parses one ticker's count out of RocksDB's statistics text; null when absent.</summary>
    internal static long? ParseTicker(string statistics, string ticker)
    {
        var marker = ticker + " COUNT : ";
        var at = statistics.IndexOf(marker, StringComparison.Ordinal);
        while (at > 0 && statistics[at - 1] != '\n')
        {
            at = statistics.IndexOf(marker, at + 1, StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return null;
        }

        var start = at + marker.Length;
        var end = start;
        while (end < statistics.Length && char.IsAsciiDigit(statistics[end]))
        {
            end++;
        }

        return long.TryParse(statistics.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static ObservableGauge<long> Gauge(string name, string property, string unit, string description) =>
        Meter.CreateObservableGauge(name, () => ObserveProperty(property), unit, description);

    /// <summary>A ratio of the tickers <c>{tickerPrefix}.hit</c> / (<c>.hit</c> + <c>.miss</c>).</summary>
    private static ObservableGauge<double> HitRatio(string name, string tickerPrefix, string description) =>
        Meter.CreateObservableGauge(name, () => ObserveHitRatio(tickerPrefix + ".hit", tickerPrefix + ".miss"), "1", description);

    private static Registration[] Snapshot()
    {
        lock (RegistryLock)
        {
            return [.. Registered];
        }
    }

    private static List<Measurement<long>> ObserveProperty(string property)
    {
        var result = new List<Measurement<long>>();
        foreach (var r in Snapshot())
        {
            try
            {
                if (r.Properties?.GetIntProperty(property) is { } value)
                {
                    result.Add(new Measurement<long>(value > long.MaxValue ? long.MaxValue : (long)value, r.Tags));
                }
            }
            catch (ObjectDisposedException)
            {
                // Closed between the snapshot and the read.
            }
        }

        return result;
    }

    private static List<Measurement<long>> ObserveTicker(string ticker)
    {
        var result = new List<Measurement<long>>();
        foreach (var r in Snapshot())
        {
            if (Statistics(r) is { } stats && ParseTicker(stats, ticker) is { } count)
            {
                result.Add(new Measurement<long>(count, r.Tags));
            }
        }

        return result;
    }

    private static List<Measurement<double>> ObserveHitRatio(string hitTicker, string missTicker)
    {
        var result = new List<Measurement<double>>();
        foreach (var r in Snapshot())
        {
            if (Statistics(r) is { } stats && ParseTicker(stats, hitTicker) is { } hits && ParseTicker(stats, missTicker) is { } misses && hits + misses > 0)
            {
                result.Add(new Measurement<double>((double)hits / (hits + misses), r.Tags));
            }
        }

        return result;
    }

    private static string? Statistics(Registration r)
    {
        try
        {
            return r.Statistics?.GetStatistics();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private sealed class Registration(IMemtableOwner? properties, RocksDatabase? statistics, KeyValuePair<string, object?>[] tags) : IDisposable
    {
        public IMemtableOwner? Properties { get; } = properties;

        public RocksDatabase? Statistics { get; } = statistics;

        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        public void Dispose()
        {
            lock (RegistryLock)
            {
                Registered.Remove(this);
            }
        }
    }
}
