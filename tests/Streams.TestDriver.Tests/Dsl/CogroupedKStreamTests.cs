using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;
using Streams.State;

namespace Streams.TestDriver.Tests.Dsl;

public class CogroupedKStreamTests
{
    [Fact]
    public void Two_streams_with_different_value_types_fold_into_one_aggregate_and_one_result_table()
    {
        var builder = new StreamsBuilder();
        var clicks = builder.Stream<string, string>("clicks").GroupByKey();
        var purchases = builder.Stream<string, long>("purchases").GroupByKey();
        clicks.Cogroup<string>((_, page, summary) => summary + "c(" + page + ")")
            .Cogroup(purchases, (_, amount, summary) => summary + "p(" + amount + ")")
            .Aggregate(() => "", Materialized<string, string>.As("summaries"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var clickInput = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        var purchaseInput = driver.CreateInputTopic("purchases", Serdes.String, Serdes.Int64);

        clickInput.PipeInput("alice", "home", 1);
        purchaseInput.PipeInput("alice", 30L, 2);
        clickInput.PipeInput("bob", "cart", 3);
        clickInput.PipeInput("alice", "cart", 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
            ("alice", "c(home)", 1L), ("alice", "c(home)p(30)", 2L), ("bob", "c(cart)", 3L), ("alice", "c(home)p(30)c(cart)", 4L));
        driver.GetKeyValueStore<string, string>("summaries")!.Get("alice").Should().Be("c(home)p(30)c(cart)");
        driver.GetAllStateStores().Keys.Should().BeEquivalentTo(["summaries"], "all inputs share one store");
    }

    [Fact]
    public void Three_streams_cogroup_into_one_count_per_key()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream<string, string>("a").GroupByKey();
        var b = builder.Stream<string, string>("b").GroupByKey();
        var c = builder.Stream<string, long>("c").GroupByKey();
        a.Cogroup<long>((_, _, total) => total + 1)
            .Cogroup(b, (_, _, total) => total + 10)
            .Cogroup(c, (_, v, total) => total + v)
            .Aggregate(() => 0L, Materialized<string, long>.As("totals"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "x", 1);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "x", 2);
        driver.CreateInputTopic("c", Serdes.String, Serdes.Int64).PipeInput("k", 100L, 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("k", 1L), ("k", 11L), ("k", 111L));
    }

    [Fact]
    public void Records_with_a_null_key_or_value_are_dropped_by_every_input()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream<string?, string?>("a").GroupByKey();
        var b = builder.Stream<string?, string?>("b").GroupByKey();
        a.Cogroup<long>((_, _, n) => n + 1).Cogroup(b, (_, _, n) => n + 1).Aggregate(() => 0L, Materialized<string?, long>.As("n")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var inputA = driver.CreateInputTopic("a", Serdes.String, Serdes.String);
        var inputB = driver.CreateInputTopic("b", Serdes.String, Serdes.String);

        inputA.PipeInput(null, "x", 1);
        inputB.PipeInput("k", null, 2);
        inputB.PipeInput("k", "x", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("k", 1L));
    }

    [Fact]
    public void Each_input_whose_key_changed_is_repartitioned_through_its_own_topic()
    {
        var builder = new StreamsBuilder();
        var byUser = builder.Stream<string, string>("logins").GroupBy((_, user) => user);
        var byName = builder.Stream<string, string>("logouts").GroupBy((_, user) => user);
        var named = builder.Stream<string, string>("visits").GroupBy((_, user) => user, Grouped<string, string>.As("visits-by-user"));
        var keyed = builder.Stream<string, string>("direct").GroupByKey();
        byUser.Cogroup<long>((_, _, n) => n + 1)
            .Cogroup(byName, (_, _, n) => n + 10)
            .Cogroup(named, (_, _, n) => n + 100)
            .Cogroup(keyed, (_, _, n) => n + 1000)
            .Aggregate(() => 0L, Materialized<string, long>.As("activity"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("logins", Serdes.String, Serdes.String).PipeInput("session-1", "alice", 1);
        driver.CreateInputTopic("logouts", Serdes.String, Serdes.String).PipeInput("session-2", "alice", 2);
        driver.CreateInputTopic("visits", Serdes.String, Serdes.String).PipeInput("page", "alice", 3);
        driver.CreateInputTopic("direct", Serdes.String, Serdes.String).PipeInput("alice", "x", 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("alice", 1L), ("alice", 11L), ("alice", 111L), ("alice", 1111L));
        driver.ProducedTopicNames.Where(t => t.EndsWith("-repartition", StringComparison.Ordinal))
            .Should().BeEquivalentTo("app-activity-repartition", "app-activity-1-repartition", "app-visits-by-user-repartition");
    }

    [Fact]
    public void Named_cogroup_processors_follow_Kafka_Streams_suffixes()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream<string, string>("a").GroupByKey();
        var b = builder.Stream<string, string>("b").GroupByKey();
        a.Cogroup<long>((_, _, n) => n + 1).Cogroup(b, (_, _, n) => n + 1).Aggregate(() => 0L, Materialized<string, long>.As("n"), Named.As("activity"));

        var description = builder.Build().Describe().ToString();

        description.Should().Contain("activity-cogroup-agg-0").And.Contain("activity-cogroup-agg-1").And.Contain("activity-cogroup-merge");
    }

    [Fact]
    public void Cogroup_refuses_the_same_grouped_stream_twice()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream<string, string>("a").GroupByKey();
        var cogrouped = a.Cogroup<long>((_, _, n) => n + 1);

        FluentActions.Invoking(() => cogrouped.Cogroup(a, (_, _, n) => n + 1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => cogrouped.Cogroup(new StreamsBuilder().Stream<string, string>("x").GroupByKey(), (_, _, n) => n)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_windowed_cogroup_aggregates_every_input_per_window_and_drops_records_for_closed_windows()
    {
        var builder = new StreamsBuilder();
        var clicks = builder.Stream<string, string>("clicks").GroupByKey();
        var views = builder.Stream<string, string>("views").GroupByKey();
        clicks.Cogroup<long>((_, _, n) => n + 1)
            .Cogroup(views, (_, _, n) => n + 100)
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))
            .Aggregate(() => 0L, Materialized<string, long>.As("per-window"))
            .ToStream().To("out", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10))!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var clickInput = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        var viewInput = driver.CreateInputTopic("views", Serdes.String, Serdes.String);

        clickInput.PipeInput("k", "x", 1_000);
        viewInput.PipeInput("k", "x", 9_999);
        viewInput.PipeInput("k", "x", 10_000);
        clickInput.PipeInput("k", "x", 15_000); // stream time 15 s: [0, 10 s) closed
        clickInput.PipeInput("k", "x", 9_000);

        driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10)), Serdes.Int64).ReadRecordsToList()
            .Select(r => (r.Key.Window.StartMs, r.Value, r.TimestampMs)).Should().Equal(
                (0L, 1L, 1_000L), (0L, 101L, 9_999L), (10_000L, 100L, 10_000L), (10_000L, 101L, 15_000L));
        driver.GetWindowStore<string, long>("per-window")!.Fetch("k", 0).Should().Be(101);
    }

    [Fact]
    public void A_windowed_cogroup_can_be_suppressed_until_its_windows_close()
    {
        var builder = new StreamsBuilder();
        var clicks = builder.Stream<string, string>("clicks").GroupByKey();
        var views = builder.Stream<string, string>("views").GroupByKey();
        clicks.Cogroup<long>((_, _, n) => n + 1)
            .Cogroup(views, (_, _, n) => n + 100)
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))
            .Aggregate(() => 0L, Materialized<string, long>.As("per-window"))
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream().To("out", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10))!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var clickInput = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        var viewInput = driver.CreateInputTopic("views", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10)), Serdes.Int64);

        clickInput.PipeInput("k", "x", 1_000);
        viewInput.PipeInput("k", "x", 2_000);
        viewInput.PipeInput("k", "x", 14_999);
        output.IsEmpty.Should().BeTrue();
        clickInput.PipeInput("k", "x", 15_000);

        output.ReadRecordsToList().Select(r => (r.Key.Window.StartMs, r.Value)).Should().Equal((0L, 101L));
    }
}
