using Streams.Processor.Internal;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// Declares a group of co-partitioned sources (see <see cref="InternalTopologyBuilder.CopartitionSources"/>);
/// adds no node to the topology. Written after the sources it names.
/// </summary>
internal sealed class CopartitionGraphNode(string name, IReadOnlyCollection<string> sourceNames) : GraphNode(name)
{
    public override void WriteTo(InternalTopologyBuilder builder) => builder.CopartitionSources(sourceNames);
}
