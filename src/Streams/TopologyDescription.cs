using System.Text;
using Streams.Processor.Internal;

namespace Streams;

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
