namespace Streams;

/// <summary>
/// Topology rewrites, as the values of Kafka Streams' <c>topology.optimization</c> (<c>none</c>, <c>all</c>,
/// <c>reuse.ktable.source.topics</c>, <c>merge.repartition.topics</c>). Combine flags to pick several.
/// </summary>
[Flags]
public enum TopologyOptimization
{
    /// <summary>No rewrite (<c>topology.optimization=none</c>, the default).</summary>
    None = 0,

    /// <summary>
    /// The store of <c>StreamsBuilder.Table(topic)</c> gets no changelog topic: the source topic is its changelog and
    /// the store is restored from it, up to the committed offset of the source partition
    /// (<c>reuse.ktable.source.topics</c>). Only safe when the topic is compacted and the table's serdes read back
    /// what the topic holds.
    /// </summary>
    ReuseKTableSourceTopics = 1,

    /// <summary>
    /// Groupings (and other repartitioning operations) hanging off the same key-changing operation share one
    /// repartition topic, named after the first of them, instead of one each (<c>merge.repartition.topics</c>).
    /// </summary>
    MergeRepartitionTopics = 2,

    /// <summary>Every optimization (<c>topology.optimization=all</c>).</summary>
    All = ReuseKTableSourceTopics | MergeRepartitionTopics,
}
