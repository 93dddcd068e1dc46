using Streams.Dsl.Internal.Graph;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// A grouped stream. When the key changed upstream, aggregations first write through a repartition topic
/// <c>{applicationId}-{grouped name or store name}-repartition</c>, as Kafka Streams' <c>KGroupedStreamImpl</c>; the
/// aggregation then runs in a new sub-topology and drops records with a null key (which, as in Kafka Streams 3.7+, go
/// through the repartition topic to an arbitrary partition, KIP-962). With a grouping name, every aggregation of
/// this grouped stream shares one repartition topic; without one, each has its own, named after its store (and
/// <see cref="TopologyOptimization.MergeRepartitionTopics"/> may merge them).
/// </summary>
internal sealed partial class KGroupedStreamImpl<TKey, TValue>(
    StreamsBuilder builder, GraphNode node, ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, bool repartitionRequired, string? groupedName)
    : IKGroupedStream<TKey, TValue>
{
    private GraphNode? _namedRepartition;

    public IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null) =>
        DoAggregate("KSTREAM-AGGREGATE-", Aggregations.Count<TKey, TValue>(), materialized ?? new Materialized<TKey, long>(), "Count");

    public IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null) =>
        DoAggregate("KSTREAM-REDUCE-", Aggregations.Reduce<TKey, TValue>(reducer), materialized ?? new Materialized<TKey, TValue>(), "Reduce", valueSerde);

    public IKTable<TKey, TAggregate> Aggregate<TAggregate>(
        Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null) =>
        DoAggregate("KSTREAM-AGGREGATE-", Aggregations.Aggregate(initializer, aggregator), materialized ?? new Materialized<TKey, TAggregate>(), "Aggregate");

    public ITimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new TimeWindowedKStreamImpl<TKey, TValue>(this, windows);
    }

    /// <summary>
    /// Returns the node aggregations hang off: this node, or the source of a repartition topic (a new one, or the one
    /// this grouped stream already created when the grouping is named, as Kafka Streams).
    /// </summary>
    internal (GraphNode Node, ISerde<TKey> KeySerde) PrepareInput(string storeName, string operation)
    {
        var k = SerdeResolver.Require(null, keySerde, operation, "key");
        if (!repartitionRequired)
        {
            return (node, k);
        }

        if (_namedRepartition is not null)
        {
            // Kafka Streams still takes the sink, filter and source counter values when it reuses the named repartition.
            builder.NewName("KSTREAM-SINK-");
            builder.NewName("KSTREAM-FILTER-");
            builder.NewName("KSTREAM-SOURCE-");
            return (_namedRepartition, k);
        }

        var v = SerdeResolver.Require(null, valueSerde, operation + " (repartition)", "value");
        var topic = groupedName ?? storeName; // decorated to {applicationId}-{topic}-repartition by the topology builder
        var generated = groupedName is null && builder.IsGeneratedStoreName(storeName);
        if (generated)
        {
            builder.NoteGeneratedTopic(topic, "Grouped.As(\"name\") on GroupBy/GroupByKey (or a Materialized.As store name, which the topic is then named after)");
        }

        var source = builder.AddRepartition(node, topic, generated, k, v, optimizable: true);
        if (groupedName is not null)
        {
            _namedRepartition = source;
        }

        return (source, k);
    }

    internal StreamsBuilder Builder => builder;

    /// <summary>
    /// The lineage generated store names of this grouping's aggregations hang off: the named repartition topic's (so they do
    /// not depend on what feeds it, like every name below a repartition), else the grouped node's.
    /// </summary>
    internal string NameLineage =>
        repartitionRequired && groupedName is not null ? NameGenerator.RootLineage(RepartitionGraphNode<TKey, TValue>.LineageRootOf(groupedName)) : node.Lineage;

    internal ISerde<TValue>? ValueSerde => valueSerde;

    private KTableImpl<TKey, TAggregate> DoAggregate<TAggregate>(
        string prefix, Aggregation<TKey, TValue, TAggregate> aggregation, Materialized<TKey, TAggregate> materialized, string operation, ISerde<TAggregate>? knownAggregateSerde = null)
    {
        // Kafka Streams' order: store name, processor name, then the repartition's sink, filter and source.
        var storeName = materialized.StoreName ?? builder.NewStoreName(NameLineage, prefix, null, $"Materialized.As(\"name\") on {operation}");
        var name = builder.NewName(prefix);
        var (input, k) = PrepareInput(storeName, operation);
        var aggSerde = SerdeResolver.Require(materialized.ValueSerde, knownAggregateSerde, $"{operation}({storeName})", "aggregate value");
        var store = StoreFactories.TimestampedKeyValue(storeName, materialized, SerdeResolver.Require(materialized.KeySerde, k, operation, "key"), aggSerde);
        var aggNode = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, Change<TAggregate>>(name, () => new KStreamAggregate<TKey, TValue, TAggregate>(storeName, aggregation), store) { Kind = prefix },
            input);
        return new KTableImpl<TKey, TAggregate>(builder, aggNode, k, aggSerde, materialized.StoreName, KTableValueGetters.FromStore<TKey, TAggregate>(storeName));
    }
}
