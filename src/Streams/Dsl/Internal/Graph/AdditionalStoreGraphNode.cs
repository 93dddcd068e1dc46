using Streams.Processor.Internal;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// Adds a further new store to an existing processor (its only parent), for operators that own more than one
/// store (the emit-on-close metadata store of a windowed aggregation), as Kafka Streams' <c>StateStoreNode</c>.
/// Written after the processor, so the processor exists.
/// </summary>
internal sealed class AdditionalStoreGraphNode(string name, StoreFactory store) : GraphNode(name)
{
    public override void WriteTo(InternalTopologyBuilder builder) => builder.AddStateStore(store, [.. ParentNames]);
}
