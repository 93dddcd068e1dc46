namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// The order the logical graph is written into the topology builder, as Kafka Streams' build priorities: stores added
/// with <c>AddStateStore</c> first, then every node after all its parents, ties broken by creation order (an
/// optimization may have moved a node above nodes created before it).
/// </summary>
internal static class GraphOrder
{
    public static List<GraphNode> ParentsFirst(IReadOnlyList<GraphNode> nodes)
    {
        var result = new List<GraphNode>(nodes.Count);
        result.AddRange(nodes.OfType<StateStoreGraphNode>());
        var pending = new Dictionary<GraphNode, int>(ReferenceEqualityComparer.Instance);
        var children = new Dictionary<GraphNode, List<GraphNode>>(ReferenceEqualityComparer.Instance);
        var ready = new PriorityQueue<GraphNode, int>();
        foreach (var node in nodes.Where(n => n is not StateStoreGraphNode))
        {
            pending[node] = node.Parents.Count;
            foreach (var parent in node.Parents)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(node);
            }

            if (node.Parents.Count == 0)
            {
                ready.Enqueue(node, node.Order);
            }
        }

        while (ready.TryDequeue(out var node, out _))
        {
            result.Add(node);
            foreach (var child in children.GetValueOrDefault(node) ?? [])
            {
                if (--pending[child] == 0)
                {
                    ready.Enqueue(child, child.Order);
                }
            }
        }

        if (result.Count != nodes.Count)
        {
            throw new TopologyException("the logical graph has a cycle or a node whose parent is not part of it.");
        }

        return result;
    }
}
