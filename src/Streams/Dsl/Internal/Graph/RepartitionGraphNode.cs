using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// A trip through a repartition topic <c>{applicationId}-{topic}-repartition</c>, as Kafka Streams'
/// <c>OptimizableRepartitionNode</c>/<c>UnoptimizableRepartitionNode</c>: a filter node that lets every record through
/// (Kafka Streams 3.7+ keeps it for the node names but no longer drops null keys, KIP-962: a null-key record goes to an
/// arbitrary partition and the operator downstream decides), a sink partitioned by the key (or by a
/// <see cref="IStreamPartitioner{TKey, TValue}"/>) and a source reading the topic back, where downstream operators
/// attach (the node's <see cref="GraphNode.Name"/> is the source's). The source starts a new sub-topology.
/// <see cref="Optimizable"/> repartitions (groupings, joins) may be merged with others hanging off the same key-changing
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
    IStreamPartitioner<TKey, TValue>? partitioner = null)
    : GraphNode(sourceName), IRepartitionGraphNode
{
    /// <summary>The undecorated topic name (<c>{topic}</c> of <c>{applicationId}-{topic}-repartition</c>).</summary>
    public string Topic => topic;

    public bool Optimizable => optimizable;

    /// <summary>Downstream names depend on the repartition topic, not on what feeds it.</summary>
    public override string? LineageRoot => LineageRootOf(topic);

    /// <summary>The lineage root of the repartition topic <paramref name="topic"/>.</summary>
    public static string LineageRootOf(string topic) => "REPARTITION:" + topic;

    public override bool PreservesTypes => true;

    public override void WriteTo(InternalTopologyBuilder builder)
    {
        builder.AddProcessor(
            filterName,
            ParentNames,
            stores => new ProcessorNode<TKey, TValue, TKey, TValue>(filterName, new KStreamFilter<TKey, TValue>((_, _) => true, negate: false), stores));
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
}
