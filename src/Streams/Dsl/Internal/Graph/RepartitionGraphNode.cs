using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// A trip through a repartition topic <c>{applicationId}-{topic}-repartition</c>, as Kafka Streams'
/// <c>OptimizableRepartitionNode</c>/<c>UnoptimizableRepartitionNode</c>: a filter node, a sink partitioned by the key
/// (or by a <see cref="IStreamPartitioner{TKey, TValue}"/>) and a source reading the topic back, where downstream
/// operators attach (the node's <see cref="GraphNode.Name"/> is the source's). The source starts a new sub-topology.
/// The filter drops null-key records unless a join that accepts null keys is downstream (Kafka Streams 3.7+, KIP-962:
/// <see cref="NodesWithRelaxedNullKeyJoinDownstream"/> sets <see cref="DropsNullKeys"/> when the topology is built);
/// then it lets every record through, and a null-key record goes to an arbitrary partition. Either way the filter
/// keeps its name, so the topology description is the same.
/// <see cref="Optimizable"/> repartitions (groupings) may be merged with others hanging off the same key-changing
/// operation by <see cref="TopologyOptimization.MergeRepartitionTopics"/>; an explicit <c>Repartition()</c> is not.
/// </summary>
internal sealed class RepartitionGraphNode<TKey, TValue>(
    string sinkName,
    string filterName,
    string sourceName,
    string topic,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    bool optimizable,
    int? partitions = null,
    IStreamPartitioner<TKey, TValue>? partitioner = null,
    string? lineageRoot = null)
    : GraphNode(sourceName), IRepartitionGraphNode
{
    /// <summary>The undecorated topic name (<c>{topic}</c> of <c>{applicationId}-{topic}-repartition</c>).</summary>
    public string Topic => topic;

    public bool Optimizable => optimizable;

    /// <inheritdoc/>
    public bool DropsNullKeys { get; set; }

    /// <summary>
    /// Downstream names depend on the repartition topic, not on what feeds it: <see cref="LineageRootOf"/> unless the
    /// node was given another root (a join's repartition keeps the root of the source node it used to be written as).
    /// </summary>
    public override string? LineageRoot => lineageRoot ?? LineageRootOf(topic);

    /// <summary>The lineage root of the repartition topic <paramref name="topic"/>.</summary>
    public static string LineageRootOf(string topic) => "REPARTITION:" + topic;

    public override bool PreservesTypes => true;

    public override void WriteTo(InternalTopologyBuilder builder)
    {
        Func<TKey, TValue, bool> predicate = DropsNullKeys ? (key, _) => key is not null : (_, _) => true;
        builder.AddProcessor(
            filterName,
            ParentNames,
            stores => new ProcessorNode<TKey, TValue, TKey, TValue>(filterName, new KStreamFilter<TKey, TValue>(predicate, negate: false), stores));
        builder.AddSink(sinkName, topic, true, [filterName], decorated => new SinkNode<TKey, TValue>(sinkName, decorated, null, keySerde, valueSerde, partitioner));
        if (partitions is { } n)
        {
            builder.SetInternalTopicPartitions(topic, n);
        }

        builder.AddSource(Name, [topic], true, decorated => new SourceNode<TKey, TValue>(Name, decorated, keySerde, valueSerde, null));
    }
}

/// <summary>What the optimizer needs to know of a repartition node, whatever its types.</summary>
internal interface IRepartitionGraphNode
{
    string Topic { get; }

    bool Optimizable { get; }

    /// <summary>
    /// Whether the filter in front of the sink drops null-key records, as Kafka Streams' <c>rewriteRepartitionNodes</c>
    /// (which replaces the pass-through filter with <c>k != null</c>); set on every build.
    /// </summary>
    bool DropsNullKeys { get; set; }
}
