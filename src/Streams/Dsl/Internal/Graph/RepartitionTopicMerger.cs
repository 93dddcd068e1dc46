namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// <see cref="TopologyOptimization.MergeRepartitionTopics"/>, as Kafka Streams' <c>maybeOptimizeRepartitionOperations</c>:
/// optimizable repartitions (groupings, joins) below the same key-changing operation (or the same merge) share one
/// repartition topic, the first one's, placed right below that operation; the operators that were between the
/// operation and each repartition (filters, peeks) move below the shared repartition. A repartition is only merged
/// when every operator between it and the key-changing operation keeps key and value types and does not change values
/// (Kafka Streams stops at value-changing operations too).
/// </summary>
internal static class RepartitionTopicMerger
{
    public static void Merge(List<GraphNode> nodes)
    {
        var groups = new Dictionary<GraphNode, List<GraphNode>>(ReferenceEqualityComparer.Instance);
        foreach (var node in nodes.Where(n => n is IRepartitionGraphNode { Optimizable: true }).OrderBy(n => n.Order))
        {
            if (Anchor(node) is { } anchor)
            {
                if (!groups.TryGetValue(anchor, out var list))
                {
                    groups[anchor] = list = [];
                }

                list.Add(node);
            }
        }

        // Every chain is read before any is rewired: rewiring one chain changes what a walk up another one sees.
        var plans = groups.Where(g => g.Value.Count > 1)
            .Select(g => (Anchor: g.Key, Kept: g.Value[0], Chains: g.Value.Select(r => (Repartition: r, Above: r.Parents[0], Top: TopOfChain(r, g.Key))).ToList()))
            .ToList();
        foreach (var (anchor, kept, chains) in plans)
        {
            foreach (var (repartition, above, top) in chains)
            {
                var replacement = ReferenceEquals(above, anchor) ? kept : above;
                foreach (var child in nodes.Where(n => n.Parents.Contains(repartition)).ToList())
                {
                    Replace(child.Parents, repartition, replacement);
                }

                if (!ReferenceEquals(top, repartition))
                {
                    Replace(top.Parents, anchor, kept);
                }

                if (!ReferenceEquals(repartition, kept))
                {
                    repartition.Parents.Clear();
                    nodes.Remove(repartition);
                }
            }

            kept.Parents.Clear();
            kept.Parents.Add(anchor);
        }
    }

    /// <summary>The nearest key-changing or merging node above <paramref name="repartition"/>, if only type- and value-preserving operators are in between.</summary>
    private static GraphNode? Anchor(GraphNode repartition)
    {
        if (repartition.Parents.Count != 1)
        {
            return null;
        }

        var node = repartition.Parents[0];
        while (true)
        {
            if (node.KeyChanging || node.Parents.Count > 1)
            {
                return node;
            }

            if (node.Parents.Count == 0 || node.ValueChanging || !node.PreservesTypes || node is IRepartitionGraphNode)
            {
                return null;
            }

            node = node.Parents[0];
        }
    }

    /// <summary>The node right below <paramref name="anchor"/> on the single-parent chain up from <paramref name="repartition"/>.</summary>
    private static GraphNode TopOfChain(GraphNode repartition, GraphNode anchor)
    {
        var node = repartition;
        while (node.Parents.Count == 1 && !ReferenceEquals(node.Parents[0], anchor))
        {
            node = node.Parents[0];
        }

        return node;
    }

    private static void Replace(List<GraphNode> parents, GraphNode old, GraphNode replacement)
    {
        var i = parents.FindIndex(p => ReferenceEquals(p, old));
        if (i >= 0)
        {
            parents[i] = replacement;
        }
    }
}
