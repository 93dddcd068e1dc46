using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests;

/// <summary>The read-only store views the driver hands out for each store kind.</summary>
public class StoreReadsTests
{
    private static List<TKey> Keys<TKey, TValue>(IKeyValueIterator<TKey, TValue> iterator) => iterator.Select(kv => kv.Key).ToList();

    private static TopologyTestDriver TableDriver()
    {
        var builder = new StreamsBuilder();
        builder.Table("users", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As("users-store"));
        var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("users", Serdes.String, Serdes.String);
        foreach (var (key, ts) in new[] { ("ann", 1L), ("bob", 2L), ("bea", 3L), ("cid", 4L) })
        {
            input.PipeInput(key, key.ToUpperInvariant(), ts);
        }

        return driver;
    }

    [Fact]
    public void A_table_store_reads_ranges_reverse_ranges_and_prefixes_as_a_plain_key_value_store()
    {
        using var driver = TableDriver();
        var store = driver.GetKeyValueStore<string?, string?>("users-store")!;

        Keys(store.Range("b", "bz")).Should().Equal("bea", "bob");
        Keys(store.Range(null, "b")).Should().Equal("ann");
        Keys(store.ReverseRange("bea", null)).Should().Equal("cid", "bob", "bea");
        Keys(store.ReverseAll()).Should().Equal("cid", "bob", "bea", "ann");
        Keys(store.PrefixScan("b", Serdes.String)).Should().Equal("bea", "bob");
        store.ApproximateNumEntries.Should().Be(4);
    }

    [Fact]
    public void A_table_store_read_as_timestamped_keeps_the_record_timestamps()
    {
        using var driver = TableDriver();
        var store = driver.GetTimestampedKeyValueStore<string?, string?>("users-store")!;

        var entries = store.PrefixScan("b", Serdes.String).Select(kv => (kv.Key, kv.Value.TimestampMs)).ToList();

        entries.Should().Equal(("bea", 3L), ("bob", 2L));
    }

    [Fact]
    public void A_window_store_reads_key_ranges_and_backwards_through_the_driver()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("clicks")
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(Materialized<string?, long>.As("clicks-per-window").WithRetention(TimeSpan.FromMinutes(1)));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        foreach (var (key, ts) in new[] { ("a", 1L), ("b", 2L), ("b", 15L), ("c", 25L) })
        {
            input.PipeInput(key, "x", ts);
        }

        var store = driver.GetWindowStore<string?, long>("clicks-per-window")!;
        Keys(store.Fetch("a", "b", 0, 10)).Select(w => (w.Key, w.Window.StartMs)).Should().BeEquivalentTo(new[] { ("a", 0L), ("b", 0L), ("b", 10L) });
        Keys(store.BackwardFetch("b", 0, 20)).Should().Equal(10, 0);
        Keys(store.BackwardFetchAll(10, 20)).Select(w => (w.Key, w.Window.StartMs)).Should().BeEquivalentTo(new[] { ("b", 10L), ("c", 20L) });
        Keys(store.BackwardAll()).Should().HaveCount(4);
        Keys(driver.GetTimestampedWindowStore<string?, long>("clicks-per-window")!.Fetch("b", null, 10, 10)).Select(w => w.Key).Should().Equal("b");
    }
}
