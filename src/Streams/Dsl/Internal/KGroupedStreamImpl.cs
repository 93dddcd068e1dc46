using Streams.Dsl.Internal.Graph;
using Streams.Serialization;

namespace Streams.Dsl.Internal;

/// <summary>
/// A grouped stream. When the key changed upstream, aggregations first write through a repartition topic
/// <c>{applicationId}-{grouped name or store name}-repartition</c> (nulls keys filtered out), as Kafka Streams'
/// <c>KGroupedStreamImpl</c>; the aggregation then runs in a new sub-topology.
/// </summary>
internal sealed partial class KGroupedStreamImpl<TKey, TValue>(
    StreamsBuilder builder, GraphNode node, ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, bool repartitionRequired, string? groupedName)
    : IKGroupedStream<TKey, TValue>
{
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

    /// <summary>Returns the node aggregations hang off: this node, or the source of a new repartition topic.</summary>
    internal (GraphNode Node, ISerde<TKey> KeySerde) PrepareInput(string storeName, string operation)
    {
        var k = SerdeResolver.Require(null, keySerde, operation, "key");
        if (!repartitionRequired)
        {
            return (node, k);
        }

        var v = SerdeResolver.Require(null, valueSerde, operation + " (repartition)", "value");
        var topic = groupedName ?? storeName; // decorated to {applicationId}-{topic}-repartition by the topology builder
        var filter = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, TValue>(builder.NewName("KSTREAM-FILTER-"), () => new KStreamFilter<TKey, TValue>((key, _) => key is not null, negate: false)),
            node);
        builder.AddNode(new SinkGraphNode<TKey, TValue>(builder.NewName("KSTREAM-SINK-"), topic, null, true, k, v), filter);
        var source = builder.AddNode(new SourceGraphNode<TKey, TValue>(builder.NewName("KSTREAM-SOURCE-"), [topic], true, k, v, null));
        return (source, k);
    }

    internal StreamsBuilder Builder => builder;

    internal ISerde<TValue>? ValueSerde => valueSerde;

    private KTableImpl<TKey, TAggregate> DoAggregate<TAggregate>(
        string prefix, Aggregation<TKey, TValue, TAggregate> aggregation, Materialized<TKey, TAggregate> materialized, string operation, ISerde<TAggregate>? knownAggregateSerde = null)
    {
        var storeName = materialized.StoreName ?? builder.NewName(prefix + "STATE-STORE-");
        var (input, k) = PrepareInput(storeName, operation);
        var aggSerde = SerdeResolver.Require(materialized.ValueSerde, knownAggregateSerde, $"{operation}({storeName})", "aggregate value");
        var store = StoreFactories.TimestampedKeyValue(storeName, materialized, SerdeResolver.Require(materialized.KeySerde, k, operation, "key"), aggSerde);
        var name = builder.NewName(prefix);
        var aggNode = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, Change<TAggregate>>(name, () => new KStreamAggregate<TKey, TValue, TAggregate>(storeName, aggregation), store),
            input);
        return new KTableImpl<TKey, TAggregate>(builder, aggNode, k, aggSerde, storeName, KTableValueGetters.FromStore<TKey, TAggregate>(storeName));
    }
}
