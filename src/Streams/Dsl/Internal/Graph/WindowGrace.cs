namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// Finds the grace period that closes the windows of a node's records, as Kafka Streams' <c>GraphGraceSearchUtil</c>:
/// the nearest ancestors that aggregate windows (<see cref="GraphNode.WindowGraceMs"/>) define it; through several
/// parents (a merge, a cogroup) the largest grace wins. Used by <c>Suppressed.UntilWindowCloses</c>.
/// </summary>
internal static class WindowGrace
{
    /// <summary>The grace in milliseconds.</summary>
    /// <exception cref="TopologyException">Some path upstream reaches a source without passing a windowed aggregation.</exception>
    public static long Find(GraphNode node) => Find(node, string.Empty);

    private static long Find(GraphNode node, string chain)
    {
        if (node.WindowGraceMs is { } grace)
        {
            return grace;
        }

        var path = chain.Length == 0 ? node.Name : node.Name + "->" + chain;
        if (node.Parents.Count == 0)
        {
            throw new TopologyException($"Window close time is only defined for windowed computations. Got [{path}].");
        }

        return node.Parents.Max(parent => Find(parent, path));
    }
}
