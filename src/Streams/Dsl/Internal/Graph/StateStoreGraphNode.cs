using Streams.Processor.Internal;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// A store added with <c>StreamsBuilder.AddStateStore</c>, as Kafka Streams' <c>StateStoreNode</c>:
/// processors connect to it by name. Written before every other node, so processors may name it wherever it was added.
/// </summary>
internal sealed class StateStoreGraphNode(StoreFactory store) : GraphNode(store.Name)
{
    public override string? LineageRoot => "STORE:" + store.Name;

    public override void WriteTo(InternalTopologyBuilder builder) => builder.AddStateStore(store);
}
