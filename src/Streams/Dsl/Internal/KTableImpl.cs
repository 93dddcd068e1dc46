using Streams.Dsl.Internal.Graph;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The DSL object of a table: its node forwards <see cref="Change{TValue}"/> updates; <see cref="ValueGetter"/>
/// says how other operators (joins) read its current values.
/// </summary>
internal sealed partial class KTableImpl<TKey, TValue>(
    StreamsBuilder builder, GraphNode node, ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, string? queryableStoreName, KTableValueGetterSupplier<TKey, TValue> valueGetter)
    : IKTable<TKey, TValue>
{
    // As Kafka Streams' MaterializedInternal: only a store the user named (Materialized.As) is queryable; a generated one is not.
    public string? QueryableStoreName => queryableStoreName;

    internal StreamsBuilder Builder => builder;

    internal GraphNode Node => node;

    internal KTableValueGetterSupplier<TKey, TValue> ValueGetter => valueGetter;

    internal ISerde<TKey>? KeySerde => keySerde;

    internal ISerde<TValue>? ValueSerde => valueSerde;

    public IKStream<TKey, TValue?> ToStream(Named? named = null)
    {
        var name = named?.Name ?? builder.NewName("KTABLE-TOSTREAM-");
        var child = builder.AddNode(new ProcessorGraphNode<TKey, Change<TValue>, TKey, TValue?>(name, () => new KTableToStream<TKey, TValue>()) { Kind = "KTABLE-TOSTREAM-" }, node);
        return new KStreamImpl<TKey, TValue?>(builder, child, keySerde, valueSerde!, repartitionRequired: false);
    }

    public IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue>? materialized = null, Named? named = null) =>
        DoFilter(predicate, negate: false, materialized, named);

    public IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue>? materialized = null, Named? named = null) =>
        DoFilter(predicate, negate: true, materialized, named);

    public IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Materialized<TKey, TValueOut>? materialized = null, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        const string Prefix = "KTABLE-MAPVALUES-";
        var storeName = ResultStoreName(materialized);
        var name = named?.Name ?? builder.NewName(Prefix);
        var (store, factory, k, v) = Materialize(materialized, storeName, name, null);
        var child = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TKey, Change<TValueOut>>(name, () => new KTableMapValues<TKey, TValue, TValueOut>(mapper, store), factory) { Kind = Prefix },
            node);
        var getter = store is null ? KTableMapValues<TKey, TValue, TValueOut>.Getter(valueGetter, mapper) : KTableValueGetters.FromStore<TKey, TValueOut>(store);
        return new KTableImpl<TKey, TValueOut>(builder, child, k, v, materialized?.StoreName, getter);
    }

    private KTableImpl<TKey, TValue> DoFilter(Func<TKey, TValue, bool> predicate, bool negate, Materialized<TKey, TValue>? materialized, Named? named)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        const string Prefix = "KTABLE-FILTER-";
        var storeName = ResultStoreName(materialized);
        var name = named?.Name ?? builder.NewName(Prefix);
        var (store, factory, k, v) = Materialize(materialized, storeName, name, valueSerde);
        var child = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TKey, Change<TValue>>(name, () => new KTableFilter<TKey, TValue>(predicate, negate, store, valueGetter.IsVersioned), factory) { Kind = Prefix },
            node);
        var getter = store is null ? KTableFilter<TKey, TValue>.Getter(valueGetter, predicate, negate) : KTableValueGetters.FromStore<TKey, TValue>(store);
        return new KTableImpl<TKey, TValue>(builder, child, k, v ?? valueSerde, materialized?.StoreName, getter);
    }

    /// <summary>
    /// The store of a filter's or mapValues' result: only a <see cref="Materialized{TKey, TValue}"/> that names one
    /// materializes it, as Kafka Streams' <c>KTableImpl#doFilter</c>/<c>#doMapValues</c> ("only materialize if materialized
    /// is specified and it has queryable name"); an unnamed one still takes a counter value (Kafka-compatible generated
    /// names stay Kafka's) and lends its serdes.
    /// </summary>
    private string? ResultStoreName<TOut>(Materialized<TKey, TOut>? materialized)
    {
        if (materialized is { StoreName: null })
        {
            builder.SkipIndex();
        }

        return materialized?.StoreName;
    }

    /// <summary>The store name of a materialized result, generated (Kafka Streams' <c>{prefix}STATE-STORE-{n}</c>) before the processor name, as Kafka Streams.</summary>
    private string? StoreName<TOut>(Materialized<TKey, TOut>? materialized, string prefix, string operation) =>
        materialized is null ? null : materialized.StoreName ?? builder.NewStoreName(node, prefix, howToName: $"Materialized.As(\"name\") on the KTable's {operation}");

    /// <summary>
    /// Materializes a result whose store name is generated after the processor name, from the processor's prefix (a
    /// generated <paramref name="processorName"/> without its counter, else the name plus '-'). Kept for operators written
    /// before <see cref="StoreName{TOut}"/>; new operators take the store name first, as Kafka Streams.
    /// </summary>
    private (string? Store, Processor.Internal.StoreFactory? Factory, ISerde<TKey>? KeySerde, ISerde<TOut>? ValueSerde) Materialize<TOut>(
        Materialized<TKey, TOut>? materialized, string processorName, ISerde<TOut>? knownValueSerde)
    {
        var counter = processorName.Length > 10 && processorName.AsSpan(processorName.Length - 10).IndexOfAnyExceptInRange('0', '9') < 0;
        var prefix = counter ? processorName[..^10] : processorName + "-";
        return Materialize(materialized, StoreName(materialized, prefix, processorName), processorName, knownValueSerde);
    }

    private (string? Store, Processor.Internal.StoreFactory? Factory, ISerde<TKey>? KeySerde, ISerde<TOut>? ValueSerde) Materialize<TOut>(
        Materialized<TKey, TOut>? materialized, string? storeName, string processorName, ISerde<TOut>? knownValueSerde)
    {
        if (materialized is null || storeName is null)
        {
            return (null, null, materialized?.KeySerde ?? keySerde, materialized?.ValueSerde ?? knownValueSerde);
        }

        var store = storeName;
        var k = SerdeResolver.Require(materialized.KeySerde, keySerde, $"{processorName} (materialized as '{store}')", "key");
        var v = SerdeResolver.Require(materialized.ValueSerde, knownValueSerde, $"{processorName} (materialized as '{store}')", "value");
        return (store, StoreFactories.TimestampedKeyValue(store, materialized, k, v), k, v);
    }
}

/// <summary>The DSL object of a global table: the name of its store.</summary>
internal sealed class GlobalKTableImpl<TKey, TValue>(string storeName) : IGlobalKTable<TKey, TValue>
{
    public string QueryableStoreName => storeName;
}
