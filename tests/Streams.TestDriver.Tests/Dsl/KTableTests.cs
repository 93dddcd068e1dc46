using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KTableTests
{
    [Fact]
    public void A_source_table_keeps_the_latest_value_and_forwards_changes_with_tombstones()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store")).ToStream().To("changes");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("users", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("changes", Serdes.String, Serdes.String);

        input.PipeInput("alice", "paris", 1);
        input.PipeInput("alice", "rome", 2);
        input.PipeInput("alice", null, 3);
        input.PipeInput("bob", null, 4);

        output.ReadPairs().Should().Equal(("alice", "paris"), ("alice", "rome"), ("alice", (string?)null));
        driver.GetKeyValueStore<string, string>("users-store")!.Get("alice").Should().BeNull();
    }

    [Fact]
    public void An_update_with_the_same_value_is_forwarded_as_Kafka_Streams_does_since_KAFKA_12508()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("t").ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", 10);
        input.PipeInput("k", "v", 20);
        input.PipeInput("k", "w", 30);

        output.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(("v", 10L), ("v", 20L), ("w", 30L));
    }

    [Fact]
    public void Records_with_a_null_key_are_dropped_by_a_source_table()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("t").ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("t", Serdes.String, Serdes.String).PipeInput(null, "v", 1);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Filter_turns_rows_that_stop_matching_into_deletes_and_skips_changes_that_never_matched()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, long>("scores").Filter((_, score) => score >= 10).ToStream().To("high");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("scores", Serdes.String, Serdes.Int64);
        var output = driver.CreateOutputTopic("high", Serdes.String, Serdes.Nullable(Serdes.Int64));

        input.PipeInput("a", 5, 1);   // never matched: nothing
        input.PipeInput("a", 12, 2);  // now matches
        input.PipeInput("a", 3, 3);   // stops matching: delete, written as a null value although long cannot be null

        output.ReadRecordsToList().Select(r => (r.Key, r.Value)).Should().Equal(("a", 12L), ("a", (long?)null));
        driver.CreateOutputTopic("high", Serdes.String, Serdes.ByteArray).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Filter_and_MapValues_with_an_unnamed_Materialized_materialize_nothing_and_lend_their_serdes_as_Kafka_Streams()
    {
        // Kafka Streams' KTableImpl#doFilter/#doMapValues: "only materialize if materialized is specified and it has queryable name".
        var builder = new StreamsBuilder();
        var lengths = builder.Table<string, string>("users")
            .Filter((_, v) => v.Length > 1, Materialized<string, string>.With(Serdes.String!, Serdes.String!))
            .MapValues((_, v) => (long)v.Length, Materialized<string, long>.With(Serdes.String!, Serdes.Int64));
        lengths.ToStream().To("lengths");
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic("users", Serdes.String, Serdes.String).PipeInput("alice", "eu-west", 1);

        lengths.QueryableStoreName.Should().BeNull();
        topology.InternalTopics("app").Should().ContainSingle("only the source table's changelog: no store for the filter or mapValues");
        driver.CreateOutputTopic("lengths", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal([("alice", 7L)], "the sink takes the Materialized's value serde");
    }

    [Fact]
    public void FilterNot_and_MapValues_materialized_are_queryable()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, long>("scores")
            .FilterNot((_, s) => s < 0)
            .MapValues((_, s) => s * 2, Materialized<string, long>.As("doubled"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("scores", Serdes.String, Serdes.Int64);

        input.PipeInput("a", 4, 1);
        input.PipeInput("b", -1, 2);

        var store = driver.GetKeyValueStore<string, long>("doubled")!;
        store.Get("a").Should().Be(8);
        store.TryGet("b", out _).Should().BeFalse();
    }

    [Fact]
    public void A_stream_turned_into_a_table_can_be_joined()
    {
        var builder = new StreamsBuilder();
        var prices = builder.Stream<string, long>("prices").ToTable(Materialized<string, long>.As("latest-price"));
        builder.Stream<string, long>("orders").Join(prices, (qty, price) => qty * price).To("totals");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("prices", Serdes.String, Serdes.Int64).PipeInput("apple", 3, 1);
        driver.CreateInputTopic("orders", Serdes.String, Serdes.Int64).PipeInput("apple", 5, 2);

        driver.CreateOutputTopic("totals", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("apple", 15L));
        driver.GetKeyValueStore<string, long>("latest-price")!.Get("apple").Should().Be(3);
    }
}
