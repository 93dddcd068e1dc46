using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// Pins which operators drop records with a null key (or value), and count them in <c>streams.task.records.dropped</c>,
/// and which forward them, as Kafka Streams 4.x (KIP-962): stateless operators forward null keys; aggregations, inner
/// joins and table sources drop and count them; left joins join them with null; a repartition topic drops them
/// without counting (its filter, as Kafka Streams' <c>KStreamFilter</c>) unless a left or outer join is downstream.
/// </summary>
public class NullKeySemanticsTests
{
    [Fact]
    public void Filter_forwards_a_null_key_to_the_predicate_and_downstream()
    {
        var (output, drops) = RunStream(s => s.Filter((k, _) => k is null), [(null, "a"), ("k", "b")]);

        output.Should().Equal(((string?)null, "a"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void MapValues_forwards_a_null_key()
    {
        var (output, drops) = RunStream(s => s.MapValues(v => (string?)(v + "!")), [(null, "a")]);

        output.Should().Equal(((string?)null, "a!"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void Map_receives_and_may_produce_a_null_key()
    {
        var (output, drops) = RunStream(s => s.Map((k, v) => (k is null ? "was-null" : (string?)null, v)), [(null, "a"), ("k", "b")]);

        output.Should().Equal(("was-null", "a"), ((string?)null, "b"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void FlatMap_and_FlatMapValues_forward_a_null_key()
    {
        var (output, drops) = RunStream(
            s => s.FlatMap((k, v) => new[] { (k, v), (k, v + "2") }).FlatMapValues((_, v) => new[] { v }),
            [(null, "a")]);

        output.Should().Equal(((string?)null, "a"), ((string?)null, "a2"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void An_explicit_repartition_drops_a_null_key_without_counting_it()
    {
        var (output, drops) = RunStream(s => s.Repartition(Repartitioned<string?, string?>.As("rekeyed")), [(null, "a"), ("k", "b")]);

        output.Should().Equal(("k", "b"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void A_repartition_above_a_left_join_keeps_a_null_key_and_a_sibling_repartition_drops_it()
    {
        var builder = new StreamsBuilder();
        var users = builder.Table<string?, string?>("users", materialized: Materialized<string?, string?>.As("users"));
        var rekeyed = builder.Stream<string?, string?>("in").SelectKey((_, v) => v == "none" ? null : v);
        rekeyed.Repartition(Repartitioned<string?, string?>.As("to-join")).Peek((_, _) => { })
            .LeftJoin(users, (v, u) => $"{v}@{u ?? "(none)"}").To("joined", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        rekeyed.Repartition(Repartitioned<string?, string?>.As("to-out")).To("out");
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["none"]);

        driver.CreateOutputTopic("app-to-join-repartition", Serdes.String, Serdes.String).ReadPairs().Should().Equal(((string?)null, "none"));
        driver.CreateOutputTopic("joined", Serdes.String, Serdes.String).ReadPairs().Should().Equal(((string?)null, "none@(none)"));
        driver.CreateOutputTopic("app-to-out-repartition", Serdes.String, Serdes.String).ReadPairs().Should().BeEmpty();
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().BeEmpty();
        drops.Reasons.Should().BeEmpty();
    }

    [Fact]
    public void A_left_join_below_a_table_grouping_keeps_null_keys_in_a_repartition_above_it()
    {
        // The graph is followed through the grouping's repartition topic (its sink and source), as Kafka Streams links them:
        // the explicit repartition keeps the null key, so the table drops and counts it instead.
        var builder = new StreamsBuilder();
        var users = builder.Table<string?, string?>("users", materialized: Materialized<string?, string?>.As("users"));
        builder.Stream<string?, string?>("in").Repartition(Repartitioned<string?, string?>.As("rekeyed")).ToTable()
            .GroupBy((k, v) => (v, k)).Count(Materialized<string?, long>.As("per-value")).ToStream()
            .LeftJoin(users, (c, u) => $"{c}@{u ?? "(none)"}").To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput(null, "a", 1);

        driver.CreateOutputTopic("app-rekeyed-repartition", Serdes.String, Serdes.String).ReadPairs().Should().Equal(((string?)null, "a"));
        drops.Reasons.Should().Equal("null key");
    }

    [Fact]
    public void GroupByKey_aggregations_drop_null_keys_and_null_values_and_count_them()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").GroupByKey().Count(Materialized<string?, long>.As("counts")).ToStream().To("out");
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput(null, "a", 1);
        input.PipeInput("k", null, 2);
        input.PipeInput("k", "b", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("k", 1L));
        drops.Reasons.Should().Equal("null key or value", "null key or value");
    }

    [Fact]
    public void Windowed_aggregations_drop_null_keys_and_count_them()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(Materialized<string?, long>.As("windowed"));
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput(null, "a", 1);

        drops.Reasons.Should().Equal("null key or value");
        using var windows = driver.GetWindowStore<string, long>("windowed")!.All();
        windows.MoveNext().Should().BeFalse("nothing was aggregated");
    }

    [Fact]
    public void GroupBy_drops_a_null_selected_key_in_the_repartition_filter_without_counting_it()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in")
            .GroupBy((_, v) => v == "none" ? null : v, Grouped<string?, string?>.As("by-value"))
            .Count(Materialized<string?, long>.As("counts")).ToStream().To("out");
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["none", "x"]);

        driver.CreateOutputTopic("app-by-value-repartition", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("x", "x"));
        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("x", 1L));
        drops.Reasons.Should().BeEmpty();
    }

    [Fact]
    public void Stream_table_inner_join_drops_a_null_key_and_counts_it()
    {
        var (output, drops) = RunTableJoin(left: false, [(null, "click")]);

        output.Should().BeEmpty();
        drops.Should().Equal("null key or value");
    }

    [Fact]
    public void Stream_table_left_join_forwards_a_null_key_with_a_null_table_value()
    {
        var (output, drops) = RunTableJoin(left: true, [(null, "click")]);

        output.Should().Equal(((string?)null, "click@(none)"));
        drops.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stream_table_joins_drop_a_null_value_and_count_it(bool left)
    {
        var (output, drops) = RunTableJoin(left, [("alice", null)]);

        output.Should().BeEmpty();
        drops.Should().Equal("null key or value");
    }

    [Fact]
    public void Stream_globaltable_left_join_drops_a_null_selected_key_and_counts_it()
    {
        // As Kafka Streams' KStreamKTableJoinProcessor#maybeDropRecord (KStreamGlobalKTableLeftJoinTest#shouldNotJoinOnNullKeyMapperValues).
        var (output, drops) = RunGlobalJoin(left: true, [("k", "none"), ("k", "eu")]);

        output.Should().Equal(("k", "eu@Europe"));
        drops.Should().Equal("null join key");
    }

    [Fact]
    public void Stream_globaltable_left_join_joins_a_null_stream_key_with_a_null_selected_key_with_null()
    {
        var (output, drops) = RunGlobalJoin(left: true, [(null, "none")]);

        output.Should().Equal(((string?)null, "none@(none)"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void Stream_globaltable_left_join_forwards_a_null_stream_key()
    {
        var (output, drops) = RunGlobalJoin(left: true, [(null, "eu")]);

        output.Should().Equal(((string?)null, "eu@Europe"));
        drops.Should().BeEmpty();
    }

    [Fact]
    public void Stream_globaltable_inner_join_drops_a_null_selected_key_and_counts_it()
    {
        var (output, drops) = RunGlobalJoin(left: false, [("k", "none"), ("k", "eu")]);

        output.Should().Equal(("k", "eu@Europe"));
        drops.Should().Equal("null join key");
    }

    [Fact]
    public void Stream_globaltable_joins_drop_a_null_stream_value_and_count_it()
    {
        var (output, drops) = RunGlobalJoin(left: true, [("k", null)]);

        output.Should().BeEmpty();
        drops.Should().Equal("null value");
    }

    [Fact]
    public void A_table_source_drops_a_null_key_and_counts_it()
    {
        var builder = new StreamsBuilder();
        builder.Table<string?, string?>("t", materialized: Materialized<string?, string?>.As("t-store")).ToStream().To("out");
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("t", Serdes.String, Serdes.String).PipeInput(null, "v", 1);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().BeEmpty();
        driver.GetKeyValueStore<string, string>("t-store")!.ApproximateNumEntries.Should().Be(0);
        drops.Reasons.Should().Equal("null key");
    }

    [Fact]
    public void ToTable_drops_a_null_key_and_counts_it()
    {
        var (output, drops) = RunStream(s => s.ToTable(Materialized<string?, string?>.As("tt")).ToStream(), [(null, "a"), ("k", "b")]);

        output.Should().Equal(("k", "b"));
        drops.Should().Equal("null key");
    }

    private static (List<(string? Key, string? Value)> Output, List<string?> Drops) RunStream(
        Func<IKStream<string?, string?>, IKStream<string?, string?>> topology, (string? Key, string? Value)[] input)
    {
        var builder = new StreamsBuilder();
        topology(builder.Stream<string?, string?>("in")).To("out");
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());
        var topic = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        foreach (var (k, v) in input)
        {
            topic.PipeInput(k, v, 1);
        }

        return (driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs(), drops.Reasons.ToList());
    }

    private static (List<(string? Key, string? Value)> Output, List<string?> Drops) RunTableJoin(bool left, (string? Key, string? Value)[] clicks)
    {
        var builder = new StreamsBuilder();
        var users = builder.Table<string?, string?>("users", materialized: Materialized<string?, string?>.As("users"));
        var stream = builder.Stream<string?, string?>("clicks");
        (left ? stream.LeftJoin(users, (c, r) => $"{c}@{r ?? "(none)"}") : stream.Join(users, (c, r) => $"{c}@{r}"))
            .To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("users", Serdes.String, Serdes.String).PipeInput("alice", "eu", 0);
        var topic = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        foreach (var (k, v) in clicks)
        {
            topic.PipeInput(k, v, 1);
        }

        return (driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs(), drops.Reasons.ToList());
    }

    private static (List<(string? Key, string? Value)> Output, List<string?> Drops) RunGlobalJoin(bool left, (string? Key, string? Value)[] orders)
    {
        var builder = new StreamsBuilder();
        var regions = builder.GlobalTable<string?, string?>("regions", materialized: Materialized<string?, string?>.As("regions"));
        var stream = builder.Stream<string?, string?>("orders");
        Func<string?, string?, string?> region = (_, v) => v == "none" ? null : v;
        (left
                ? stream.LeftJoin(regions, region, (v, r) => $"{v}@{r ?? "(none)"}")
                : stream.Join(regions, region, (v, r) => $"{v}@{r}"))
            .To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("regions", Serdes.String, Serdes.String).PipeInput("eu", "Europe", 0);
        var topic = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
        foreach (var (k, v) in orders)
        {
            topic.PipeInput(k, v, 1);
        }

        return (driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs(), drops.Reasons.ToList());
    }
}
