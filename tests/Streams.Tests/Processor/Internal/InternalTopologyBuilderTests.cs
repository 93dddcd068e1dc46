using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Processor.Internal;

public class InternalTopologyBuilderTests
{
    [Fact]
    public void Nodes_connected_through_parents_form_one_subtopology_and_unconnected_ones_another()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src-1", "t1");
        AddProcessor(b, "p-1", "src-1");
        AddSink(b, "sink-1", "out", false, "p-1");
        AddSource(b, "src-2", "t2");
        AddProcessor(b, "p-2", "src-2");

        b.Subtopologies.Should().HaveCount(2);
        b.Subtopologies[0].Should().BeEquivalentTo(new
        {
            Id = 0,
            NodeNames = new[] { "src-1", "p-1", "sink-1" },
            SourceTopics = new[] { new TopicRef("t1", false) },
            SinkTopics = new[] { new TopicRef("out", false) },
        });
        b.Subtopologies[1].Should().BeEquivalentTo(new { Id = 1, NodeNames = new[] { "src-2", "p-2" }, SinkTopics = Array.Empty<TopicRef>() });
    }

    [Fact]
    public void Nodes_joined_by_a_later_node_with_two_parents_merge_into_one_subtopology()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src-1", "t1");
        AddSource(b, "src-2", "t2");
        AddProcessor(b, "merge", "src-1", "src-2");

        b.Subtopologies.Should().ContainSingle().Which.NodeNames.Should().Equal("src-1", "src-2", "merge");
    }

    [Fact]
    public void Processors_sharing_a_store_are_in_one_subtopology()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src-1", "t1");
        AddProcessor(b, "p-1", "src-1");
        AddSource(b, "src-2", "t2");
        AddProcessor(b, "p-2", "src-2");
        b.AddStateStore(KeyValueStore("shared"), "p-1");
        b.Subtopologies.Should().HaveCount(2);

        b.ConnectProcessorAndStore("p-2", "shared");

        var sub = b.Subtopologies.Should().ContainSingle().Which;
        sub.NodeNames.Should().Equal("src-1", "p-1", "src-2", "p-2");
        sub.StoreNames.Should().Equal("shared");
        sub.SourceTopics.Select(t => t.Name).Should().Equal("t1", "t2");
    }

    [Fact]
    public void Subtopologies_are_recomputed_after_a_node_is_added()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src-1", "t1");
        b.Subtopologies.Should().HaveCount(1);

        AddSource(b, "src-2", "t2");

        b.Subtopologies.Should().HaveCount(2);
    }

    [Fact]
    public void A_repartition_sink_and_its_source_split_the_topology_and_are_marked_internal()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "in");
        AddSink(b, "to-rep", "rep", true, "src");
        AddSource(b, "from-rep", "rep", internalTopic: true);
        AddProcessor(b, "agg", "from-rep");

        b.Subtopologies.Should().HaveCount(2);
        b.Subtopologies[0].SinkTopics.Should().Equal(new TopicRef("rep", true));
        b.Subtopologies[1].SourceTopics.Should().Equal(new TopicRef("rep", true));
        b.InternalTopics.Should().BeEquivalentTo(["rep"]);
    }

    [Fact]
    public void Duplicate_node_names_are_rejected()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "n", "t1");

        FluentActions.Invoking(() => AddProcessor(b, "n", "n")).Should().Throw<TopologyException>().WithMessage("*'n'*already used*");
        FluentActions.Invoking(() => AddSource(b, "n", "t2")).Should().Throw<TopologyException>().WithMessage("*'n'*already used*");
    }

    [Fact]
    public void A_topic_read_by_two_sources_is_rejected()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src-1", "t1", "shared");

        var act = () => AddSource(b, "src-2", "shared");

        act.Should().Throw<TopologyException>().WithMessage("Invalid topology: *'shared'*'src-1'*'src-2'*");
    }

    [Fact]
    public void A_source_without_topics_is_rejected()
    {
        var b = new InternalTopologyBuilder();

        var act = () => AddSource(b, "src");

        act.Should().Throw<TopologyException>();
    }

    [Fact]
    public void An_unknown_parent_is_rejected()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "t");

        FluentActions.Invoking(() => AddProcessor(b, "p", "missing")).Should().Throw<TopologyException>().WithMessage("*'missing'*'p'*");
        FluentActions.Invoking(() => AddSink(b, "k", "out", false, "missing")).Should().Throw<TopologyException>().WithMessage("*'missing'*");
    }

    [Fact]
    public void Processors_and_sinks_need_a_parent_that_is_not_a_sink()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "t");
        AddSink(b, "sink", "out", false, "src");

        FluentActions.Invoking(() => AddProcessor(b, "orphan")).Should().Throw<TopologyException>();
        FluentActions.Invoking(() => AddProcessor(b, "after-sink", "sink")).Should().Throw<TopologyException>().WithMessage("*sink 'sink'*");
    }

    [Fact]
    public void Stores_must_be_unique_and_connections_must_name_existing_nodes_and_stores()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "t");
        AddProcessor(b, "p", "src");
        b.AddStateStore(KeyValueStore("s"), "p");

        FluentActions.Invoking(() => b.AddStateStore(KeyValueStore("s"))).Should().Throw<TopologyException>().WithMessage("*'s'*already added*");
        FluentActions.Invoking(() => b.ConnectProcessorAndStore("nope", "s")).Should().Throw<TopologyException>().WithMessage("*'nope'*");
        FluentActions.Invoking(() => b.ConnectProcessorAndStore("src", "s")).Should().Throw<TopologyException>().WithMessage("*'src'*");
        FluentActions.Invoking(() => b.ConnectProcessorAndStore("p", "nope")).Should().Throw<TopologyException>().WithMessage("*'nope'*");
    }

    [Fact]
    public void Decorate_prefixes_internal_topics_with_the_application_id()
    {
        InternalTopologyBuilder.Decorate("grouped", true, "my-app").Should().Be("my-app-grouped-repartition");
        InternalTopologyBuilder.Decorate("user-topic", false, "my-app").Should().Be("user-topic");
        new TopicRef("grouped", true).Decorated("x").Should().Be("x-grouped-repartition");
    }

    [Fact]
    public void BuildTask_decorates_internal_source_and_sink_topics()
    {
        var b = new InternalTopologyBuilder();
        string? sinkTopic = null;
        IReadOnlyList<string>? sourceTopics = null;
        AddSource(b, "src", "in");
        b.AddSink("to-rep", "rep", true, ["src"], t =>
        {
            sinkTopic = t;
            return new SinkNode<string?, string?>("to-rep", t, null, Serdes.String, Serdes.String);
        });
        b.AddSource("from-rep", ["rep"], true, topics =>
        {
            sourceTopics = topics;
            return new SourceNode<string?, string?>("from-rep", topics, Serdes.String, Serdes.String, null);
        });

        var first = b.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);
        var second = b.BuildTask(1, "app", InMemoryDslStoreSuppliers.Instance);

        sinkTopic.Should().Be("app-rep-repartition");
        sourceTopics.Should().Equal("app-rep-repartition");
        first.SourcesByTopic.Keys.Should().Equal("in");
        second.SourcesByTopic.Keys.Should().Equal("app-rep-repartition");
    }

    [Fact]
    public void BuildTask_creates_fresh_nodes_and_stores_on_every_call()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "t");
        AddProcessor(b, "p", "src");
        b.AddStateStore(KeyValueStore("s"), "p");

        var first = b.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);
        var second = b.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);

        first.Nodes.Select(n => n.Name).Should().Equal("src", "p");
        second.Nodes.Select(n => n.Name).Should().Equal("src", "p");
        first.Nodes[0].Should().NotBeSameAs(second.Nodes[0]);
        first.Nodes[1].Should().NotBeSameAs(second.Nodes[1]);
        first.Stores.Should().ContainSingle().Which.Should().NotBeSameAs(second.Stores.Single());
        first.Nodes[0].Children.Should().ContainSingle().Which.Should().BeSameAs(first.Nodes[1]);
        second.Nodes[0].Children.Should().ContainSingle().Which.Should().BeSameAs(second.Nodes[1]);
    }

    [Fact]
    public void BuildTask_names_changelogs_of_logged_stores_only()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "t");
        AddProcessor(b, "p", "src");
        b.AddStateStore(KeyValueStore("logged"), "p");
        b.AddStateStore(KeyValueStore("unlogged", logging: false), "p");

        var task = b.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);

        task.ChangelogTopics.Should().BeEquivalentTo(new Dictionary<string, string> { ["logged"] = "app-logged-changelog" });
        task.Stores.Select(s => s.Name).Should().BeEquivalentTo(["logged", "unlogged"]);
    }

    [Fact]
    public void BuildTask_hands_processors_their_connected_store_names()
    {
        var b = new InternalTopologyBuilder();
        IReadOnlySet<string>? given = null;
        AddSource(b, "src", "t");
        b.AddProcessor("p", ["src"], stores =>
        {
            given = stores;
            return new ProcessorNode<string?, string?, string?, string?>("p", new DelegateProcessor<string?, string?>((_, _) => { }), stores);
        });
        b.AddStateStore(KeyValueStore("a"), "p");
        b.AddStateStore(KeyValueStore("b"), "p");

        b.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);

        given.Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public void Global_stores_need_their_own_topic_names_and_store()
    {
        var b = new InternalTopologyBuilder();
        AddSource(b, "src", "t");
        b.AddStateStore(KeyValueStore("s"));

        FluentActions.Invoking(() => AddGlobal(b, "g", "g-src", "t", "g-proc")).Should().Throw<TopologyException>().WithMessage("*'t'*");
        FluentActions.Invoking(() => AddGlobal(b, "s", "g-src", "g", "g-proc")).Should().Throw<TopologyException>().WithMessage("*'s'*");
        FluentActions.Invoking(() => AddGlobal(b, "g", "src", "g", "g-proc")).Should().Throw<TopologyException>();

        AddGlobal(b, "g", "g-src", "g", "g-proc");

        FluentActions.Invoking(() => AddSource(b, "other", "g")).Should().Throw<TopologyException>().WithMessage("*global store*");
        FluentActions.Invoking(() => AddSource(b, "g-proc", "x")).Should().Throw<TopologyException>().WithMessage("*'g-proc'*");
        var global = b.BuildGlobal(InMemoryDslStoreSuppliers.Instance);
        global.SourcesByTopic.Keys.Should().Equal("g");
        global.ChangelogTopics.Should().BeEquivalentTo(new Dictionary<string, string> { ["g"] = "g" });
        b.Subtopologies.Should().ContainSingle("global stores do not form task sub-topologies");
    }

    [Fact]
    public void Two_global_stores_on_one_topic_are_rejected()
    {
        var b = new InternalTopologyBuilder();
        AddGlobal(b, "g1", "g1-src", "shared", "g1-proc");

        var act = () => AddGlobal(b, "g2", "g2-src", "shared", "g2-proc");

        act.Should().Throw<TopologyException>().WithMessage("*'shared'*");
    }

    private static void AddSource(InternalTopologyBuilder b, string name, params string[] topics) =>
        b.AddSource(name, topics, false, t => new SourceNode<string?, string?>(name, t, Serdes.String, Serdes.String, null));

    private static void AddSource(InternalTopologyBuilder b, string name, string topic, bool internalTopic) =>
        b.AddSource(name, [topic], internalTopic, t => new SourceNode<string?, string?>(name, t, Serdes.String, Serdes.String, null));

    private static void AddProcessor(InternalTopologyBuilder b, string name, params string[] parents) =>
        b.AddProcessor(name, parents, stores =>
            new ProcessorNode<string?, string?, string?, string?>(name, new DelegateProcessor<string?, string?>((ctx, r) => ctx.Forward(r)), stores));

    private static void AddSink(InternalTopologyBuilder b, string name, string topic, bool internalTopic, params string[] parents) =>
        b.AddSink(name, topic, internalTopic, parents, t => new SinkNode<string?, string?>(name, t, null, Serdes.String, Serdes.String));

    private static void AddGlobal(InternalTopologyBuilder b, string store, string source, string topic, string processor) =>
        b.AddGlobalStore(
            KeyValueStore(store),
            source,
            topic,
            t => new SourceNode<string?, string?>(source, t, Serdes.String, Serdes.String, null),
            processor,
            stores => new ProcessorNode<string?, string?, string?, string?>(processor, new DelegateProcessor<string?, string?>((_, _) => { }), stores));


    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_store_name_that_is_not_a_plain_legal_name_is_refused(string name)
    {
        var b = new InternalTopologyBuilder();

        FluentActions.Invoking(() => b.AddStateStore(KeyValueStore(name))).Should().Throw<TopologyException>()
            .WithMessage($"*state store name '{name}' is illegal*");
    }
    private static StoreFactory KeyValueStore(string name, bool logging = true) =>
        new(name, "KeyValue", logging, build => new MeteredKeyValueStore<string?, string?>(build.Suppliers.KeyValueStore(name).Get(), Serdes.String, Serdes.String));
}
