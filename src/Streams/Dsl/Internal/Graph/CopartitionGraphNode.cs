using Streams.Processor.Internal;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// Declares that the inputs of some nodes (the two sides of a join) must be co-partitioned, as Kafka Streams'
/// <c>ensureCopartitionWith</c>; adds no node to the topology.
/// </summary>
internal sealed class CopartitionGraphNode(string name, IReadOnlyList<string> nodeNames) : GraphNode(name)
{
    public override void WriteTo(InternalTopologyBuilder builder) => builder.AddCopartitionGroup(nodeNames);
}
