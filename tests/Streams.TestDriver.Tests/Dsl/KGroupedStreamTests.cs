using System.Buffers.Binary;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KGroupedStreamTests
{
    [Fact]
    public void GroupByKey_Count_forwards_every_update_and_keeps_the_latest_count_in_the_store()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("a", "x"), new("b", "x"), new("a", "y")]);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("a", 1L), ("b", 1L), ("a", 2L));
        var store = driver.GetKeyValueStore<string, long>("counts")!;
        store.Get("a").Should().Be(2);
        store.Get("b").Should().Be(1);
        store.ApproximateNumEntries.Should().Be(2);
    }

    [Fact]
    public void Aggregations_drop_records_with_a_null_key_or_value()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").GroupByKey().Count(Materialized<string?, long>.As("counts")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput(null, "no key", 1);
        input.PipeInput("k", null, 2);
        input.PipeInput("k", "v", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("k", 1L));
        driver.GetKeyValueStore<string, long>("counts")!.ApproximateNumEntries.Should().Be(1);
    }

    [Fact]
    public void GroupBy_writes_the_repartition_topic_named_after_the_grouping_and_its_filter_drops_null_keys()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .GroupBy((_, v) => v.Length == 0 ? null : v[..1], Grouped<string?, string>.As("by-initial"))
            .Count(Materialized<string?, long>.As("initial-counts"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["apple", "", "avocado", "banana"]);

        driver.ProducedTopicNames.Should().Contain("test-driver-by-initial-repartition");
        driver.CreateOutputTopic("test-driver-by-initial-repartition", Serdes.String, Serdes.String).ReadPairs()
            .Should().Equal(("a", "apple"), ("a", "avocado"), ("b", "banana"));
        var store = driver.GetKeyValueStore<string, long>("initial-counts")!;
        store.Get("a").Should().Be(2);
        store.Get("b").Should().Be(1);
        store.ApproximateNumEntries.Should().Be(2);
    }

    [Fact]
    public void Without_a_grouping_name_the_repartition_topic_is_named_after_the_store()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupBy((_, v) => v).Count(Materialized<string, long>.As("by-value"));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        driver.ProducedTopicNames.Should().BeEquivalentTo("app-by-value-repartition", "app-by-value-changelog");
        driver.GetStateStore("by-value").Should().NotBeNull();
    }

    [Fact]
    public void GroupBy_can_change_the_key_type_with_grouped_serdes()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .GroupBy((_, v) => v.Length, Grouped<int, string>.With(Serdes.Int32, null))
            .Count(Materialized<int, long>.As("by-length"))
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["ab", "cd", "efg"]);

        driver.CreateOutputTopic("out", Serdes.Int32, Serdes.Int64).ReadPairs().Should().Equal((2, 1L), (2, 2L), (3, 1L));
    }

    [Fact]
    public void The_changelog_topic_receives_every_update_of_the_store()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", 100);
        input.PipeInput("b", "x", 200);
        input.PipeInput("a", "x", 150);

        var changelog = driver.CreateOutputTopic("test-driver-counts-changelog", Serdes.String, Serdes.ByteArray).ReadRecordsToList();
        changelog.Select(r => (r.Key, r.TimestampMs, DecodeStamped(r.Value!)))
            .Should().Equal(("a", 100L, (100L, 1L)), ("b", 200L, (200L, 1L)), ("a", 150L, (150L, 2L)));
    }

    [Fact]
    public void Logging_disabled_stores_have_no_changelog()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts").WithLoggingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("a", "x", 1);

        driver.ProducedTopicNames.Should().BeEmpty();
        driver.GetKeyValueStore<string, long>("counts")!.Get("a").Should().Be(1);
    }

    [Fact]
    public void Reduce_starts_from_the_first_value_and_combines_the_rest_in_order()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Reduce((agg, v) => agg + "," + v, Materialized<string, string>.As("joined")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("k", "1"), new("k", "2"), new("j", "9"), new("k", "3")]);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("k", "1"), ("k", "1,2"), ("j", "9"), ("k", "1,2,3"));
        driver.GetKeyValueStore<string, string>("joined")!.Get("k").Should().Be("1,2,3");
    }

    [Fact]
    public void Aggregate_starts_from_the_initializer_per_key()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .GroupBy((_, v) => v[..1])
            .Aggregate(() => 100L, (_, v, agg) => agg + v.Length, Materialized<string, long>.As("lengths"))
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["ab", "abc", "xyzw"]);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("a", 102L), ("a", 105L), ("x", 104L));
    }

    [Fact]
    public void The_result_timestamp_is_the_largest_record_timestamp_of_the_key()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", 50);
        input.PipeInput("k", "v", 30);
        input.PipeInput("k", "v", 70);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadRecordsToList().Select(r => r.TimestampMs).Should().Equal(50L, 50L, 70L);
        driver.GetTimestampedKeyValueStore<string, long>("counts")!.Get("k").Should().Be(new ValueAndTimestamp<long>(3, 70));
    }

    [Fact]
    public void An_aggregate_of_a_custom_type_without_a_serde_fails_at_build_time()
    {
        var builder = new StreamsBuilder();
        var grouped = builder.Stream<string, string>("in").GroupByKey();

        var act = () => grouped.Aggregate(() => new Uri("http://x"), (_, _, agg) => agg);

        act.Should().Throw<TopologyException>().WithMessage("*aggregate value serde*System.Uri*");
    }

    /// <summary>The store's value layout (also what its changelog carries): 8-byte big-endian timestamp, then the value.</summary>
    private static (long Timestamp, long Value) DecodeStamped(byte[] bytes) =>
        (BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_aggregation_forwards_the_headers_of_the_record_that_updated_it_with_or_without_the_cache(bool caching)
    {
        // Kafka Streams: uncached, the update is the record with a new value; cached, the flush forwards the headers of the
        // cache entry's record context (the last record that wrote the key).
        var builder = new StreamsBuilder();
        var materialized = Materialized<string?, long>.As("counts");
        builder.Stream<string?, string?>("in").GroupByKey().Count(caching ? materialized : materialized.WithCachingDisabled())
            .ToStream().To("out", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        var tableBuilder = builder.Table<string?, string?>("table")
            .GroupBy((k, v) => (v, k))
            .Count(caching ? Materialized<string?, long>.As("table-counts") : Materialized<string?, long>.As("table-counts").WithCachingDisabled());
        tableBuilder.ToStream().To("table-out", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String)
            .PipeInput("k", "v", 1, new Confluent.Kafka.Headers { { "h", System.Text.Encoding.UTF8.GetBytes("x") } });
        driver.CreateInputTopic("table", Serdes.String, Serdes.String)
            .PipeInput("k", "g", 1, new Confluent.Kafka.Headers { { "t", System.Text.Encoding.UTF8.GetBytes("y") } });

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadRecord().Headers.Select(h => h.Key).Should().Equal("h");
        driver.CreateOutputTopic("table-out", Serdes.String, Serdes.Int64).ReadRecord().Headers.Select(h => h.Key).Should().Equal("t");
    }
}
