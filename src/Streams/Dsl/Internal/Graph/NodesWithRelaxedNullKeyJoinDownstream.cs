namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// Decides which repartitions drop null-key records, as Kafka Streams' <c>InternalStreamsBuilder.rewriteRepartitionNodes</c>
/// with <c>NodesWithRelaxedNullKeyJoinDownstream</c> (KIP-962), run on every build after the optimizations: a repartition
/// with a <see cref="GraphNode.NullKeyRelaxedJoin"/> anywhere below it, through any path, lets null keys through; every
/// other one drops them (silently, as Kafka Streams' <c>KStreamFilter</c>: no dropped-records metric). Records are
/// followed through internal topics too (a sink to a repartition or foreign-key join topic and the source reading it
/// back), as Kafka Streams' graph links them.
/// </summary>
internal static class NodesWithRelaxedNullKeyJoinDownstream
{
    /// <summary>Sets <see cref="IRepartitionGraphNode.DropsNullKeys"/> on every repartition of <paramref name="nodes"/>.</summary>
    /// <param name="nodes">The whole logical graph.</param>
    public static void RewriteRepartitionNodes(IReadOnlyList<GraphNode> nodes)
    {
        var children = Children(nodes);
        var relaxedBelow = new Dictionary<GraphNode, bool>(ReferenceEqualityComparer.Instance);
        foreach (var node in nodes)
        {
            if (node is IRepartitionGraphNode repartition)
            {
                repartition.DropsNullKeys = !HasRelaxedJoinBelow(node, children, relaxedBelow);
            }
        }
    }

    private static Dictionary<GraphNode, List<GraphNode>> Children(IReadOnlyList<GraphNode> nodes)
    {
        var children = new Dictionary<GraphNode, List<GraphNode>>(ReferenceEqualityComparer.Instance);
        void Link(GraphNode parent, GraphNode child)
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(child);
        }

        var readers = nodes.OfType<IInternalTopicSource>()
            .SelectMany(source => source.InternalTopics.Select(topic => (Topic: topic, Node: (GraphNode)source)))
            .ToLookup(r => r.Topic, r => r.Node, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var parent in node.Parents)
            {
                Link(parent, node);
            }

            if (node is IInternalTopicSink { InternalTopic: { } topic })
            {
                foreach (var reader in readers[topic])
                {
                    Link(node, reader);
                }
            }
        }

        return children;
    }

    /// <summary>Whether a strict descendant of <paramref name="node"/> is a relaxed join (memoized; the graph has no cycles).</summary>
    private static bool HasRelaxedJoinBelow(
        GraphNode node, Dictionary<GraphNode, List<GraphNode>> children, Dictionary<GraphNode, bool> memo)
    {
        if (memo.TryGetValue(node, out var known))
        {
            return known;
        }

        var relaxed = false;
        foreach (var child in children.GetValueOrDefault(node) ?? [])
        {
            // Every child is visited (not just up to the first hit), so the memo fills in one pass, as Kafka Streams' traversal.
            relaxed |= child.NullKeyRelaxedJoin | HasRelaxedJoinBelow(child, children, memo);
        }

        memo[node] = relaxed;
        return relaxed;
    }
}
