using System.Globalization;
using System.Text;

namespace Streams;

/// <summary>Exports of the description as diagrams: Mermaid flowcharts and Graphviz DOT.</summary>
public sealed partial class TopologyDescription
{
    /// <summary>
    /// Renders the topology as a Mermaid flowchart (<c>flowchart LR</c>): one subgraph per sub-topology
    /// (and per global store), topics as stadium shapes, state stores as cylinders, processors as boxes;
    /// solid arrows carry records, dotted lines connect processors to their stores. Paste the text into any
    /// Mermaid renderer (GitHub and GitLab markdown render <c>```mermaid</c> blocks). Not a Kafka Streams
    /// feature: Kafka only prints the text form (<see cref="ToString"/>).
    /// </summary>
    /// <returns>The Mermaid source, lines separated by <c>\n</c>.</returns>
    public string ToMermaid()
    {
        var ids = new DiagramIds();
        var sb = new StringBuilder("flowchart LR\n");
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        var stores = new SortedSet<string>(StringComparer.Ordinal);
        var edges = new List<string>();
        foreach (var sub in Subtopologies)
        {
            sb.Append("  subgraph ").Append(ids.Of("sub", sub.Id.ToString(CultureInfo.InvariantCulture))).Append("[\"Sub-topology ").Append(sub.Id).Append("\"]\n");
            foreach (var n in sub.Nodes)
            {
                sb.Append("    ").Append(ids.Of("node", n.Name)).Append("[\"").Append(Escape(n.Name)).Append("\"]\n");
                foreach (var child in n.Successors)
                {
                    edges.Add($"  {ids.Of("node", n.Name)} --> {ids.Of("node", child)}");
                }

                foreach (var topic in n.Topics)
                {
                    topics.Add(topic);
                    edges.Add(n.Type == NodeType.Sink ? $"  {ids.Of("node", n.Name)} --> {ids.Of("topic", topic)}" : $"  {ids.Of("topic", topic)} --> {ids.Of("node", n.Name)}");
                }

                foreach (var store in n.Stores)
                {
                    stores.Add(store);
                    edges.Add($"  {ids.Of("node", n.Name)} -.- {ids.Of("store", store)}");
                }
            }

            sb.Append("  end\n");
        }

        foreach (var g in GlobalStores)
        {
            sb.Append("  subgraph ").Append(ids.Of("sub", g.Id.ToString(CultureInfo.InvariantCulture))).Append("[\"Global store ").Append(Escape(g.StoreName)).Append("\"]\n");
            sb.Append("    ").Append(ids.Of("node", g.SourceName)).Append("[\"").Append(Escape(g.SourceName)).Append("\"]\n");
            sb.Append("    ").Append(ids.Of("node", g.ProcessorName)).Append("[\"").Append(Escape(g.ProcessorName)).Append("\"]\n");
            sb.Append("  end\n");
            topics.Add(g.Topic);
            stores.Add(g.StoreName);
            edges.Add($"  {ids.Of("topic", g.Topic)} --> {ids.Of("node", g.SourceName)}");
            edges.Add($"  {ids.Of("node", g.SourceName)} --> {ids.Of("node", g.ProcessorName)}");
            edges.Add($"  {ids.Of("node", g.ProcessorName)} -.- {ids.Of("store", g.StoreName)}");
        }

        foreach (var topic in topics)
        {
            sb.Append("  ").Append(ids.Of("topic", topic)).Append("([\"").Append(Escape(topic)).Append("\"])\n");
        }

        foreach (var store in stores)
        {
            sb.Append("  ").Append(ids.Of("store", store)).Append("[(\"").Append(Escape(store)).Append("\")]\n");
        }

        foreach (var edge in edges)
        {
            sb.Append(edge).Append('\n');
        }

        return sb.ToString();

        static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
    }

    /// <summary>
    /// Renders the topology as a Graphviz DOT digraph: one <c>cluster_</c> subgraph per sub-topology (and per
    /// global store), topics as ellipses, stores as cylinders, processors as boxes; dashed undirected edges
    /// connect processors to their stores. Render with <c>dot -Tsvg</c>. Not a Kafka Streams feature.
    /// </summary>
    /// <returns>The DOT source, lines separated by <c>\n</c>.</returns>
    public string ToDot()
    {
        var sb = new StringBuilder("digraph topology {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        var stores = new SortedSet<string>(StringComparer.Ordinal);
        var edges = new List<string>();
        foreach (var sub in Subtopologies)
        {
            sb.Append("  subgraph cluster_").Append(sub.Id).Append(" {\n    label=\"Sub-topology ").Append(sub.Id).Append("\";\n");
            foreach (var n in sub.Nodes)
            {
                sb.Append("    ").Append(Quote("node:" + n.Name)).Append(" [shape=box, label=").Append(Quote(n.Name)).Append("];\n");
                edges.AddRange(n.Successors.Select(child => $"  {Quote("node:" + n.Name)} -> {Quote("node:" + child)};"));
                foreach (var topic in n.Topics)
                {
                    topics.Add(topic);
                    edges.Add(n.Type == NodeType.Sink ? $"  {Quote("node:" + n.Name)} -> {Quote("topic:" + topic)};" : $"  {Quote("topic:" + topic)} -> {Quote("node:" + n.Name)};");
                }

                foreach (var store in n.Stores)
                {
                    stores.Add(store);
                    edges.Add($"  {Quote("node:" + n.Name)} -> {Quote("store:" + store)} [style=dashed, dir=none];");
                }
            }

            sb.Append("  }\n");
        }

        foreach (var g in GlobalStores)
        {
            sb.Append("  subgraph cluster_").Append(g.Id).Append(" {\n    label=").Append(Quote("Global store " + g.StoreName)).Append(";\n");
            sb.Append("    ").Append(Quote("node:" + g.SourceName)).Append(" [shape=box, label=").Append(Quote(g.SourceName)).Append("];\n");
            sb.Append("    ").Append(Quote("node:" + g.ProcessorName)).Append(" [shape=box, label=").Append(Quote(g.ProcessorName)).Append("];\n");
            sb.Append("  }\n");
            topics.Add(g.Topic);
            stores.Add(g.StoreName);
            edges.Add($"  {Quote("topic:" + g.Topic)} -> {Quote("node:" + g.SourceName)};");
            edges.Add($"  {Quote("node:" + g.SourceName)} -> {Quote("node:" + g.ProcessorName)};");
            edges.Add($"  {Quote("node:" + g.ProcessorName)} -> {Quote("store:" + g.StoreName)} [style=dashed, dir=none];");
        }

        foreach (var topic in topics)
        {
            sb.Append("  ").Append(Quote("topic:" + topic)).Append(" [shape=ellipse, label=").Append(Quote(topic)).Append("];\n");
        }

        foreach (var store in stores)
        {
            sb.Append("  ").Append(Quote("store:" + store)).Append(" [shape=cylinder, label=").Append(Quote(store)).Append("];\n");
        }

        foreach (var edge in edges)
        {
            sb.Append(edge).Append('\n');
        }

        return sb.Append("}\n").ToString();

        static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Mermaid node ids must be plain identifiers: one short id per (kind, name).</summary>
    private sealed class DiagramIds
    {
        private readonly Dictionary<(string Kind, string Name), string> _ids = [];

        public string Of(string kind, string name)
        {
            if (!_ids.TryGetValue((kind, name), out var id))
            {
                id = kind + _ids.Count.ToString(CultureInfo.InvariantCulture);
                _ids.Add((kind, name), id);
            }

            return id;
        }
    }
}
