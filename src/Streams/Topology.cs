using System.Text;
using Streams.Processor.Internal;

namespace Streams;

/// <summary>
/// A processing topology: sources, processors, stores and sinks grouped into sub-topologies, as Kafka
/// Streams' <c>Topology</c>. Built by <see cref="Dsl.StreamsBuilder.Build"/>; run by the Kafka runtime or
/// the test driver. Holds no runtime state: each task gets fresh node and store instances.
/// </summary>
public sealed class Topology
{
    internal Topology(InternalTopologyBuilder builder) => Builder = builder;

    internal InternalTopologyBuilder Builder { get; }

    /// <summary>The user (non-internal) topics the topology reads, global store topics included.</summary>
    public IReadOnlyCollection<string> SourceTopics =>
        Builder.Subtopologies.SelectMany(s => s.SourceTopics).Where(t => !t.Internal).Select(t => t.Name)
            .Concat(Builder.GlobalStores.Select(g => g.Topic)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The user (non-internal) topics the topology writes with a fixed name.</summary>
    public IReadOnlyCollection<string> SinkTopics =>
        Builder.Subtopologies.SelectMany(s => s.SinkTopics).Where(t => !t.Internal).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Internal topics for an application id: repartition topics <c>{applicationId}-{name}-repartition</c>,
    /// foreign-key join topics <c>{applicationId}-{name}-subscription-registration-topic</c> and
    /// <c>-subscription-response-topic</c>, and changelog topics <c>{applicationId}-{store}-changelog</c>.
    /// </summary>
    /// <param name="applicationId">The application id.</param>
    /// <returns>The decorated topic names.</returns>
    public IReadOnlyCollection<string> InternalTopics(string applicationId) =>
        Builder.InternalTopics.Select(t => InternalTopologyBuilder.Decorate(t, true, applicationId))
            .Concat(Builder.Stores.Values.Where(s => s.LoggingEnabled).Select(s => Internal.InternalTopicNames.Changelog(applicationId, s.Name)))
            .ToList();

    /// <summary>Describes the topology in the shape of Kafka Streams' <c>TopologyDescription</c>.</summary>
    /// <returns>The description; its <see cref="object.ToString"/> prints it as Kafka Streams does.</returns>
    public TopologyDescription Describe()
    {
        var subs = new List<TopologyDescription.Subtopology>();
        foreach (var sub in Builder.Subtopologies)
        {
            var nodes = Builder.DescribeNodes(sub).Select(n => new TopologyDescription.Node(
                n.Name,
                n.Kind switch
                {
                    InternalTopologyBuilder.NodeKind.Source => TopologyDescription.NodeType.Source,
                    InternalTopologyBuilder.NodeKind.Sink => TopologyDescription.NodeType.Sink,
                    _ => TopologyDescription.NodeType.Processor,
                },
                n.Topics,
                n.Stores.OrderBy(s => s, StringComparer.Ordinal).ToList(),
                n.Predecessors,
                n.Successors)).ToList();
            subs.Add(new TopologyDescription.Subtopology(sub.Id, nodes));
        }

        var globals = Builder.GlobalStores.Select((g, i) => new TopologyDescription.GlobalStore(
            Builder.Subtopologies.Count + i, g.SourceName, g.Topic, g.ProcessorName, g.Store.Name)).ToList();
        return new TopologyDescription(subs, globals);
    }
}

/// <summary>
/// A printable description of a <see cref="Topology"/>, as Kafka Streams' <c>TopologyDescription</c>:
/// sub-topologies with their sources (and topics), processors (and stores), sinks (and topics), and the
/// global stores.
/// </summary>
public sealed partial class TopologyDescription
{
    internal TopologyDescription(IReadOnlyList<Subtopology> subtopologies, IReadOnlyList<GlobalStore> globalStores)
    {
        Subtopologies = subtopologies;
        GlobalStores = globalStores;
    }

    /// <summary>The kind of a node.</summary>
    public enum NodeType
    {
        /// <summary>Reads topics.</summary>
        Source,

        /// <summary>Processes records, possibly with stores.</summary>
        Processor,

        /// <summary>Writes a topic.</summary>
        Sink,
    }

    /// <summary>The sub-topologies, by id.</summary>
    public IReadOnlyList<Subtopology> Subtopologies { get; }

    /// <summary>The global stores.</summary>
    public IReadOnlyList<GlobalStore> GlobalStores { get; }

    /// <summary>One node.</summary>
    /// <param name="Name">The node name.</param>
    /// <param name="Type">Source, processor or sink.</param>
    /// <param name="Topics">Topics read (source) or written (sink); empty for processors.</param>
    /// <param name="Stores">Stores connected to a processor.</param>
    /// <param name="Predecessors">Parent node names.</param>
    /// <param name="Successors">Child node names.</param>
    public sealed record Node(string Name, NodeType Type, IReadOnlyList<string> Topics, IReadOnlyList<string> Stores, IReadOnlyList<string> Predecessors, IReadOnlyList<string> Successors);

    /// <summary>One sub-topology.</summary>
    /// <param name="Id">The sub-topology id (the first part of its task ids).</param>
    /// <param name="Nodes">Its nodes, parents first.</param>
    public sealed record Subtopology(int Id, IReadOnlyList<Node> Nodes);

    /// <summary>One global store and the nodes that load it.</summary>
    /// <param name="Id">The id shown in the description (after the sub-topologies).</param>
    /// <param name="SourceName">The source node name.</param>
    /// <param name="Topic">The topic it reads.</param>
    /// <param name="ProcessorName">The processor that updates the store.</param>
    /// <param name="StoreName">The store name.</param>
    public sealed record GlobalStore(int Id, string SourceName, string Topic, string ProcessorName, string StoreName);

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder("Topologies:\n");
        foreach (var sub in Subtopologies)
        {
            sb.Append("   Sub-topology: ").Append(sub.Id).Append('\n');
            foreach (var n in sub.Nodes)
            {
                switch (n.Type)
                {
                    case NodeType.Source:
                        sb.Append("    Source: ").Append(n.Name).Append(" (topics: [").AppendJoin(", ", n.Topics).Append("])\n");
                        break;
                    case NodeType.Processor:
                        sb.Append("    Processor: ").Append(n.Name).Append(" (stores: [").AppendJoin(", ", n.Stores).Append("])\n");
                        break;
                    default:
                        sb.Append("    Sink: ").Append(n.Name).Append(" (topic: ").AppendJoin(", ", n.Topics).Append(")\n");
                        break;
                }

                sb.Append("      --> ").Append(n.Successors.Count == 0 ? "none" : string.Join(", ", n.Successors)).Append('\n');
                if (n.Predecessors.Count > 0)
                {
                    sb.Append("      <-- ").AppendJoin(", ", n.Predecessors).Append('\n');
                }
            }

            sb.Append('\n');
        }

        foreach (var g in GlobalStores)
        {
            sb.Append("  Sub-topology: ").Append(g.Id).Append(" for global store (will not generate tasks)\n");
            sb.Append("    Source: ").Append(g.SourceName).Append(" (topics: [").Append(g.Topic).Append("])\n");
            sb.Append("      --> ").Append(g.ProcessorName).Append('\n');
            sb.Append("    Processor: ").Append(g.ProcessorName).Append(" (stores: [").Append(g.StoreName).Append("])\n");
            sb.Append("      --> none\n");
            sb.Append("      <-- ").Append(g.SourceName).Append("\n\n");
        }

        return sb.ToString();
    }
}
