using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KTableKTableJoinTests
{
    private enum Kind
    {
        Inner,
        Left,
        Outer,
    }

    [Fact]
    public void Inner_join_emits_a_row_once_both_sides_have_the_key_and_a_tombstone_when_either_side_deletes_it()
    {
        using var f = new TableJoinFixture(Kind.Inner);
        f.Left.PipeInput("k", "l1", 1);
        f.Right.PipeInput("k", "r1", 5);
        f.Left.PipeInput("k", "l2", 3);
        f.Right.PipeInput("k", "r2", 7);
        f.Left.PipeInput("k", null, 9);
        f.Right.PipeInput("k", null, 10);
        f.Left.PipeInput("k", "l3", 11);

        f.Changes().Should().Equal(("k", "l1+r1", 5L), ("k", "l2+r1", 5L), ("k", "l2+r2", 7L), ("k", null, 9L));
    }

    [Fact]
    public void Inner_join_emits_a_tombstone_when_the_right_side_deletes_a_joined_key()
    {
        using var f = new TableJoinFixture(Kind.Inner);
        f.Right.PipeInput("k", "r1", 4);
        f.Left.PipeInput("k", "l1", 2);
        f.Right.PipeInput("k", null, 3);

        f.Changes().Should().Equal(("k", "l1+r1", 4L), ("k", null, 3L));
    }

    [Fact]
    public void Left_join_emits_every_left_row_joined_with_the_right_row_or_null()
    {
        using var f = new TableJoinFixture(Kind.Left);
        f.Right.PipeInput("other", "r0", 1);
        f.Left.PipeInput("k", "l1", 2);
        f.Right.PipeInput("k", "r1", 6);
        f.Left.PipeInput("k", "l2", 4);
        f.Right.PipeInput("k", null, 8);
        f.Left.PipeInput("k", null, 9);
        f.Right.PipeInput("k", "r2", 10);

        f.Changes().Should().Equal(
            ("k", "l1+null", 2L), ("k", "l1+r1", 6L), ("k", "l2+r1", 6L), ("k", "l2+null", 8L), ("k", null, 9L));
    }

    [Fact]
    public void Outer_join_emits_a_row_while_either_side_has_the_key_and_a_tombstone_when_both_are_gone()
    {
        using var f = new TableJoinFixture(Kind.Outer);
        f.Right.PipeInput("k", "r1", 3);
        f.Left.PipeInput("k", "l1", 2);
        f.Right.PipeInput("k", null, 4);
        f.Left.PipeInput("k", "l2", 5);
        f.Left.PipeInput("k", null, 6);
        f.Right.PipeInput("k", null, 7);

        f.Changes().Should().Equal(("k", "null+r1", 3L), ("k", "l1+r1", 3L), ("k", "l1+null", 4L), ("k", "l2+null", 5L), ("k", null, 6L));
    }

    [Fact]
    public void A_materialized_join_is_queryable_and_deletes_rows_on_tombstones()
    {
        using var f = new TableJoinFixture(Kind.Inner, Materialized<string?, string>.As("joined"));
        f.Left.PipeInput("k", "l1", 1);
        f.Right.PipeInput("k", "r1", 5);
        f.Left.PipeInput("j", "lj", 2);

        var store = f.Driver.GetTimestampedKeyValueStore<string?, string>("joined")!;
        store.Get("k").Should().Be(new ValueAndTimestamp<string>("l1+r1", 5));
        store.Get("j").Should().BeNull();

        f.Right.PipeInput("k", null, 6);
        store.Get("k").Should().BeNull();
        f.Changes().Should().Equal(("k", "l1+r1", 5L), ("k", null, 6L));
    }

    [Fact]
    public void A_join_result_that_is_not_materialized_can_be_joined_again_through_its_value_getter()
    {
        var builder = new StreamsBuilder();
        var a = builder.Table<string?, string?>("a");
        var b = builder.Table<string?, string?>("b");
        var c = builder.Table<string?, string?>("c");
        a.Join(b, (x, y) => x + y).Join(c, (xy, z) => xy + z).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "1", 1);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "2", 2);
        driver.CreateInputTopic("c", Serdes.String, Serdes.String).PipeInput("k", "3", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(("123", 3L));
    }

    [Fact]
    public void A_materialized_join_result_is_joined_again_through_its_store()
    {
        var builder = new StreamsBuilder();
        var a = builder.Table<string?, string?>("a");
        var b = builder.Table<string?, string?>("b");
        var c = builder.Table<string?, string?>("c");
        a.LeftJoin(b, (x, y) => x + (y ?? "-"), materialized: Materialized<string?, string>.As("ab")).Join(c, (ab, z) => ab + z).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "1", 1);
        driver.CreateInputTopic("c", Serdes.String, Serdes.String).PipeInput("k", "3", 3);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "2", 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(("1-3", 3L), ("123", 4L));
    }

    [Fact]
    public void A_join_update_that_leaves_a_downstream_filter_becomes_a_delete_because_the_old_joined_value_is_forwarded()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string?, string?>("left");
        var right = builder.Table<string?, string?>("right");
        left.Join(right, (l, r) => l + "+" + r).Filter((_, v) => v.StartsWith('x')).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var leftIn = driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("k", "r", 1);

        leftIn.PipeInput("k", "x1", 2);
        leftIn.PipeInput("k", "y1", 3);
        leftIn.PipeInput("k", "y2", 4);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("k", "x1+r"), ("k", (string?)null));
    }

    [Fact]
    public void A_join_with_a_filtered_table_reads_the_filtered_view()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string?, string?>("left").Filter((_, v) => v != "hidden");
        var right = builder.Table<string?, string?>("right");
        right.LeftJoin(left, (r, l) => r + "+" + (l ?? "none")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("k", "hidden", 1);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("k", "r", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("k", "r+none"));
    }

    [Fact]
    public void Table_joins_are_named_as_in_Kafka_Streams_or_after_Named()
    {
        var builder = new StreamsBuilder(new TopologyOptions { NamingStrategy = NamingStrategy.KafkaCompatible });
        var left = builder.Table<string, string>("left");
        var right = builder.Table<string, string>("right");
        left.Join(right, (l, r) => l + r);
        left.OuterJoin(right, (l, r) => l + r, Named.As("j"));
        var nodes = builder.Build().Describe().Subtopologies.SelectMany(s => s.Nodes).ToDictionary(n => n.Name);

        nodes["KTABLE-JOINTHIS-0000000007"].Stores.Should().BeEquivalentTo("right-STATE-STORE-0000000003");
        nodes["KTABLE-JOINOTHER-0000000008"].Stores.Should().BeEquivalentTo("left-STATE-STORE-0000000000");
        nodes["KTABLE-MERGE-0000000006"].Predecessors.Should().BeEquivalentTo("KTABLE-JOINTHIS-0000000007", "KTABLE-JOINOTHER-0000000008");
        nodes["j"].Predecessors.Should().BeEquivalentTo("j-join-this", "j-join-other");
    }

    [Fact]
    public void Joining_a_table_of_another_builder_is_refused()
    {
        var table = new StreamsBuilder().Table<string, string>("a");
        var other = new StreamsBuilder().Table<string, string>("b");

        FluentActions.Invoking(() => table.Join(other, (l, r) => l + r)).Should().Throw<ArgumentException>();
    }

    /// <summary>Tables "left" and "right" joined, the result's changes written to "out"; the joiner prints "l+r" with "null" for a missing side.</summary>
    private sealed class TableJoinFixture : IDisposable
    {
        public TableJoinFixture(Kind kind, Materialized<string?, string>? materialized = null)
        {
            var builder = new StreamsBuilder();
            var left = builder.Table<string?, string?>("left");
            var right = builder.Table<string?, string?>("right");
            var joined = kind switch
            {
                Kind.Inner => left.Join(right, (l, r) => $"{l}+{r}", materialized: materialized),
                Kind.Left => left.LeftJoin(right, (l, r) => $"{l}+{r ?? "null"}", materialized: materialized),
                _ => left.OuterJoin(right, (l, r) => $"{l ?? "null"}+{r ?? "null"}", materialized: materialized),
            };
            joined.ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
            Driver = new TopologyTestDriver(builder.Build());
            Left = Driver.CreateInputTopic("left", Serdes.String, Serdes.String);
            Right = Driver.CreateInputTopic("right", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Left { get; }

        public TestInputTopic<string?, string?> Right { get; }

        public TestOutputTopic<string?, string?> Output { get; }

        public List<(string? Key, string? Value, long? TimestampMs)> Changes() =>
            Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

        public void Dispose() => Driver.Dispose();
    }
}
