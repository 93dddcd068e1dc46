using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// Generated store and internal topic names. <see cref="NamingStrategy.Stable"/> (the default) derives them from the
/// operator's upstream lineage, so unrelated operators added elsewhere keep them; <see cref="NamingStrategy.KafkaCompatible"/>
/// gives Kafka Streams' counter names, which shift when anything is added earlier in the program.
/// </summary>
public class StreamsBuilderNamingTests
{
    [Fact]
    public void Stable_names_survive_unrelated_operators_added_in_other_sources_branches_and_downstream()
    {
        var original = StoresAndTopics(Program(NamingStrategy.Stable, extras: false));
        var extended = StoresAndTopics(Program(NamingStrategy.Stable, extras: true));

        original.Should().HaveCount(11, "5 stores, 4 changelogs (not the global store's) and 2 repartition topics; the filter's unnamed Materialized materializes nothing, as Kafka Streams");
        original.Should().BeSubsetOf(extended);
        extended.Count.Should().BeGreaterThan(original.Count, "the extra operators have stores of their own");
    }

    [Fact]
    public void Kafka_compatible_names_shift_when_unrelated_operators_are_added_earlier()
    {
        var original = StoresAndTopics(Program(NamingStrategy.KafkaCompatible, extras: false));
        var extended = StoresAndTopics(Program(NamingStrategy.KafkaCompatible, extras: true));

        original.Except(extended).Should().NotBeEmpty("one global counter numbers every generated name, as in Kafka Streams");
    }

    [Fact]
    public void Inserting_an_operator_upstream_in_the_same_chain_renames_what_is_below_it()
    {
        var direct = new StreamsBuilder();
        direct.Stream<string, string>("orders").GroupByKey().Count();
        var filtered = new StreamsBuilder();
        filtered.Stream<string, string>("orders").Filter((_, v) => v.Length > 0).GroupByKey().Count();

        var before = StoreNames(direct.Build()).Single();
        var after = StoreNames(filtered.Build()).Single();

        after.Should().NotBe(before);
        before.Should().MatchRegex("^KSTREAM-AGGREGATE-STATE-STORE-[0-9a-f]{10}$");
        after.Should().MatchRegex("^KSTREAM-AGGREGATE-STATE-STORE-[0-9a-f]{10}$");
    }

    [Fact]
    public void The_same_program_gets_the_same_names_from_every_builder()
    {
        StoresAndTopics(Program(NamingStrategy.Stable, extras: false))
            .Should().Equal(StoresAndTopics(Program(NamingStrategy.Stable, extras: false)));
    }

    [Fact]
    public void Stable_names_keep_Kafka_Streams_shape_with_a_lineage_digest_in_place_of_the_counter()
    {
        var builder = new StreamsBuilder();
        var orders = builder.Stream<string, string>("orders");
        orders.SelectKey((_, v) => v).GroupByKey().Count();
        orders.Repartition();
        builder.Table<string, string>("users").Filter((_, _) => true, Materialized<string, string>.With(Serdes.String!, Serdes.String!));
        builder.GlobalTable<string, string>("regions");
        var topology = builder.Build();

        StoreNames(topology).Should().SatisfyRespectively(
            s => s.Should().MatchRegex("^KSTREAM-AGGREGATE-STATE-STORE-[0-9a-f]{10}$"),
            s => s.Should().MatchRegex("^users-STATE-STORE-[0-9a-f]{10}$"),
            s => s.Should().MatchRegex("^regions-STATE-STORE-[0-9a-f]{10}$"));
        topology.InternalTopics("app").Where(t => t.EndsWith("-repartition", StringComparison.Ordinal)).Should().SatisfyRespectively(
            t => t.Should().MatchRegex("^app-KSTREAM-AGGREGATE-STATE-STORE-[0-9a-f]{10}-repartition$"),
            t => t.Should().MatchRegex("^app-KSTREAM-REPARTITION-[0-9a-f]{10}-repartition$"));
    }

    [Fact]
    public void Kafka_compatible_names_are_Kafka_Streams_counter_names()
    {
        var builder = new StreamsBuilder(new TopologyOptions { NamingStrategy = NamingStrategy.KafkaCompatible });
        builder.Stream<string, string>("orders").SelectKey((_, v) => v).GroupByKey().Count();
        var topology = builder.Build();

        // Kafka Streams: source 0, key-select 1, store 2, aggregate 3, then the repartition's sink 4, filter 5 and source 6.
        StoreNames(topology).Should().Equal("KSTREAM-AGGREGATE-STATE-STORE-0000000002");
        topology.InternalTopics("app").Should().BeEquivalentTo(
            "app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition", "app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog");
        topology.Describe().Subtopologies.SelectMany(s => s.Nodes).Select(n => n.Name).Should().Equal(
            "KSTREAM-SOURCE-0000000000", "KSTREAM-KEY-SELECT-0000000001", "KSTREAM-FILTER-0000000005", "KSTREAM-SINK-0000000004",
            "KSTREAM-SOURCE-0000000006", "KSTREAM-AGGREGATE-0000000003");
    }

    [Fact]
    public void Kafka_compatible_table_stores_are_numbered_and_an_unnamed_materialized_filter_burns_a_number_as_in_Kafka_Streams()
    {
        var builder = new StreamsBuilder(new TopologyOptions { NamingStrategy = NamingStrategy.KafkaCompatible });
        builder.Table<string, string>("users").Filter((_, _) => true, Materialized<string, string>.With(Serdes.String!, Serdes.String!));
        builder.Stream<string, string>("orders").Repartition();

        var topology = builder.Build();

        // Table store 0 (named before the source, as Kafka Streams), source 1, KTABLE-SOURCE 2, 3 burnt by the filter's unnamed
        // Materialized (KTableImpl#doFilter: not materialized without a queryable name), KTABLE-FILTER 4, stream source 5,
        // KSTREAM-REPARTITION 6.
        StoreNames(topology).Should().Equal("users-STATE-STORE-0000000000");
        topology.Describe().Subtopologies[0].Nodes.Select(n => n.Name).Should().Equal("KSTREAM-SOURCE-0000000001", "KTABLE-SOURCE-0000000002", "KTABLE-FILTER-0000000004");
        topology.InternalTopics("app").Should().Contain("app-KSTREAM-REPARTITION-0000000006-repartition");
    }

    [Fact]
    public void A_named_table_source_names_its_table_processor_after_it()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("users", Consumed<string, string>.As("users-source"));

        builder.Build().Describe().Subtopologies.Single().Nodes.Select(n => n.Name).Should().Equal("users-source", "users-source-table-source");
    }

    [Fact]
    public void Processor_names_are_the_same_counter_names_in_both_strategies()
    {
        string[] Processors(NamingStrategy strategy) =>
            Program(strategy, extras: true).Describe().Subtopologies.SelectMany(s => s.Nodes).Select(n => n.Name).ToArray();

        Processors(NamingStrategy.Stable).Should().Equal(Processors(NamingStrategy.KafkaCompatible));
    }

    [Fact]
    public void A_later_aggregation_of_the_same_kind_on_the_same_stream_does_not_rename_an_earlier_one()
    {
        var one = new StreamsBuilder();
        one.Stream<string, string>("orders").GroupByKey().Count();
        var two = new StreamsBuilder();
        var grouped = two.Stream<string, string>("orders").GroupByKey();
        grouped.Count();
        grouped.Count();

        var first = StoreNames(one.Build()).Single();
        var both = StoreNames(two.Build());

        both.Should().HaveCount(2).And.Contain(first, "the first count keeps its ordinal 0 among counts on that stream");
    }

    [Fact]
    public void Names_below_a_named_repartition_topic_do_not_depend_on_what_feeds_it()
    {
        static string CountStore(bool filterFirst)
        {
            var builder = new StreamsBuilder();
            var orders = builder.Stream<string, string>("orders");
            (filterFirst ? orders.Filter((_, v) => v.Length > 0) : orders)
                .GroupBy((_, v) => v, Grouped<string, string>.As("by-value"))
                .Count();
            return StoreNames(builder.Build()).Single();
        }

        CountStore(filterFirst: true).Should().Be(CountStore(filterFirst: false));
    }

    [Fact]
    public void Windowed_and_plain_aggregations_on_one_stream_are_different_kinds()
    {
        var plainOnly = new StreamsBuilder();
        plainOnly.Stream<string, string>("orders").GroupByKey().Count();
        var windowedFirst = new StreamsBuilder();
        var grouped = windowedFirst.Stream<string, string>("orders").GroupByKey();
        grouped.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1))).Count();
        grouped.Count();

        StoreNames(windowedFirst.Build()).Should().Contain(StoreNames(plainOnly.Build()).Single());
    }

    [Fact]
    public void Options_are_copied_when_the_builder_is_created()
    {
        var options = new TopologyOptions { NamingStrategy = NamingStrategy.KafkaCompatible };
        var builder = new StreamsBuilder(options);
        options.NamingStrategy = NamingStrategy.Stable;
        builder.Stream<string, string>("orders").GroupByKey().Count();

        StoreNames(builder.Build()).Should().Equal("KSTREAM-AGGREGATE-STATE-STORE-0000000001");
    }

    [Fact]
    public void Undefined_option_values_are_rejected()
    {
        FluentActions.Invoking(() => new StreamsBuilder(new TopologyOptions { NamingStrategy = (NamingStrategy)7 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("NamingStrategy");
        FluentActions.Invoking(() => new StreamsBuilder(new TopologyOptions { Optimization = (TopologyOptimization)8 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Optimization");
        FluentActions.Invoking(() => new StreamsBuilder(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Stable_names_cover_windowed_session_suppressed_cogrouped_and_joined_stores()
    {
        static Topology Windowed(bool extras)
        {
            var builder = new StreamsBuilder();
            if (extras)
            {
                builder.Stream<string, string>("unrelated").GroupByKey().Count();
            }

            var clicks = builder.Stream<string, string>("clicks");
            var views = builder.Stream<string, string>("views");
            clicks.GroupByKey().WindowedBy(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMinutes(5))).Count()
                .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()));
            clicks.GroupByKey().WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMinutes(5))).Count();
            clicks.GroupByKey().Cogroup<long>((_, _, n) => n + 1).Cogroup(views.GroupByKey(), (_, _, n) => n + 1).Aggregate(() => 0L);
            var left = builder.Table<string, string>("left");
            var right = builder.Table<string, string>("right");
            left.Join(right, (l, r) => l + r, materialized: new Materialized<string, string>());
            left.GroupBy((k, v) => (v, k)).Count();
            left.Join(right, v => v, (l, r) => l + r, materialized: new Materialized<string, string>());
            clicks.LeftJoin(views, (c, v) => c + v, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMinutes(1)));
            return builder.Build();
        }

        var original = StoreNames(Windowed(extras: false));
        var extended = StoreNames(Windowed(extras: true));

        original.Should().OnlyContain(n => System.Text.RegularExpressions.Regex.IsMatch(n, "-[0-9a-f]{10}(-store)?$"), "every generated store name carries a lineage digest");
        original.Should().BeSubsetOf(extended, "an unrelated source added first renames nothing");
    }

    /// <summary>
    /// Stateful operators of every naming path: aggregations with and without a repartition, a windowed aggregation, an
    /// explicit repartition, a table, a materialized table filter and a global table. <paramref name="extras"/> adds,
    /// before them in program order, an unrelated source with its own aggregation and other kinds of operators on the
    /// same streams (a peek branch, a mapValues branch with its own aggregation), and operators downstream of them.
    /// </summary>
    private static Topology Program(NamingStrategy strategy, bool extras)
    {
        var builder = new StreamsBuilder(new TopologyOptions { NamingStrategy = strategy });
        if (extras)
        {
            builder.Stream<string, string>("clicks").GroupByKey().Count().ToStream().To("click-counts");
        }

        var orders = builder.Stream<string, string>("orders");
        if (extras)
        {
            orders.Peek((_, _) => { });
            orders.MapValues(v => v.ToUpperInvariant()).GroupByKey().Reduce((a, b) => a + b);
        }

        var counts = orders.GroupByKey().Count();
        orders.SelectKey((_, v) => v).GroupByKey().Count();
        orders.GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(5))).Count();
        orders.Repartition();
        var users = builder.Table<string, string>("users");
        users.Filter((_, v) => v.Length > 0, Materialized<string, string>.With(Serdes.String!, Serdes.String!));
        builder.GlobalTable<string, string>("regions");
        if (extras)
        {
            counts.ToStream().Filter((_, c) => c > 1).To("busy");
            users.MapValues((_, v) => v.Length, Materialized<string, int>.With(Serdes.String!, Serdes.Int32));
        }

        return builder.Build();
    }

    private static List<string> StoreNames(Topology topology)
    {
        var description = topology.Describe();
        return description.Subtopologies.SelectMany(s => s.Nodes).SelectMany(n => n.Stores)
            .Concat(description.GlobalStores.Select(g => g.StoreName))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> StoresAndTopics(Topology topology) =>
        StoreNames(topology).Concat(topology.InternalTopics("app")).Order(StringComparer.Ordinal).ToList();
}
