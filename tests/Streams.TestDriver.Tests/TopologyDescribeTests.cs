using Streams.Dsl;
using Streams.Serialization;
using Node = Streams.TopologyDescription.Node;
using NodeType = Streams.TopologyDescription.NodeType;

namespace Streams.TestDriver.Tests;

public class TopologyDescribeTests
{
    /// <summary>
    /// Names as Kafka Streams 4.x's own description of the same program: the aggregation takes its counter value before the
    /// repartition's sink, filter and source, and a repartition topic the user named gives its nodes
    /// <c>{topic}-repartition-sink</c>, <c>-filter</c> and <c>-source</c> (their counter values are still taken).
    /// </summary>
    [Fact]
    public void Describes_subtopologies_split_at_the_repartition_topic()
    {
        var description = OrdersTopology().Describe();

        description.Subtopologies.Select(s => s.Id).Should().Equal(0, 1);
        description.Subtopologies[0].Nodes.Should().BeEquivalentTo(
            [
                new Node("orders-source", NodeType.Source, ["orders"], [], [], ["non-empty"]),
                new Node("non-empty", NodeType.Processor, [], [], ["orders-source"], ["with-customer"]),
                new Node("with-customer", NodeType.Processor, [], [], ["non-empty"], ["KSTREAM-KEY-SELECT-0000000001"]),
                new Node("KSTREAM-KEY-SELECT-0000000001", NodeType.Processor, [], [], ["with-customer"], ["by-customer-repartition-filter"]),
                new Node("by-customer-repartition-filter", NodeType.Processor, [], [], ["KSTREAM-KEY-SELECT-0000000001"], ["by-customer-repartition-sink"]),
                new Node("by-customer-repartition-sink", NodeType.Sink, ["by-customer-repartition"], [], ["by-customer-repartition-filter"], []),
            ],
            o => o.WithStrictOrdering());
        description.Subtopologies[1].Nodes.Should().BeEquivalentTo(
            [
                new Node("by-customer-repartition-source", NodeType.Source, ["by-customer-repartition"], [], [], ["KSTREAM-AGGREGATE-0000000002"]),
                new Node("KSTREAM-AGGREGATE-0000000002", NodeType.Processor, [], ["order-counts"], ["by-customer-repartition-source"], ["counts-stream"]),
                new Node("counts-stream", NodeType.Processor, [], [], ["KSTREAM-AGGREGATE-0000000002"], ["counts-sink"]),
                new Node("counts-sink", NodeType.Sink, ["order-counts-out"], [], ["counts-stream"], []),
            ],
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void Describes_global_stores_after_the_subtopologies()
    {
        var description = OrdersTopology().Describe();

        description.GlobalStores.Should().Equal(
            new TopologyDescription.GlobalStore(2, "customers-source", "customers", "KTABLE-SOURCE-0000000000", "customers-store"));
    }

    [Fact]
    public void Prints_in_the_shape_of_Kafka_Streams_TopologyDescription()
    {
        var text = OrdersTopology().Describe().ToString();

        text.Should().StartWith("Topologies:\n   Sub-topology: 0\n    Source: orders-source (topics: [orders])\n      --> non-empty\n");
        text.Should().Contain("    Processor: non-empty (stores: [])\n      --> with-customer\n      <-- orders-source\n");
        text.Should().Contain("    Sink: by-customer-repartition-sink (topic: by-customer-repartition)\n      --> none\n      <-- by-customer-repartition-filter\n");
        text.Should().Contain("   Sub-topology: 1\n    Source: by-customer-repartition-source (topics: [by-customer-repartition])\n");
        text.Should().Contain("    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [order-counts])\n");
        text.Should().Contain(
            "  Sub-topology: 2 for global store (will not generate tasks)\n" +
            "    Source: customers-source (topics: [customers])\n" +
            "      --> KTABLE-SOURCE-0000000000\n" +
            "    Processor: KTABLE-SOURCE-0000000000 (stores: [customers-store])\n" +
            "      --> none\n" +
            "      <-- customers-source\n");
        text.IndexOf("Sub-topology: 1", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("Sub-topology: 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Lists_source_sink_and_internal_topics()
    {
        var topology = OrdersTopology();

        topology.SourceTopics.Should().BeEquivalentTo("orders", "customers");
        topology.SinkTopics.Should().BeEquivalentTo("order-counts-out");
        topology.InternalTopics("app").Should().BeEquivalentTo("app-by-customer-repartition", "app-order-counts-changelog");
    }

    [Fact]
    public void A_topic_extractor_sink_is_shown_as_such()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in", Consumed<string, string>.As("src")).To((k, _) => k, Produced<string, string>.As("dynamic"));

        builder.Build().Describe().ToString().Should().Contain("    Sink: dynamic (topic: <topic extractor>)\n      --> none\n      <-- src\n");
    }

    [Fact]
    public void Independent_streams_are_separate_subtopologies()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").To("a-out");
        builder.Stream<string, string>("b").To("b-out");

        var description = builder.Build().Describe();

        description.Subtopologies.Select(s => s.Nodes.Single(n => n.Type == NodeType.Source).Topics.Single()).Should().Equal("a", "b");
        description.GlobalStores.Should().BeEmpty();
    }

    [Fact]
    public void The_described_topology_runs_as_described()
    {
        using var driver = new TopologyTestDriver(OrdersTopology());
        driver.CreateInputTopic("customers", Serdes.String, Serdes.String).PipeInput("c1", "Ada", 1);
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);

        orders.PipeInput("o1", "c1", 2);
        orders.PipeInput("o2", "", 3);
        orders.PipeInput("o3", "c1", 4);

        driver.CreateOutputTopic("order-counts-out", Serdes.String, Serdes.Int64).ReadKeyValuesToMap()
            .Should().BeEquivalentTo(new Dictionary<string, long> { ["c1Ada"] = 2 });
    }

    internal static Topology OrdersTopology()
    {
        var builder = new StreamsBuilder();
        var customers = builder.GlobalTable(
            "customers", Consumed<string, string>.As("customers-source"), Materialized<string, string>.As("customers-store"));
        builder.Stream<string, string>("orders", Consumed<string, string>.As("orders-source"))
            .Filter((_, customerId) => customerId.Length > 0, Named.As("non-empty"))
            .LeftJoin(customers, (_, customerId) => customerId, (customerId, name) => customerId + name, Named.As("with-customer"))
            .GroupBy((_, customer) => customer, Grouped<string, string>.As("by-customer"))
            .Count(Materialized<string, long>.As("order-counts"))
            .ToStream(Named.As("counts-stream"))
            .To("order-counts-out", Produced<string, long>.As("counts-sink"));
        return builder.Build();
    }
}
