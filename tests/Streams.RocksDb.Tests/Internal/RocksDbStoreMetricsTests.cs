using System.Diagnostics.Metrics;
using Streams.RocksDb.Internal;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Internal;

public sealed class RocksDbStoreMetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _storeName = "metrics-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Observable_gauges_report_an_open_store_and_stop_once_it_closes()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 8 * 1024 * 1024, ConfigureStore = (_, s) => s.EnableStatistics = true };
        var store = new RocksDbKeyValueBytesStore(_storeName, options);
        var context = new FakeStateStoreContext(_dir.Combine("app", "0_3"));
        store.Init(context, store);
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                store.Put(Of($"k{i:D4}"), Of("value"));
            }

            var beforeFlush = Collect();
            beforeFlush["streams.rocksdb.memtable.size"].Should().BeGreaterThan(0);
            beforeFlush["streams.rocksdb.memtable.total_size"].Should().BeGreaterThanOrEqualTo(beforeFlush["streams.rocksdb.memtable.size"], "it adds the pinned memtables");
            beforeFlush["streams.rocksdb.sst_files.size"].Should().Be(0, "nothing is flushed yet");
            beforeFlush["streams.rocksdb.keys.estimated"].Should().Be(1000);

            store.Database!.Flush();
            store.Get(Of("k0001")).Should().NotBeNull();
            store.Get(Of("k0002")).Should().NotBeNull();

            var m = Collect();
            m["streams.rocksdb.block_cache.capacity"].Should().Be(options.MemoryBudgetBytes);
            m["streams.rocksdb.block_cache.usage"].Should().BeGreaterThan(0);
            m.Should().ContainKey("streams.rocksdb.block_cache.pinned_usage");
            m.Should().ContainKey("streams.rocksdb.table_readers.size");
            m["streams.rocksdb.compaction.pending"].Should().BeGreaterThanOrEqualTo(0);
            m["streams.rocksdb.sst_files.size"].Should().BeGreaterThan(0);
            m["streams.rocksdb.live_sst_files.size"].Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(m["streams.rocksdb.sst_files.size"]);
            m["streams.rocksdb.live_data.size"].Should().BeGreaterThan(0);
            m["streams.rocksdb.keys.estimated"].Should().Be(1000);
            (m["streams.rocksdb.block_cache.hits"] + m["streams.rocksdb.block_cache.misses"]).Should().BeGreaterThan(0);
            m["streams.rocksdb.block_cache.hit_ratio"].Should().BeInRange(0, 1);
            m["streams.rocksdb.block_cache.data.hit_ratio"].Should().BeInRange(0, 1, "two point reads went through data blocks");
        }
        finally
        {
            store.Close();
        }

        Collect().Should().BeEmpty("a closed store is no longer observed");
    }

    [Fact]
    public void Stores_without_statistics_report_no_hit_counts()
    {
        var store = new RocksDbKeyValueBytesStore(_storeName, new RocksDbOptions());
        store.Init(new FakeStateStoreContext(_dir.Combine("app", "1_0")), store);
        try
        {
            store.Put(Of("k"), Of("v"));

            var m = Collect();

            m.Should().ContainKey("streams.rocksdb.block_cache.usage");
            m.Should().NotContainKey("streams.rocksdb.block_cache.hits");
            m.Should().NotContainKey("streams.rocksdb.block_cache.hit_ratio");
            m.Should().NotContainKey("streams.rocksdb.block_cache.data.hit_ratio");
        }
        finally
        {
            store.Close();
        }
    }

    [Fact]
    public void Tickers_are_parsed_from_whole_lines_of_the_statistics_text()
    {
        const string stats = "rocksdb.block.cache.miss COUNT : 7\nrocksdb.block.cache.hit COUNT : 12\nrocksdb.block.cache.index.hit COUNT : 3\n";

        RocksDbStoreMetrics.ParseTicker(stats, "rocksdb.block.cache.hit").Should().Be(12);
        RocksDbStoreMetrics.ParseTicker(stats, "rocksdb.block.cache.miss").Should().Be(7);
        RocksDbStoreMetrics.ParseTicker(stats, "cache.hit").Should().BeNull();
        RocksDbStoreMetrics.ParseTicker(stats, "rocksdb.no.such.ticker").Should().BeNull();
    }

    [Fact]
    public void All_instruments_are_on_the_Streams_RocksDb_meter()
    {
        RocksDbStoreMetrics.Instruments.Should().HaveCount(17);
        RocksDbStoreMetrics.Instruments.Should().OnlyContain(i => i.Meter.Name == RocksDbMetrics.MeterName && i.Name.StartsWith("streams.rocksdb.", StringComparison.Ordinal));
        RocksDbMetrics.MeterName.Should().Be("Streams.RocksDb");
    }

    /// <summary>One collection of every instrument, keeping the measurements tagged with this test's store (tests run in parallel).</summary>
    private Dictionary<string, double> Collect()
    {
        var result = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RocksDbMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? store = null;
            string? task = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "store")
                {
                    store = tag.Value as string;
                }
                else if (tag.Key == "task")
                {
                    task = tag.Value as string;
                }
            }

            if (store == _storeName)
            {
                task.Should().NotBeNullOrEmpty();
                result[instrument.Name] = value;
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return result;
    }
}
