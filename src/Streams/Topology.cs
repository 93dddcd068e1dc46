using System.Text;
using Streams.Processor.Internal;

namespace Streams;

/// <summary>
/// A processing topology: sources, processors, stores and sinks grouped into sub-topologies, as Kafka
/// Streams' <c>Topology</c>. Built by <see cref="Dsl.StreamsBuilder.Build"/>; run by the Kafka runtime or
/// the test driver. Holds no runtime state: each task gets fresh node and store instances.
/// </summary>
public sealed class Topology
{
    internal Topology(InternalTopologyBuilder builder) => Builder = builder;

    internal InternalTopologyBuilder Builder { get; }

    /// <summary>The user (non-internal) topics the topology reads, global store topics included.</summary>
    public IReadOnlyCollection<string> SourceTopics =>
        Builder.Subtopologies.SelectMany(s => s.SourceTopics).Where(t => !t.Internal).Select(t => t.Name)
            .Concat(Builder.GlobalStores.Select(g => g.Topic)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The user (non-internal) topics the topology writes with a fixed name.</summary>
    public IReadOnlyCollection<string> SinkTopics =>
        Builder.Subtopologies.SelectMany(s => s.SinkTopics).Where(t => !t.Internal).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Internal topics for an application id: repartition topics <c>{applicationId}-{name}-repartition</c>,
    /// foreign-key join topics <c>{applicationId}-{name}-subscription-registration-topic</c> and
    /// <c>-subscription-response-topic</c>, and changelog topics <c>{applicationId}-{store}-changelog</c>.
    /// </summary>
    /// <param name="applicationId">The application id.</param>
    /// <returns>The decorated topic names.</returns>
    public IReadOnlyCollection<string> InternalTopics(string applicationId) =>
        Builder.InternalTopics.Select(t => InternalTopologyBuilder.Decorate(t, true, applicationId))
            .Concat(Builder.Stores.Values.Where(s => s.LoggingEnabled).Select(s => Internal.InternalTopicNames.Changelog(applicationId, s.Name)))
            .ToList();

    /// <summary>Describes the topology in the shape of Kafka Streams' <c>TopologyDescription</c>.</summary>
    /// <returns>The description; its <see cref="object.ToString"/> prints it as Kafka Streams does.</returns>
    public TopologyDescription Describe()
    {
        var subs = new List<TopologyDescription.Subtopology>();
        foreach (var sub in Builder.Subtopologies)
        {
            var nodes = Builder.DescribeNodes(sub).Select(n => new TopologyDescription.Node(
                n.Name,
                n.Kind switch
                {
                    InternalTopologyBuilder.NodeKind.Source => TopologyDescription.NodeType.Source,
                    InternalTopologyBuilder.NodeKind.Sink => TopologyDescription.NodeType.Sink,
                    _ => TopologyDescription.NodeType.Processor,
                },
                n.Topics,
                n.Stores.OrderBy(s => s, StringComparer.Ordinal).ToList(),
                n.Predecessors,
                n.Successors)).ToList();
            subs.Add(new TopologyDescription.Subtopology(sub.Id, nodes));
        }

        var globals = Builder.GlobalStores.Select((g, i) => new TopologyDescription.GlobalStore(
            Builder.Subtopologies.Count + i, g.SourceName, g.Topic, g.ProcessorName, g.Store.Name)).ToList();
        return new TopologyDescription(subs, globals);
    }
}
