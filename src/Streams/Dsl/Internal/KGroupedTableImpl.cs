using Streams.Dsl.Internal.Graph;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// A re-grouped table, as Kafka Streams' <c>KGroupedTableImpl</c>: every aggregation writes the selected changes
/// through the repartition topic <c>{applicationId}-{grouped name or store name}-repartition</c> (values as
/// <see cref="ChangedSerde{TValue}"/>) and aggregates them in a new sub-topology.
/// </summary>
internal sealed class KGroupedTableImpl<TKey, TValue>(
    StreamsBuilder builder, GraphNode selectNode, ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, string? groupedName)
    : IKGroupedTable<TKey, TValue>
{
    public IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null) =>
        DoAggregate("KTABLE-AGGREGATE-", Aggregations.Count<TKey, TValue>(), (_, _, count) => count - 1, materialized ?? new Materialized<TKey, long>(), "Count");

    public IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> adder, Func<TValue, TValue, TValue> subtractor, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(subtractor);
        return DoAggregate(
            "KTABLE-REDUCE-", Aggregations.Reduce<TKey, TValue>(adder), (_, value, aggregate) => subtractor(aggregate, value),
            materialized ?? new Materialized<TKey, TValue>(), "Reduce", valueSerde);
    }

    public IKTable<TKey, TAggregate> Aggregate<TAggregate>(
        Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> adder,
        Func<TKey, TValue, TAggregate, TAggregate> subtractor,
        Materialized<TKey, TAggregate>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(subtractor);
        return DoAggregate("KTABLE-AGGREGATE-", Aggregations.Aggregate(initializer, adder), subtractor, materialized ?? new Materialized<TKey, TAggregate>(), "Aggregate");
    }

    private KTableImpl<TKey, TAggregate> DoAggregate<TAggregate>(
        string prefix,
        Aggregation<TKey, TValue, TAggregate> adder,
        Func<TKey, TValue, TAggregate, TAggregate> subtractor,
        Materialized<TKey, TAggregate> materialized,
        string operation,
        ISerde<TAggregate>? knownAggregateSerde = null)
    {
        var storeName = materialized.StoreName ?? builder.NewStoreName(selectNode, prefix, "grouped-table", $"Materialized.As(\"name\") on the KGroupedTable's {operation}");
        var k = SerdeResolver.Require(null, keySerde, $"{operation}({storeName})", "key");
        var v = SerdeResolver.Require(null, valueSerde, $"{operation}({storeName}) (repartition)", "value");
        var aggSerde = SerdeResolver.Require(materialized.ValueSerde, knownAggregateSerde, $"{operation}({storeName})", "aggregate value");
        var storeKeySerde = SerdeResolver.Require(materialized.KeySerde, k, operation, "key");
        var topic = groupedName ?? storeName; // decorated to {applicationId}-{topic}-repartition by the topology builder
        var changed = new ChangedSerde<TValue>(v);
        builder.AddNode(new SinkGraphNode<TKey, Change<TValue>>(builder.NewName("KSTREAM-SINK-"), topic, null, true, k, changed), selectNode);
        var source = builder.AddNode(new SourceGraphNode<TKey, Change<TValue>>(builder.NewName("KSTREAM-SOURCE-"), [topic], true, k, changed, null));
        var store = StoreFactories.TimestampedKeyValue(storeName, materialized, storeKeySerde, aggSerde);
        var aggNode = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TKey, Change<TAggregate>>(
                builder.NewName(prefix), () => new KTableAggregate<TKey, TValue, TAggregate>(storeName, adder, subtractor), store),
            source);
        return new KTableImpl<TKey, TAggregate>(builder, aggNode, storeKeySerde, aggSerde, materialized.StoreName, KTableValueGetters.FromStore<TKey, TAggregate>(storeName));
    }
}
