using System.Globalization;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KGroupedTableTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Count_takes_a_moved_row_out_of_its_old_group_before_adding_it_to_the_new_one_and_deletes_subtract(bool caching)
    {
        var builder = new StreamsBuilder();
        var materialized = Materialized<string, long>.As("per-region");
        builder.Table<string, string>("users")
            .GroupBy((user, region) => (region, user))
            .Count(caching ? materialized : materialized.WithCachingDisabled())
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var users = driver.CreateInputTopic("users", Serdes.String, Serdes.String);

        users.PipeInput("alice", "eu", 1);
        users.PipeInput("bob", "eu", 2);
        users.PipeInput("alice", "us", 3);
        users.PipeInput("bob", null, 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs()
            .Should().Equal(("eu", 1L), ("eu", 2L), ("eu", 1L), ("us", 1L), ("eu", 0L));
        var store = driver.GetKeyValueStore<string, long>("per-region")!;
        store.Get("eu").Should().Be(0, "a count that drops to zero stays in the table");
        store.Get("us").Should().Be(1);
    }

    [Fact]
    public void An_update_that_keeps_the_group_travels_as_one_change_and_is_emitted_once()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("orders")
            .GroupBy((_, order) => (Region(order), Amount(order)), Grouped<string, long>.As("by-region"))
            .Aggregate(() => 0L, (_, amount, total) => total + amount, (_, amount, total) => total - amount, Materialized<string, long>.As("totals"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);

        orders.PipeInput("o1", "eu:10", 1);
        orders.PipeInput("o2", "eu:5", 2);
        orders.PipeInput("o1", "eu:15", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs()
            .Should().Equal([("eu", 10L), ("eu", 15L), ("eu", 20L)], "the subtractor and adder ran on one change: no intermediate 5");
        driver.CreateOutputTopic("test-driver-by-region-repartition", Serdes.String, Serdes.ByteArray).QueueSize.Should().Be(3);
    }

    [Fact]
    public void Count_with_an_unchanged_group_emits_the_same_count_once_instead_of_a_dip()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users")
            .GroupBy((user, profile) => (profile.Split(':')[0], user))
            .Count(Materialized<string, long>.As("per-region"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var users = driver.CreateInputTopic("users", Serdes.String, Serdes.String);

        users.PipeInput("alice", "eu:old", 1);
        users.PipeInput("alice", "eu:new", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("eu", 1L), ("eu", 1L));
    }

    [Fact]
    public void Reduce_adds_new_rows_and_subtracts_moved_and_deleted_ones()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("orders")
            .GroupBy((_, order) => (Region(order), Amount(order)), Grouped<string, long>.With(Serdes.String!, Serdes.Int64))
            .Reduce((total, amount) => total + amount, (total, amount) => total - amount, Materialized<string, long>.As("totals"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);

        orders.PipeInput("o1", "eu:10", 1);
        orders.PipeInput("o2", "us:7", 2);
        orders.PipeInput("o1", "us:3", 3);
        orders.PipeInput("o2", null, 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs()
            .Should().Equal(("eu", 10L), ("us", 7L), ("eu", 0L), ("us", 10L), ("us", 3L));
        driver.GetKeyValueStore<string, long>("totals")!.Get("us").Should().Be(3);
    }

    [Fact]
    public void A_reference_type_aggregate_the_subtractor_turns_into_null_deletes_the_key()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users")
            .GroupBy((user, region) => (region, user))
            .Aggregate<string?>(
                () => "",
                (_, user, members) => members!.Length == 0 ? user : members + "," + user,
                (_, user, members) => string.Join(',', members!.Split(',').Where(m => m != user)) is { Length: > 0 } rest ? rest : null,
                Materialized<string, string?>.As("members"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var users = driver.CreateInputTopic("users", Serdes.String, Serdes.String);

        users.PipeInput("alice", "eu", 1);
        users.PipeInput("bob", "eu", 2);
        users.PipeInput("alice", null, 3);
        users.PipeInput("bob", "us", 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs()
            .Should().Equal(("eu", "alice"), ("eu", "alice,bob"), ("eu", "bob"), ("eu", (string?)null), ("us", "bob"));
        driver.GetKeyValueStore<string, string>("members")!.Get("eu").Should().BeNull();
    }

    [Fact]
    public void A_row_whose_selected_key_is_null_is_not_sent_and_is_dropped_and_counted_but_its_old_group_is_still_decremented()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users")
            .GroupBy((user, region) => (region == "none" ? null : region, user), Grouped<string?, string>.As("by-region"))
            .Count(Materialized<string?, long>.As("per-region"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { LoggerFactory = loggerFactory });
        var users = driver.CreateInputTopic("users", Serdes.String, Serdes.String);

        users.PipeInput("alice", "eu", 1);
        users.PipeInput("alice", "none", 2);
        users.PipeInput("bob", "none", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("eu", 1L), ("eu", 0L));
        driver.CreateOutputTopic("test-driver-by-region-repartition", Serdes.String, Serdes.ByteArray).QueueSize.Should().Be(2);
        logs.Entries.Where(e => e.EventId.Id == 1101).Should().HaveCount(2).And.OnlyContain(e => e.Message.Contains("null key", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_grouping_name_the_repartition_topic_is_named_after_the_store()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users").GroupBy((user, region) => (region, user)).Count(Materialized<string, long>.As("per-region"));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("users", Serdes.String, Serdes.String).PipeInput("alice", "eu", 1);

        driver.ProducedTopicNames.Should().Contain(["app-per-region-repartition", "app-per-region-changelog"]);
    }

    [Fact]
    public void The_aggregate_timestamp_is_the_largest_of_the_record_and_the_aggregate()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users").GroupBy((user, region) => (region, user)).Count(Materialized<string, long>.As("per-region")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var users = driver.CreateInputTopic("users", Serdes.String, Serdes.String);

        users.PipeInput("alice", "eu", 100);
        users.PipeInput("bob", "eu", 50);
        users.PipeInput("carol", "us", 70);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("eu", 1L, 100L), ("eu", 2L, 100L), ("us", 1L, 70L));
        driver.GetTimestampedKeyValueStore<string, long>("per-region")!.Get("eu").Should().Be(new ValueAndTimestamp<long>(2, 100));
    }

    [Fact]
    public void GroupBy_and_the_aggregations_validate_their_arguments()
    {
        var table = new StreamsBuilder().Table<string, string>("t");
        var grouped = table.GroupBy((k, v) => (v, k));

        FluentActions.Invoking(() => table.GroupBy<string, string>(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => grouped.Reduce((a, _) => a, null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => grouped.Reduce(null!, (a, _) => a)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => grouped.Aggregate(() => 0L, (_, _, a) => a, null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => grouped.Aggregate(null!, (_, _, a) => a, (_, _, a) => a, Materialized<string, long>.As("x"))).Should().Throw<ArgumentNullException>();
    }

    private static string Region(string order) => order.Split(':')[0];

    private static long Amount(string order) => long.Parse(order.Split(':')[1], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_aggregate_deleted_by_the_subtractor_is_forwarded_with_the_deleting_records_timestamp(bool caching)
    {
        // Kafka Streams' KTableAggregate puts the delete with the record's timestamp; its record cache forwards a flushed
        // delete with the timestamp of the cache entry's record context (the deleting record), not the old aggregate's.
        var builder = new StreamsBuilder();
        var materialized = Materialized<string?, string?>.As("agg");
        builder.Table("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((k, v) => (k, v), Grouped<string?, string?>.With(Serdes.String, Serdes.String))
            .Aggregate<string?>(() => "", (_, v, agg) => agg + v, (_, _, _) => null, caching ? materialized : materialized.WithCachingDisabled())
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("A", "x", 10);
        input.PipeInput("A", null, 20);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("A", "x", 10L), ("A", (string?)null, 20L));
    }
}
