using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamKStreamJoinTests
{
    private static readonly TimeSpan Ms10 = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private enum Kind
    {
        Inner,
        Left,
        Outer,
    }

    [Fact]
    public void A_right_record_joins_when_it_is_at_most_before_earlier_than_the_left_record_and_not_one_ms_more()
    {
        // before 10 ms, after 0: a left record at t joins right records in [t - 10, t].
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.Zero, Minute).Before(Ms10));
        f.Right.PipeInput("k", "r89", 89);
        f.Right.PipeInput("k", "r90", 90);
        f.Right.PipeInput("k", "r100", 100);
        f.Right.PipeInput("k", "r101", 101);

        f.Left.PipeInput("k", "l100", 100);

        f.Values().Should().Equal("l100+r90", "l100+r100");
    }

    [Fact]
    public void A_right_record_joins_when_it_is_at_most_after_later_than_the_left_record_and_not_one_ms_more()
    {
        // before 0, after 10 ms: a left record at t joins right records in [t, t + 10].
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.Zero, Minute).After(Ms10));
        f.Right.PipeInput("k", "r99", 99);
        f.Right.PipeInput("k", "r100", 100);
        f.Right.PipeInput("k", "r110", 110);
        f.Right.PipeInput("k", "r111", 111);

        f.Left.PipeInput("k", "l100", 100);

        f.Values().Should().Equal("l100+r100", "l100+r110");
    }

    [Fact]
    public void A_right_record_arriving_later_looks_for_left_records_in_the_mirrored_window()
    {
        // before 10 ms, after 0: a right record at t' joins left records in [t' - 0, t' + 10].
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.Zero, Minute).Before(Ms10));
        f.Left.PipeInput("k", "l89", 89);
        f.Left.PipeInput("k", "l90", 90);
        f.Left.PipeInput("k", "l100", 100);
        f.Left.PipeInput("k", "l101", 101);

        f.Right.PipeInput("k", "r90", 90);

        f.Values().Should().Equal("l90+r90", "l100+r90");
    }

    [Fact]
    public void Records_join_only_records_with_the_same_key()
    {
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(Ms10, Minute));
        f.Left.PipeInput("a", "la", 100);
        f.Right.PipeInput("b", "rb", 100);
        f.Right.PipeInput("a", "ra", 100);

        f.Output.ReadPairs().Should().Equal(("a", "la+ra"));
    }

    [Fact]
    public void Duplicates_on_both_sides_produce_every_combination_in_arrival_order()
    {
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(Ms10, Minute));
        f.Left.PipeInput("k", "l1", 100);
        f.Left.PipeInput("k", "l2", 100);
        f.Right.PipeInput("k", "r1", 100);
        f.Right.PipeInput("k", "r2", 100);

        f.Values().Should().Equal("l1+r1", "l2+r1", "l1+r2", "l2+r2");
    }

    [Fact]
    public void The_result_has_the_larger_of_the_two_timestamps()
    {
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(Ms10, Minute));
        f.Left.PipeInput("k", "l100", 100);
        f.Right.PipeInput("k", "r95", 95);
        f.Right.PipeInput("k", "r105", 105);
        f.Left.PipeInput("k", "l97", 97);

        f.Output.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(
            ("l100+r95", 100L), ("l100+r105", 105L), ("l97+r95", 97L), ("l97+r105", 105L));
    }

    [Fact]
    public void A_late_right_record_still_joins_what_the_left_store_holds_and_nothing_is_dropped()
    {
        // before = after = 10 ms, grace 5 ms: at stream time 40 a right record at 24 is late (24 + 10 + 5 < 40) but, as in
        // Kafka Streams 4.x, still joins the left record at 15, which the left store (stream time 15) keeps.
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var drops = new DroppedRecordsMeter();
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(Ms10, TimeSpan.FromMilliseconds(5)), loggerFactory);
        f.Left.PipeInput("k", "l15", 15);
        f.Right.PipeInput("other", "bump", 40);

        f.Right.PipeInput("k", "r24", 24);
        f.Right.PipeInput("k", "r25", 25);

        f.Values().Should().Equal("l15+r24", "l15+r25");
        drops.Reasons.Should().BeEmpty();
        logs.Entries.Where(e => e.EventId.Id is 1101 or 1102).Should().BeEmpty();
    }

    [Fact]
    public void A_late_record_finds_only_the_partners_the_other_side_store_has_not_expired()
    {
        // before = after = 10 ms, grace 5 ms: the stores keep 25 ms. At left stream time 41 the left store has expired
        // everything before 41 - 25 = 16; the late right record at 24 looks in [14, 34] and finds only the record at 16.
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(Ms10, TimeSpan.FromMilliseconds(5)));
        f.Left.PipeInput("k", "l15", 15);
        f.Left.PipeInput("k", "l16", 16);
        f.Left.PipeInput("other", "bump", 41);

        f.Right.PipeInput("k", "r24", 24);

        f.Values().Should().Equal("l16+r24");
    }

    [Fact]
    public void A_late_record_is_not_kept_by_its_own_side_store_once_that_store_expired_its_time_and_the_skip_is_counted()
    {
        // before = after = 10 ms, no grace: the stores keep 20 ms. The left store has seen 100, so a left record at 79 is
        // skipped by it (79 < 100 - 20) and counted as an expired window record; one at 80 is kept and joins later.
        using var drops = new DroppedRecordsMeter();
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Left.PipeInput("other", "bump", 100);
        f.Left.PipeInput("k", "l79", 79);
        f.Left.PipeInput("k", "l80", 80);

        f.Right.PipeInput("k", "r85", 85);

        f.Values().Should().Equal("l80+r85");
        drops.Reasons.Should().Equal("expired window record");
    }

    [Fact]
    public void Inner_join_drops_records_with_a_null_key_or_value()
    {
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceAndGrace(Ms10, Minute));
        f.Left.PipeInput(null, "l-null-key", 100);
        f.Left.PipeInput("k", null, 100);
        f.Right.PipeInput(null, "r-null-key", 100);
        f.Right.PipeInput("k", "r", 100);

        f.Output.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Left_join_emits_an_unmatched_left_record_with_null_only_after_its_window_closed_and_only_once()
    {
        // before = after = 10 ms, no grace: a left record at 0 closes when stream time passes 10.
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Left.PipeInput("a", "la", 0);
        f.Left.PipeInput("b", "lb", 10);
        f.Output.IsEmpty.Should().BeTrue("at stream time 10 the window [-10, 10] of the record at 0 is still open");

        f.Left.PipeInput("c", "lc", 11);
        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal([("a", "la+null", 0L)], "the result keeps the record's own timestamp");

        f.Left.PipeInput("d", "ld", 30);
        f.Output.ReadPairs().Should().Equal(("b", "lb+null"), ("c", "lc+null"));
    }

    [Fact]
    public void Left_join_never_emits_null_for_a_left_record_that_a_later_right_record_joined_within_the_window()
    {
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Left.PipeInput("a", "la", 0);
        f.Right.PipeInput("x", "rx", 5);
        f.Right.PipeInput("a", "ra", 10);

        f.Left.PipeInput("z", "lz", 100);

        f.Output.ReadPairs().Should().Equal(("a", "la+ra"));
    }

    [Fact]
    public void Left_join_with_grace_waits_for_the_grace_period_and_a_match_within_grace_prevents_the_null_result()
    {
        // before = after = 10 ms, grace 5 ms: a left record at 0 closes when stream time passes 15.
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceAndGrace(Ms10, TimeSpan.FromMilliseconds(5)));
        f.Left.PipeInput("a", "la", 0);
        f.Left.PipeInput("b", "lb", 0);
        f.Left.PipeInput("q", "lq", 14);
        f.Right.PipeInput("b", "rb", 10);
        f.Values().Should().Equal("lb+rb");

        f.Left.PipeInput("q", "lq", 15);
        f.Output.IsEmpty.Should().BeTrue("at stream time 15 = 0 + 10 + 5 the window is still open");

        f.Left.PipeInput("q", "lq", 16);
        f.Output.ReadPairs().Should().Equal(("a", "la+null"));
    }

    [Fact]
    public void Left_join_does_not_emit_unmatched_right_records()
    {
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Right.PipeInput("a", "ra", 0);
        f.Left.PipeInput("z", "lz", 100);
        f.Left.PipeInput("z2", "lz2", 200);

        f.Output.ReadPairs().Should().Equal(("z", "lz+null"));
    }

    [Fact]
    public void Left_join_joins_a_null_key_left_record_with_null_at_once_and_drops_null_keys_on_the_right_and_null_values()
    {
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Left.PipeInput(null, "l-null-key", 100);
        f.Right.PipeInput(null, "r-null-key", 100);
        f.Left.PipeInput("k", null, 100);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(((string?)null, "l-null-key+null", 100L));
        f.Left.PipeInput("z", "lz", 1_000);
        f.Output.ReadPairs().Should().BeEmpty("the dropped null value never reaches the outer store");
    }

    [Fact]
    public void Outer_join_emits_each_side_unmatched_after_its_own_side_of_the_window_closed()
    {
        // before 10 ms, after 2 ms: a left record at t closes after t + 2, a right record at t after t + 10.
        using var f = new JoinFixture(Kind.Outer, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(2)).Before(Ms10));
        f.Left.PipeInput("a", "la", 0);
        f.Right.PipeInput("b", "rb", 0);
        f.Left.PipeInput("c", "lc", 2);
        f.Output.IsEmpty.Should().BeTrue();

        f.Left.PipeInput("d", "ld", 3);
        f.Output.ReadPairs().Should().Equal(("a", "la+null"));

        f.Left.PipeInput("e", "le", 10);
        f.Output.ReadPairs().Should().Equal(("c", "lc+null"), ("d", "ld+null"));

        f.Right.PipeInput("x", "rx", 11);
        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("b", "null+rb", 0L));
    }

    [Fact]
    public void Outer_join_emits_matches_at_once_and_unmatched_records_of_both_sides_exactly_once()
    {
        using var f = new JoinFixture(Kind.Outer, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Right.PipeInput("a", "ra", 0);
        f.Left.PipeInput("a", "la", 5);
        f.Left.PipeInput("b", "lb", 5);
        f.Right.PipeInput("c", "rc", 6);
        f.Values().Should().Equal("la+ra");

        f.Left.PipeInput("z", "lz", 100);
        f.Right.PipeInput("z2", "rz2", 200);

        f.Output.ReadPairs().Should().Equal(("b", "lb+null"), ("c", "null+rc"), ("z", "lz+null"));
    }

    [Fact]
    public void Outer_join_joins_null_key_records_of_either_side_with_null_at_once()
    {
        using var f = new JoinFixture(Kind.Outer, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Left.PipeInput(null, "l", 100);
        f.Right.PipeInput(null, "r", 101);
        f.Right.PipeInput("k", null, 102);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(((string?)null, "l+null", 100L), (null, "null+r", 101L));
    }

    [Fact]
    public void A_late_left_record_without_a_partner_is_emitted_with_null_at_once_by_a_left_join()
    {
        // No grace, after 10 ms: at stream time 100 the left record at 89 is late (99 < 100); it finds no partner and,
        // its window having ended, is joined with null at once with its own timestamp, as Kafka Streams 4.x does.
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Left.PipeInput("z", "lz", 100);
        f.Left.PipeInput("late", "l-late", 89);
        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("late", "l-late+null", 89L));

        f.Left.PipeInput("z2", "lz2", 1_000);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("z", "lz+null", 100L));
    }

    [Fact]
    public void A_late_left_record_still_joins_a_right_record_in_its_window_in_a_left_join()
    {
        // No grace, before = after = 10 ms: at stream time 100 the left record at 89 is late but joins the right record at 95.
        using var f = new JoinFixture(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10));
        f.Right.PipeInput("k", "r95", 95);
        f.Left.PipeInput("z", "lz", 100);

        f.Left.PipeInput("k", "l89", 89);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("k", "l89+r95", 95L));
    }

    [Fact]
    public void The_joiner_with_key_sees_the_key()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left");
        var right = builder.Stream<string?, string?>("right");
        left.Join(right, (k, l, r) => $"{k}:{l}+{r}", JoinWindows.OfTimeDifferenceWithNoGrace(Ms10)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("k", "l", 1);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("k", "r", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("k:l+r");
    }

    [Fact]
    public void The_join_processors_and_stores_are_named_as_in_Kafka_Streams_and_live_in_one_sub_topology()
    {
        var builder = new StreamsBuilder(new TopologyOptions { NamingStrategy = NamingStrategy.KafkaCompatible });
        var left = builder.Stream<string?, string?>("left");
        var right = builder.Stream<string?, string?>("right");
        left.LeftJoin(right, (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10)).To("out");

        var description = builder.Build().Describe();

        description.Subtopologies.Should().ContainSingle();
        var nodes = description.Subtopologies[0].Nodes.ToDictionary(n => n.Name);
        nodes.Keys.Should().Contain(["KSTREAM-WINDOWED-0000000002", "KSTREAM-WINDOWED-0000000003", "KSTREAM-JOINTHIS-0000000004", "KSTREAM-OUTEROTHER-0000000005", "KSTREAM-MERGE-0000000006"]);
        nodes["KSTREAM-WINDOWED-0000000002"].Stores.Should().BeEquivalentTo("KSTREAM-JOINTHIS-0000000004-store");
        nodes["KSTREAM-JOINTHIS-0000000004"].Stores.Should().BeEquivalentTo("KSTREAM-OUTEROTHER-0000000005-store", "KSTREAM-OUTERSHARED-0000000004-store");
        nodes["KSTREAM-OUTEROTHER-0000000005"].Stores.Should().BeEquivalentTo("KSTREAM-JOINTHIS-0000000004-store", "KSTREAM-OUTERSHARED-0000000004-store");
        nodes["KSTREAM-MERGE-0000000006"].Predecessors.Should().BeEquivalentTo("KSTREAM-JOINTHIS-0000000004", "KSTREAM-OUTEROTHER-0000000005");
    }

    [Fact]
    public void Named_joins_name_processors_stores_and_changelogs_after_the_stream_joined_names()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left");
        var right = builder.Stream<string?, string?>("right");
        left.OuterJoin(right, (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10), StreamJoined<string?, string?, string?>.As("orders").WithName("j")).To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        var names = builder.Build().Describe().Subtopologies[0].Nodes.Select(n => n.Name);
        names.Should().Contain(["j-this-windowed", "j-other-windowed", "j-outer-this-join", "j-outer-other-join", "j-merge"]);
        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("k", "l", 1);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("k", "r", 2);
        driver.ProducedTopicNames.Should().Contain([
            "app-orders-outer-this-join-store-changelog", "app-orders-outer-other-join-store-changelog", "app-orders-outer-shared-join-store-changelog"]);
        driver.GetWindowStore<string, string>("orders-outer-this-join-store")!.Fetch("k", 1).Should().Be("l");
    }

    [Fact]
    public void Without_logging_the_join_stores_have_no_changelog()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left");
        left.LeftJoin(builder.Stream<string?, string?>("right"), (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10), new StreamJoined<string?, string?, string?>().WithLoggingDisabled())
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("k", "l", 1);

        driver.ProducedTopicNames.Should().BeEmpty();
    }

    [Fact]
    public void A_side_whose_key_changed_is_repartitioned_before_the_join()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left").SelectKey<string?>((_, v) => v![..1]);
        var right = builder.Stream<string?, string?>("right");
        left.Join(right, (l, r) => l + "+" + r, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10)).To("out");
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("a", "r", 5);
        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("x", "a-left", 6);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("a", "a-left+r"));
        driver.ProducedTopicNames.Should().Contain("app-KSTREAM-KEY-SELECT-0000000001-repartition");
        topology.Describe().Subtopologies.Should().HaveCount(2);
    }

    [Fact]
    public void A_named_join_names_its_repartition_topics_left_and_right()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left").SelectKey((_, v) => v);
        var right = builder.Stream<string?, string?>("right").SelectKey((_, v) => v);
        left.Join(right, (l, r) => l + "+" + r, JoinWindows.OfTimeDifferenceWithNoGrace(Ms10), new StreamJoined<string?, string?, string?>().WithName("j")).To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("x", "v", 1);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("y", "v", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("v", "v+v"));
        driver.ProducedTopicNames.Should().Contain(["app-j-left-repartition", "app-j-right-repartition"]);
    }

    [Fact]
    public void Explicit_store_suppliers_must_retain_duplicates_match_the_windows_and_have_distinct_names()
    {
        var windows = JoinWindows.OfTimeDifferenceAndGrace(Ms10, TimeSpan.FromMilliseconds(5));
        var good = Stores.InMemoryWindowStore("this", TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(20), retainDuplicates: true);
        var other = Stores.InMemoryWindowStore("other", TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(20), retainDuplicates: true);
        Action Join(IWindowBytesStoreSupplier a, IWindowBytesStoreSupplier b) => () =>
        {
            var builder = new StreamsBuilder();
            builder.Stream<string, string>("left").Join(builder.Stream<string, string>("right"), (l, r) => l + r, windows, StreamJoined<string, string, string>.With(a, b));
        };

        Join(good, other).Should().NotThrow();
        Join(good, Stores.InMemoryWindowStore("other", TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(20))).Should().Throw<TopologyException>().WithMessage("*retain duplicates*");
        Join(good, Stores.InMemoryWindowStore("other", TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(20), retainDuplicates: true)).Should().Throw<TopologyException>().WithMessage("*retention 25 ms*");
        Join(good, Stores.InMemoryWindowStore("this", TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(20), retainDuplicates: true)).Should().Throw<TopologyException>().WithMessage("*unique*");
    }

    [Fact]
    public void A_join_runs_on_explicit_duplicate_retaining_stores()
    {
        var windows = JoinWindows.OfTimeDifferenceWithNoGrace(Ms10);
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("left").Join(
                builder.Stream<string?, string?>("right"),
                (l, r) => l + "+" + r,
                windows,
                StreamJoined<string?, string?, string?>.With(
                    Stores.InMemoryWindowStore("mine", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), retainDuplicates: true),
                    Stores.InMemoryWindowStore("theirs", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), retainDuplicates: true)))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var left = driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        left.PipeInput("k", "l1", 5);
        left.PipeInput("k", "l2", 5);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("k", "r", 6);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("l1+r", "l2+r");
        driver.GetWindowStore<string, string>("mine")!.Fetch("k", 0, 10).Select(kv => kv.Value).Should().Equal("l1", "l2");
    }

    [Fact]
    public void A_zero_time_difference_joins_records_with_equal_timestamps_only()
    {
        using var f = new JoinFixture(Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero));
        f.Left.PipeInput("k", "l5", 5);
        f.Right.PipeInput("k", "r5", 5);
        f.Right.PipeInput("k", "r6", 6);

        f.Values().Should().Equal("l5+r5");
    }

    [Fact]
    public void Two_drivers_of_one_topology_keep_their_own_join_stream_time()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("left")
            .LeftJoin(builder.Stream<string?, string?>("right"), (l, r) => $"{l}+{r ?? "null"}", JoinWindows.OfTimeDifferenceWithNoGrace(Ms10))
            .To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        var topology = builder.Build();
        using var first = new TopologyTestDriver(topology);
        using var second = new TopologyTestDriver(topology);

        first.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("a", "la", 1_000);
        second.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("b", "lb", 0);
        second.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("b", "rb", 5);

        second.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("lb+rb");
    }

    [Fact]
    public void Join_windows_validate_their_bounds()
    {
        FluentActions.Invoking(() => JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => JoinWindows.OfTimeDifferenceAndGrace(Ms10, TimeSpan.FromMilliseconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => JoinWindows.OfTimeDifferenceWithNoGrace(Ms10).Before(TimeSpan.FromMilliseconds(-11))).Should().Throw<ArgumentException>();

        var shifted = JoinWindows.OfTimeDifferenceAndGrace(Ms10, TimeSpan.FromMilliseconds(3)).Before(TimeSpan.FromMilliseconds(-5));
        (shifted.BeforeMs, shifted.AfterMs, shifted.GraceMs, shifted.SizeMs).Should().Be((-5L, 10L, 3L, 5L));
    }

    /// <summary>Streams "left" and "right" (string keys and values) joined into "out"; the joiner prints "l+r" with "null" for a missing side.</summary>
    private sealed class JoinFixture : IDisposable
    {
        public JoinFixture(Kind kind, JoinWindows windows, ILoggerFactory? loggerFactory = null)
        {
            var builder = new StreamsBuilder();
            var left = builder.Stream<string?, string?>("left");
            var right = builder.Stream<string?, string?>("right");
            var joined = kind switch
            {
                Kind.Inner => left.Join(right, (l, r) => $"{l}+{r}", windows),
                Kind.Left => left.LeftJoin(right, (l, r) => $"{l}+{r ?? "null"}", windows),
                _ => left.OuterJoin(right, (l, r) => $"{l ?? "null"}+{r ?? "null"}", windows),
            };
            joined.To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
            Driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance });
            Left = Driver.CreateInputTopic("left", Serdes.String, Serdes.String);
            Right = Driver.CreateInputTopic("right", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Left { get; }

        public TestInputTopic<string?, string?> Right { get; }

        public TestOutputTopic<string?, string?> Output { get; }

        public IReadOnlyList<string?> Values() => Output.ReadValuesToList();

        public void Dispose() => Driver.Dispose();
    }
}
