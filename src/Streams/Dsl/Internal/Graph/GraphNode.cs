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

    /// <summary>
    /// The operator kind for name lineage, e.g. <c>KSTREAM-FILTER-</c>; null derives it from a generated
    /// <see cref="Name"/> (the name without its counter) or uses the name itself.
    /// </summary>
    public string? Kind { get; init; }

    /// <summary>The digest of this node's upstream lineage (see <see cref="NameGenerator"/>); set when the node is added.</summary>
    public string Lineage { get; set; } = string.Empty;

    /// <summary>Creation order, set when the node is added; the topology is written parents first, then in this order.</summary>
    public int Order { get; set; }

    /// <summary>The operator may change the key, so a later grouping or join repartitions (Kafka Streams' key-changing operation).</summary>
    public bool KeyChanging { get; init; }

    /// <summary>The operator changes values (mapValues, joins...): a repartition is not moved above it when repartition topics are merged.</summary>
    public bool ValueChanging { get; init; }

    /// <summary>A node that reads topics starts a new lineage (e.g. <c>SOURCE:topic</c>); null continues its parents' lineage.</summary>
    public virtual string? LineageRoot => null;

    /// <summary>Whether records leave the node with the key and value types they arrived with.</summary>
    public virtual bool PreservesTypes => false;

    /// <summary>
    /// The node is a join that accepts null keys (left stream-table, left stream-globaltable, left and outer
    /// stream-stream), as Kafka Streams' label <c>NULL_KEY_RELAXED_JOIN</c>: the repartitions above it keep null-key
    /// records (see <see cref="NodesWithRelaxedNullKeyJoinDownstream"/>).
    /// </summary>
    public bool NullKeyRelaxedJoin { get; set; }

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
    public override bool PreservesTypes => typeof(TKeyIn) == typeof(TKeyOut) && typeof(TValueIn) == typeof(TValueOut);

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
    : GraphNode(name), IInternalTopicSource
{
    /// <inheritdoc/>
    public IReadOnlyList<string> InternalTopics => internalTopic ? topics : [];

    public override string? LineageRoot => LineageRootOf(topics);

    /// <summary>The lineage root of a source reading <paramref name="topics"/> (in any order).</summary>
    public static string LineageRootOf(IEnumerable<string> topics) => "SOURCE:" + string.Join(',', topics.Order(StringComparer.Ordinal));

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
    IStreamPartitioner<TKey, TValue>? partitioner = null)
    : GraphNode(name), IInternalTopicSink
{
    /// <inheritdoc/>
    public string? InternalTopic => internalTopic ? topic : null;

    public override void WriteTo(InternalTopologyBuilder builder)
    {
        builder.AddSink(Name, topic, internalTopic, ParentNames, decorated => new SinkNode<TKey, TValue>(Name, decorated, topicExtractor, keySerde, valueSerde, partitioner));
        if (internalTopic && topic is not null && internalTopicPartitions is { } partitions)
        {
            builder.SetInternalTopicPartitions(topic, partitions);
        }
    }
}

/// <summary>A sink of the graph, whatever its types: what <see cref="NodesWithRelaxedNullKeyJoinDownstream"/> needs to follow records into an internal topic.</summary>
internal interface IInternalTopicSink
{
    /// <summary>The internal topic written (read back by an <see cref="IInternalTopicSource"/> of the graph), or null for a user topic.</summary>
    string? InternalTopic { get; }
}

/// <summary>A source of the graph, whatever its types: what <see cref="NodesWithRelaxedNullKeyJoinDownstream"/> needs to follow records out of an internal topic.</summary>
internal interface IInternalTopicSource
{
    /// <summary>The internal topics read (written by an <see cref="IInternalTopicSink"/> of the graph); empty for user topics.</summary>
    IReadOnlyList<string> InternalTopics { get; }
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
    public override string? LineageRoot => "GLOBAL:" + topic;

    public override void WriteTo(InternalTopologyBuilder builder) =>
        builder.AddGlobalStore(
            store,
            Name,
            topic,
            decorated => new SourceNode<TKey, TValue>(Name, decorated, keySerde, valueSerde, timestampExtractor),
            processorName,
            stores => new ProcessorNode<TKey, TValue, TKey, TValue>(processorName, updater(), stores));
}
