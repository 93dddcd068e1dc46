using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// A node of the DSL's logical graph, as Kafka Streams' <c>GraphNode</c>: created by DSL operators,
/// written into the <see cref="InternalTopologyBuilder"/> by <see cref="StreamsBuilder.Build"/> in
/// creation order (parents are always created before children).
/// </summary>
internal abstract class GraphNode(string name)
{
    public string Name { get; } = name;

    public List<GraphNode> Parents { get; } = [];

    public IReadOnlyList<string> ParentNames => Parents.Select(p => p.Name).ToList();

    /// <summary>The grace period (ms) of the windows this node aggregates, for windowed aggregations; see <see cref="WindowGrace"/>.</summary>
    public long? WindowGraceMs { get; init; }

    public abstract void WriteTo(InternalTopologyBuilder builder);
}

/// <summary>A processor, optionally owning a new store and connected to existing ones.</summary>
internal sealed class ProcessorGraphNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(
    string name,
    Func<IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>> supplier,
    StoreFactory? newStore = null,
    IReadOnlyList<string>? connectedStores = null)
    : GraphNode(name)
{
    public override void WriteTo(InternalTopologyBuilder builder)
    {
        builder.AddProcessor(Name, ParentNames, stores => new ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(Name, supplier(), stores));
        if (newStore is not null)
        {
            builder.AddStateStore(newStore, Name);
        }

        foreach (var store in connectedStores ?? [])
        {
            builder.ConnectProcessorAndStore(Name, store);
        }
    }
}

/// <summary>A source reading topics (user topics, or a repartition topic).</summary>
internal sealed class SourceGraphNode<TKey, TValue>(
    string name,
    IReadOnlyList<string> topics,
    bool internalTopic,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    TimestampExtractor<TKey, TValue>? timestampExtractor)
    : GraphNode(name)
{
    public override void WriteTo(InternalTopologyBuilder builder) =>
        builder.AddSource(Name, topics, internalTopic, decorated => new SourceNode<TKey, TValue>(Name, decorated, keySerde, valueSerde, timestampExtractor));
}

/// <summary>A sink writing a topic (fixed or extracted per record), optionally choosing partitions (see <see cref="SinkNode{TKey, TValue}"/>).</summary>
internal sealed class SinkGraphNode<TKey, TValue>(
    string name,
    string? topic,
    Func<TKey, TValue, string>? topicExtractor,
    bool internalTopic,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    int? internalTopicPartitions = null,
    Func<string, TKey, TValue, Func<int>, int?>? partitioner = null)
    : GraphNode(name)
{
    public override void WriteTo(InternalTopologyBuilder builder)
    {
        builder.AddSink(Name, topic, internalTopic, ParentNames, decorated => new SinkNode<TKey, TValue>(Name, decorated, topicExtractor, keySerde, valueSerde, partitioner));
        if (internalTopic && topic is not null && internalTopicPartitions is { } partitions)
        {
            builder.SetInternalTopicPartitions(topic, partitions);
        }
    }
}

/// <summary>A global store: its source and the processor that keeps the store up to date.</summary>
internal sealed class GlobalStoreGraphNode<TKey, TValue>(
    string sourceName,
    string topic,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    TimestampExtractor<TKey, TValue>? timestampExtractor,
    string processorName,
    StoreFactory store,
    Func<IProcessor<TKey, TValue, TKey, TValue>> updater)
    : GraphNode(sourceName)
{
    public override void WriteTo(InternalTopologyBuilder builder) =>
        builder.AddGlobalStore(
            store,
            Name,
            topic,
            decorated => new SourceNode<TKey, TValue>(Name, decorated, keySerde, valueSerde, timestampExtractor),
            processorName,
            stores => new ProcessorNode<TKey, TValue, TKey, TValue>(processorName, updater(), stores));
}
