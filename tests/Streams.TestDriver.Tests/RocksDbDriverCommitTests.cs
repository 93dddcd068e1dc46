using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;

namespace Streams.TestDriver.Tests;

/// <summary>
/// The driver commits after every record with RocksDB stores too (caches flushed and forwarded, stores readable), without
/// an fsync per record: the write-ahead log is synced when the driver is disposed, so a given state directory holds the
/// stores' contents for the next driver.
/// </summary>
public sealed class RocksDbDriverCommitTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "driver-rocksdb-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Every_piped_record_is_committed_forwarded_and_readable_and_the_stores_survive_dispose()
    {
        using (var driver = NewDriver())
        {
            var input = driver.CreateInputTopic("words", Serdes.String, Serdes.String);
            var output = driver.CreateOutputTopic("counts-out", Serdes.String, Serdes.Int64);
            var changelog = driver.CreateOutputTopic("app-counts-changelog", Serdes.String, Serdes.ByteArray);

            input.PipeInput("a", "x", 1);
            output.ReadKeyValuesToList().Select(kv => (kv.Key, kv.Value)).Should().Equal(("a", 1L));
            changelog.QueueSize.Should().Be(1, "the cache was flushed at the commit after the record");
            driver.GetKeyValueStore<string?, long>("counts")!.Get("a").Should().Be(1);

            input.PipeInput("a", "y", 2);
            input.PipeInput("b", "z", 3);
            output.ReadKeyValuesToList().Select(kv => (kv.Key, kv.Value)).Should().Equal(("a", 2L), ("b", 1L));
            driver.GetWindowStore<string?, long>("windowed")!.Fetch("a", 0).Should().Be(2);
        }

        using var reopened = NewDriver();
        reopened.GetKeyValueStore<string?, long>("counts")!.Get("a").Should().Be(2, "the RocksDB store kept what the first driver committed");
        reopened.GetKeyValueStore<string?, long>("counts")!.Get("b").Should().Be(1);
        reopened.GetWindowStore<string?, long>("windowed")!.Fetch("a", 0).Should().Be(2);
    }

    private TopologyTestDriver NewDriver()
    {
        var builder = new StreamsBuilder();
        var words = builder.Stream("words", Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        words.GroupByKey().Count(Materialized<string?, long>.As("counts")).ToStream().To("counts-out", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        words.GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1))).Count(Materialized<string?, long>.As("windowed"));
        return new TopologyTestDriver(
            builder.Build(),
            new TopologyTestDriverOptions { ApplicationId = "app", StateDirectory = _directory, DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance });
    }
}
