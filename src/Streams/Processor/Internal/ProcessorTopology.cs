using Streams.State;

namespace Streams.Processor.Internal;

/// <summary>The runtime nodes and stores of one task (or of the global stores), built fresh per task.</summary>
internal sealed class ProcessorTopology(
    IReadOnlyList<ProcessorNode> nodes,
    IReadOnlyDictionary<string, SourceNode> sourcesByTopic,
    IReadOnlyList<IStateStore> stores,
    IReadOnlyDictionary<string, string> changelogTopics,
    IReadOnlyDictionary<string, string>? sourceChangelogTopics = null)
{
    /// <summary>Nodes in topological order (parents before children).</summary>
    public IReadOnlyList<ProcessorNode> Nodes { get; } = nodes;

    /// <summary>Source node per (decorated) topic name.</summary>
    public IReadOnlyDictionary<string, SourceNode> SourcesByTopic { get; } = sourcesByTopic;

    /// <summary>The outermost layer of each store.</summary>
    public IReadOnlyList<IStateStore> Stores { get; } = stores;

    /// <summary>Changelog topic per logged store (global stores: their source topic); the stores write to these.</summary>
    public IReadOnlyDictionary<string, string> ChangelogTopics { get; } = changelogTopics;

    /// <summary>
    /// Source topic per store whose changelog is the topic it is built from (<see cref="TopologyOptimization.ReuseKTableSourceTopics"/>):
    /// never written by the store; restored up to the committed offset of the task's input partition, values converted to
    /// the store's timestamped format (record timestamp + value), as Kafka Streams' source-topic changelogs.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourceChangelogTopics { get; } = sourceChangelogTopics ?? new Dictionary<string, string>();
}
