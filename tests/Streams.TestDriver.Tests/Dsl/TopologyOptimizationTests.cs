using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// <see cref="TopologyOptions.Optimization"/>, as Kafka Streams' <c>topology.optimization</c>: the optimized topology has
/// fewer internal topics, describes itself as optimized, and computes the same results.
/// </summary>
public class TopologyOptimizationTests
{
    private static readonly TopologyTestDriverOptions App = new() { ApplicationId = "app" };

    [Fact]
    public void Optimization_is_off_by_default()
    {
        var topology = TwoCountsOfOneRekeyedStream(new TopologyOptions());

        Repartitions(topology).Should().HaveCount(2);
        topology.Describe().Subtopologies.Should().HaveCount(3);
    }

    [Fact]
    public void Groupings_of_one_key_changing_operation_share_one_repartition_topic()
    {
        var plain = TwoCountsOfOneRekeyedStream(new TopologyOptions());
        var optimized = TwoCountsOfOneRekeyedStream(new TopologyOptions { Optimization = TopologyOptimization.MergeRepartitionTopics });

        Repartitions(plain).Should().BeEquivalentTo("app-first-repartition", "app-second-repartition");
        Repartitions(optimized).Should().Equal("app-first-repartition");
        plain.Describe().Subtopologies.Should().HaveCount(3);
        optimized.Describe().Subtopologies.Should().HaveCount(2);
        var description = optimized.Describe().ToString();
        description.Should().Contain("    Sink: first-repartition-sink (topic: first-repartition)\n");
        description.Should().NotContain("second-repartition");
        description.Should().Contain("    Source: first-repartition-source (topics: [first-repartition])\n      --> KSTREAM-AGGREGATE-0000000003, long-names\n");
    }

    [Fact]
    public void A_merged_topology_computes_what_the_unmerged_one_computes()
    {
        static (List<(string?, long)> First, List<(string?, long)> Second) Run(TopologyOptions options)
        {
            using var driver = new TopologyTestDriver(TwoCountsOfOneRekeyedStream(options), App);
            driver.CreateInputTopic("orders", Serdes.String, Serdes.String)
                .PipeKeyValueList([new("o1", "ada"), new("o2", "bob"), new("o3", "ada"), new("o4", "x")]);
            return (driver.CreateOutputTopic("first-counts", Serdes.String, Serdes.Int64).ReadPairs(),
                driver.CreateOutputTopic("second-counts", Serdes.String, Serdes.Int64).ReadPairs());
        }

        var plain = Run(new TopologyOptions());
        var optimized = Run(new TopologyOptions { Optimization = TopologyOptimization.All });

        plain.First.Should().Equal(("ada", 1L), ("bob", 1L), ("ada", 2L), ("x", 1L));
        plain.Second.Should().Equal(("ada", 1L), ("bob", 1L), ("ada", 2L));
        optimized.First.Should().Equal(plain.First);
        optimized.Second.Should().Equal(plain.Second);
    }

    [Fact]
    public void Operators_between_the_key_change_and_a_grouping_move_below_the_shared_repartition_topic()
    {
        var optimized = TwoCountsOfOneRekeyedStream(new TopologyOptions { Optimization = TopologyOptimization.MergeRepartitionTopics });

        var afterRepartition = optimized.Describe().Subtopologies[1].Nodes;
        var filter = afterRepartition.Single(n => n.Name == "long-names");
        filter.Predecessors.Should().Equal("first-repartition-source");
        filter.Successors.Should().ContainSingle().Which.Should().StartWith("KSTREAM-AGGREGATE-");
        optimized.Describe().Subtopologies[0].Nodes.Select(n => n.Name).Should().NotContain("long-names");
    }

    [Fact]
    public void A_value_changing_operator_between_the_key_change_and_a_grouping_keeps_its_own_repartition_topic()
    {
        var builder = new StreamsBuilder(new TopologyOptions { Optimization = TopologyOptimization.All });
        var rekeyed = builder.Stream<string, string>("orders").SelectKey((_, v) => v);
        rekeyed.GroupByKey(Grouped<string, string>.As("plain")).Count();
        rekeyed.MapValues(v => v.ToUpperInvariant()).GroupByKey(Grouped<string, string>.As("mapped")).Count();

        Repartitions(builder.Build()).Should().BeEquivalentTo("app-plain-repartition", "app-mapped-repartition");
    }

    [Fact]
    public void An_explicit_repartition_is_not_merged()
    {
        var builder = new StreamsBuilder(new TopologyOptions { Optimization = TopologyOptimization.All });
        var rekeyed = builder.Stream<string, string>("orders").SelectKey((_, v) => v);
        rekeyed.GroupByKey(Grouped<string, string>.As("grouped")).Count();
        rekeyed.Repartition(Repartitioned<string, string>.As("explicit")).To("out");

        Repartitions(builder.Build()).Should().BeEquivalentTo("app-grouped-repartition", "app-explicit-repartition");
    }

    [Fact]
    public void Groupings_of_different_key_changing_operations_are_not_merged()
    {
        var builder = new StreamsBuilder(new TopologyOptions { Optimization = TopologyOptimization.All });
        var orders = builder.Stream<string, string>("orders");
        orders.SelectKey((_, v) => v).GroupByKey(Grouped<string, string>.As("by-value")).Count();
        orders.SelectKey((k, _) => k + "!").GroupByKey(Grouped<string, string>.As("by-key")).Count();

        Repartitions(builder.Build()).Should().BeEquivalentTo("app-by-value-repartition", "app-by-key-repartition");
    }

    [Fact]
    public void Groupings_below_a_merge_of_rekeyed_streams_share_one_repartition_topic()
    {
        static Topology Build(TopologyOptions options)
        {
            var builder = new StreamsBuilder(options);
            var a = builder.Stream<string, string>("a").SelectKey((_, v) => v);
            var b = builder.Stream<string, string>("b").SelectKey((_, v) => v);
            var merged = a.Merge(b);
            merged.GroupByKey(Grouped<string, string>.As("first")).Count().ToStream().To("first-counts");
            merged.GroupByKey(Grouped<string, string>.As("second")).Count().ToStream().To("second-counts");
            return builder.Build();
        }

        var optimized = Build(new TopologyOptions { Optimization = TopologyOptimization.All });
        Repartitions(optimized).Should().Equal("app-first-repartition");

        using var driver = new TopologyTestDriver(optimized, App);
        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("1", "x");
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("2", "x");
        driver.CreateOutputTopic("first-counts", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("x", 1L), ("x", 2L));
        driver.CreateOutputTopic("second-counts", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("x", 1L), ("x", 2L));
    }

    [Fact]
    public void Unnamed_groupings_share_the_repartition_topic_of_the_first_one()
    {
        var plain = new StreamsBuilder();
        var rekeyedPlain = plain.Stream<string, string>("orders").SelectKey((_, v) => v);
        rekeyedPlain.GroupByKey().Count();
        rekeyedPlain.GroupByKey().Count();
        var optimized = new StreamsBuilder(new TopologyOptions { Optimization = TopologyOptimization.All });
        var rekeyedOptimized = optimized.Stream<string, string>("orders").SelectKey((_, v) => v);
        rekeyedOptimized.GroupByKey().Count();
        rekeyedOptimized.GroupByKey().Count();

        var before = Repartitions(plain.Build());
        before.Should().HaveCount(2);
        Repartitions(optimized.Build()).Should().Equal(before[0]);
    }

    [Fact]
    public void Aggregations_of_one_named_grouping_share_its_repartition_topic_even_without_optimization()
    {
        var builder = new StreamsBuilder();
        var grouped = builder.Stream<string, string>("orders").GroupBy((_, v) => v, Grouped<string, string>.As("by-value"));
        grouped.Count(Materialized<string, long>.As("counts")).ToStream().To("counts-out");
        grouped.Reduce((a, b) => a + b, Materialized<string, string>.As("concat")).ToStream().To("concat-out");

        var topology = builder.Build();

        Repartitions(topology).Should().Equal("app-by-value-repartition");
        using var driver = new TopologyTestDriver(topology, App);
        driver.CreateInputTopic("orders", Serdes.String, Serdes.String).PipeValueList(["a", "a"]);
        driver.CreateOutputTopic("counts-out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("a", 1L), ("a", 2L));
        driver.CreateOutputTopic("concat-out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("a", "a"), ("a", "aa"));
    }

    [Fact]
    public void A_table_reuses_its_source_topic_as_changelog()
    {
        static Topology Build(TopologyOptions options)
        {
            var builder = new StreamsBuilder(options);
            var users = builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store"));
            builder.Stream<string, string>("clicks").Join(users, (click, region) => $"{click}@{region}").To("enriched");
            return builder.Build();
        }

        var plain = Build(new TopologyOptions());
        var optimized = Build(new TopologyOptions { Optimization = TopologyOptimization.ReuseKTableSourceTopics });

        plain.InternalTopics("app").Should().Equal("app-users-store-changelog");
        optimized.InternalTopics("app").Should().BeEmpty();
        optimized.Describe().ToString().Should().Be(plain.Describe().ToString(), "only the changelog changes");

        using var driver = new TopologyTestDriver(optimized, App);
        driver.CreateInputTopic("users", Serdes.String, Serdes.String).PipeInput("ada", "eu");
        driver.CreateInputTopic("clicks", Serdes.String, Serdes.String).PipeInput("ada", "home");
        driver.CreateOutputTopic("enriched", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("ada", "home@eu"));
        driver.ProducedTopicNames.Should().BeEquivalentTo("enriched");
        driver.GetKeyValueStore<string, string>("users-store")!.Get("ada").Should().Be("eu");
    }

    [Fact]
    public void Other_tables_keep_their_changelog()
    {
        var builder = new StreamsBuilder(new TopologyOptions { Optimization = TopologyOptimization.All });
        builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store"))
            .Filter((_, v) => v.Length > 0, Materialized<string, string>.As("active"));
        builder.Stream<string, string>("orders").ToTable(Materialized<string, string>.As("latest-order"));

        builder.Build().InternalTopics("app").Should().BeEquivalentTo("app-active-changelog", "app-latest-order-changelog");
    }

    /// <summary>Orders re-keyed by customer, counted twice: all of them (grouping "first"), and those with a long name (grouping "second").</summary>
    private static Topology TwoCountsOfOneRekeyedStream(TopologyOptions options)
    {
        var builder = new StreamsBuilder(options);
        var byCustomer = builder.Stream<string, string>("orders").SelectKey((_, customer) => customer);
        byCustomer.GroupByKey(Grouped<string, string>.As("first")).Count().ToStream().To("first-counts");
        byCustomer.Filter((_, customer) => customer.Length > 1, Named.As("long-names"))
            .GroupByKey(Grouped<string, string>.As("second")).Count().ToStream().To("second-counts");
        return builder.Build();
    }

    private static List<string> Repartitions(Topology topology) =>
        topology.InternalTopics("app").Where(t => t.EndsWith("-repartition", StringComparison.Ordinal)).ToList();
}
