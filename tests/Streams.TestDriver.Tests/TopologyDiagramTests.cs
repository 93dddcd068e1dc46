using System.Text.RegularExpressions;

namespace Streams.TestDriver.Tests;

public partial class TopologyDiagramTests
{
    [Fact]
    public void Mermaid_declares_every_node_topic_and_store_and_draws_records_and_store_links()
    {
        var mermaid = TopologyDescribeTests.OrdersTopology().Describe().ToMermaid();
        var labels = MermaidDeclaration().Matches(mermaid).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["label"].Value);
        string Id(string label) => labels.Single(kv => kv.Value == label).Key;
        var edges = MermaidEdge().Matches(mermaid).Select(m => (From: m.Groups["from"].Value, Arrow: m.Groups["arrow"].Value, To: m.Groups["to"].Value)).ToList();

        mermaid.Should().StartWith("flowchart LR\n");
        labels.Values.Should().Contain(["Sub-topology 0", "Sub-topology 1", "Global store customers-store", "orders", "customers", "by-customer-repartition", "order-counts", "customers-store"]);
        edges.Should().OnlyContain(e => labels.ContainsKey(e.From) && labels.ContainsKey(e.To), "every edge joins declared shapes");
        edges.Should().Contain((Id("orders"), "-->", Id("orders-source")));
        edges.Should().Contain((Id("by-customer-repartition-sink"), "-->", Id("by-customer-repartition")), "the repartition topic is written by sub-topology 0");
        edges.Should().Contain((Id("by-customer-repartition"), "-->", Id("by-customer-repartition-source")), "and read by sub-topology 1 through the same topic shape");
        edges.Should().Contain((Id("KSTREAM-AGGREGATE-0000000002"), "-.-", Id("order-counts")));
        edges.Should().Contain((Id("customers"), "-->", Id("customers-source")));
        edges.Should().Contain((Id("KTABLE-SOURCE-0000000000"), "-.-", Id("customers-store")));
        mermaid.Should().Contain($"{Id("order-counts")}[(\"order-counts\")]", "stores are cylinders");
        mermaid.Should().Contain($"{Id("orders")}([\"orders\"])", "topics are stadiums");
    }

    [Fact]
    public void Dot_has_one_cluster_per_subtopology_and_quotes_names()
    {
        var dot = TopologyDescribeTests.OrdersTopology().Describe().ToDot();

        dot.Should().StartWith("digraph topology {").And.EndWith("}\n");
        Regex.Matches(dot, @"subgraph cluster_(\d+)").Select(m => m.Groups[1].Value).Should().Equal("0", "1", "2");
        dot.Should().Contain("\"node:by-customer-repartition-sink\" -> \"topic:by-customer-repartition\";");
        dot.Should().Contain("\"topic:by-customer-repartition\" -> \"node:by-customer-repartition-source\";");
        dot.Should().Contain("\"node:KSTREAM-AGGREGATE-0000000002\" -> \"store:order-counts\" [style=dashed, dir=none];");
        dot.Should().Contain("\"store:order-counts\" [shape=cylinder, label=\"order-counts\"];");
        dot.Split('{').Length.Should().Be(dot.Split('}').Length, "braces balance");
    }

    [GeneratedRegex(@"^\s+(?:subgraph )?(?<id>[a-z]+\d+)(?:\[""|\(\[""|\[\("")(?<label>[^""]*)""", RegexOptions.Multiline)]
    private static partial Regex MermaidDeclaration();

    [GeneratedRegex(@"^\s+(?<from>[a-z]+\d+) (?<arrow>-->|-\.-) (?<to>[a-z]+\d+)$", RegexOptions.Multiline)]
    private static partial Regex MermaidEdge();
}
