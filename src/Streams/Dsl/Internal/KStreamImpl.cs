using Streams.Dsl.Internal.Graph;
using Streams.Processor;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>The DSL object of a stream: a graph node plus what is known about its serdes and partitioning.</summary>
internal sealed partial class KStreamImpl<TKey, TValue>(
    StreamsBuilder builder, GraphNode node, ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, bool repartitionRequired)
    : IKStream<TKey, TValue>
{
    internal StreamsBuilder Builder => builder;

    internal GraphNode Node => node;

    internal ISerde<TKey>? KeySerde => keySerde;

    internal ISerde<TValue>? ValueSerde => valueSerde;

    public IKStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Stateless(named, "KSTREAM-FILTER-", () => new KStreamFilter<TKey, TValue>(predicate, negate: false), keySerde, valueSerde, repartitionRequired);
    }

    public IKStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Stateless(named, "KSTREAM-FILTER-", () => new KStreamFilter<TKey, TValue>(predicate, negate: true), keySerde, valueSerde, repartitionRequired);
    }

    public IKStream<TKeyOut, TValueOut> Map<TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Stateless<TKeyOut, TValueOut>(named, "KSTREAM-MAP-", () => new KStreamMap<TKey, TValue, TKeyOut, TValueOut>(mapper), null, null, true, keyChanging: true);
    }

    public IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return MapValues<TValueOut>((_, v) => mapper(v), named);
    }

    public IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Stateless<TKey, TValueOut>(named, "KSTREAM-MAPVALUES-", () => new KStreamMapValues<TKey, TValue, TValueOut>(mapper), keySerde, null, repartitionRequired, valueChanging: true);
    }

    public IKStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>?> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Stateless<TKey, TValueOut>(named, "KSTREAM-FLATMAPVALUES-", () => new KStreamFlatMapValues<TKey, TValue, TValueOut>(mapper), keySerde, null, repartitionRequired, valueChanging: true);
    }

    public IKStream<TKeyOut, TValue> SelectKey<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return Stateless<TKeyOut, TValue>(
            named, "KSTREAM-KEY-SELECT-", () => new KStreamMap<TKey, TValue, TKeyOut, TValue>((k, v) => (keySelector(k, v), v)), null, valueSerde, true, keyChanging: true);
    }

    public IKStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Stateless(named, "KSTREAM-PEEK-", () => new KStreamPeek<TKey, TValue>(action, forward: true), keySerde, valueSerde, repartitionRequired);
    }

    public void Foreach(Action<TKey, TValue> action, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        Stateless(named, "KSTREAM-FOREACH-", () => new KStreamPeek<TKey, TValue>(action, forward: false), keySerde, valueSerde, repartitionRequired);
    }

    public void To(string topic, Produced<TKey, TValue>? produced = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        AddSink(topic, null, produced, $"To({topic})");
    }

    public void To(Func<TKey, TValue, string> topicExtractor, Produced<TKey, TValue>? produced = null)
    {
        ArgumentNullException.ThrowIfNull(topicExtractor);
        AddSink(null, topicExtractor, produced, "To(<topic extractor>)");
    }

    public IBranchedKStream<TKey, TValue> Split(Named? named = null) => new BranchedKStreamImpl<TKey, TValue>(this, named?.Name);

    public IKStream<TKey, TValueOut> LeftJoin<TGlobalKey, TGlobalValue, TValueOut>(
        IGlobalKTable<TGlobalKey, TGlobalValue> table, Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue?, TValueOut> joiner, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(joiner);
        var store = table.QueryableStoreName;
        var joined = Stateless<TKey, TValueOut>(
            named, "KSTREAM-LEFTJOIN-", () => new KStreamGlobalTableJoin<TKey, TValue, TGlobalKey, TGlobalValue, TValueOut>(store, keySelector, joiner, leftJoin: true),
            keySerde, null, repartitionRequired, valueChanging: true);

        // As Kafka Streams (KIP-962): a left join accepts null keys, so repartitions above it keep them.
        joined.Node.NullKeyRelaxedJoin = true;
        return joined;
    }

    public IKStream<TKey, TValueOut> Join<TGlobalKey, TGlobalValue, TValueOut>(
        IGlobalKTable<TGlobalKey, TGlobalValue> table, Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue, TValueOut> joiner, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(joiner);
        var store = table.QueryableStoreName;
        return Stateless<TKey, TValueOut>(
            named, "KSTREAM-JOIN-", () => new KStreamGlobalTableJoin<TKey, TValue, TGlobalKey, TGlobalValue, TValueOut>(store, keySelector, (v, g) => joiner(v, g!), leftJoin: false),
            keySerde, null, repartitionRequired, valueChanging: true);
    }

    public IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> processorSupplier, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(processorSupplier);
        return Stateless<TKeyOut, TValueOut>(named, "KSTREAM-PROCESSOR-", processorSupplier, null, null, true, keyChanging: true);
    }

    public IKStream<TKeyOut, TValueOut> FlatMap<TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<(TKeyOut Key, TValueOut Value)>?> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Stateless<TKeyOut, TValueOut>(named, "KSTREAM-FLATMAP-", () => new KStreamFlatMap<TKey, TValue, TKeyOut, TValueOut>(mapper), null, null, true, keyChanging: true);
    }

    public IKStream<TKey, TValue> Merge(IKStream<TKey, TValue> other, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other is not KStreamImpl<TKey, TValue> impl || impl.Builder != builder)
        {
            throw new ArgumentException("Merge needs a stream created by the same StreamsBuilder.", nameof(other));
        }

        var name = named?.Name ?? builder.NewName("KSTREAM-MERGE-");
        var merged = builder.AddNode(new ProcessorGraphNode<TKey, TValue, TKey, TValue>(name, () => new KStreamPassThrough<TKey, TValue>()) { Kind = "KSTREAM-MERGE-" }, node, impl.Node);
        return new KStreamImpl<TKey, TValue>(
            builder, merged, ReferenceEquals(keySerde, impl.KeySerde) ? keySerde : null, ReferenceEquals(valueSerde, impl.ValueSerde) ? valueSerde : null,
            repartitionRequired || impl.RepartitionRequired);
    }

    public void Print(Printed<TKey, TValue> printed)
    {
        ArgumentNullException.ThrowIfNull(printed);
        var name = builder.NewName("KSTREAM-PRINTER-");
        builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, TValue>(name, () => new KStreamPrint<TKey, TValue>(printed.Writer, printed.Label ?? name, printed.Mapper)) { Kind = "KSTREAM-PRINTER-" },
            node);
    }

    public IKStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null)
    {
        var r = repartitioned ?? new Repartitioned<TKey, TValue>();
        var name = r.Name ?? builder.NewInternalName(
            InternalResourceKind.InternalTopic, builder.NewName("KSTREAM-REPARTITION-"), "Repartitioned.As(\"name\") on Repartition()", node);
        var k = SerdeResolver.Require(r.KeySerde, keySerde, $"Repartition({name})", "key");
        var v = SerdeResolver.Require(r.ValueSerde, valueSerde, $"Repartition({name})", "value");
        var source = builder.AddRepartition(node, name, r.Name is null, k, v, optimizable: false, r.NumberOfPartitions, r.Partitioner);
        return new KStreamImpl<TKey, TValue>(builder, source, k, v, repartitionRequired: false);
    }

    public IKTable<TKey, TValue> ToTable(Materialized<TKey, TValue>? materialized = null)
    {
        var m = materialized ?? new Materialized<TKey, TValue>();
        var name = builder.NewName("KSTREAM-TOTABLE-");
        var store = m.StoreName ?? builder.NewStoreName(node, "KSTREAM-TOTABLE-", howToName: "Materialized.As(\"name\") on ToTable()");
        var k = SerdeResolver.Require(m.KeySerde, keySerde, $"ToTable({store})", "key");
        var v = SerdeResolver.Require(m.ValueSerde, valueSerde, $"ToTable({store})", "value");
        var tableNode = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, Change<TValue>>(name, () => new KTableSource<TKey, TValue>(store), StoreFactories.TableSource(store, m, k, v))
            {
                Kind = "KSTREAM-TOTABLE-",
            },
            node);
        return new KTableImpl<TKey, TValue>(builder, tableNode, k, v, m.StoreName, StoreFactories.TableSourceGetter(store, m));
    }

    public IKStream<TKey, TValueOut> Join<TTableValue, TValueOut>(IKTable<TKey, TTableValue> table, Func<TValue, TTableValue, TValueOut> joiner, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return JoinTable<TTableValue, TValueOut>(table, (v, t) => joiner(v, t!), leftJoin: false, named?.Name, null, "KSTREAM-JOIN-");
    }

    public IKStream<TKey, TValueOut> LeftJoin<TTableValue, TValueOut>(IKTable<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return JoinTable(table, joiner, leftJoin: true, named?.Name, null, "KSTREAM-LEFTJOIN-");
    }

    internal bool RepartitionRequired => repartitionRequired;

    public IKGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null)
    {
        var g = grouped ?? new Grouped<TKey, TValue>();
        return new KGroupedStreamImpl<TKey, TValue>(
            builder, node, SerdeResolver.Known(g.KeySerde, keySerde), SerdeResolver.Known(g.ValueSerde, valueSerde), repartitionRequired, g.Name);
    }

    public IKGroupedStream<TKeyOut, TValue> GroupBy<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Grouped<TKeyOut, TValue>? grouped = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        var g = grouped ?? new Grouped<TKeyOut, TValue>();
        var selected = (KStreamImpl<TKeyOut, TValue>)SelectKey(keySelector);
        return new KGroupedStreamImpl<TKeyOut, TValue>(
            builder, selected.Node, SerdeResolver.Known(g.KeySerde, null), SerdeResolver.Known(g.ValueSerde, valueSerde), repartitionRequired: true, g.Name);
    }

    /// <summary>
    /// Adds a processor below this stream. <paramref name="prefix"/> names it when <paramref name="named"/> is null and is its
    /// kind for name lineage; <paramref name="keyChanging"/>/<paramref name="valueChanging"/> tell the repartition-topic
    /// merge what the operator does; <paramref name="stateStoreNames"/> are stores it may read (added elsewhere).
    /// </summary>
    internal KStreamImpl<TKeyOut, TValueOut> Stateless<TKeyOut, TValueOut>(
        Named? named, string prefix, Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> supplier,
        ISerde<TKeyOut>? outKeySerde, ISerde<TValueOut>? outValueSerde, bool outRepartitionRequired,
        bool keyChanging = false, bool valueChanging = false, IReadOnlyList<string>? stateStoreNames = null)
    {
        var name = named?.Name ?? builder.NewName(prefix);
        var child = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKeyOut, TValueOut>(name, supplier, null, stateStoreNames)
            {
                Kind = prefix.Length > 0 ? prefix : null,
                KeyChanging = keyChanging,
                ValueChanging = valueChanging,
            },
            node);
        return new KStreamImpl<TKeyOut, TValueOut>(builder, child, outKeySerde, outValueSerde, outRepartitionRequired);
    }

    private void AddSink(string? topic, Func<TKey, TValue, string>? extractor, Produced<TKey, TValue>? produced, string operation)
    {
        var p = produced ?? new Produced<TKey, TValue>();
        var k = SerdeResolver.Require(p.KeySerde, keySerde, operation, "key");
        var v = SerdeResolver.Require(p.ValueSerde, valueSerde, operation, "value");
        var name = p.Name ?? builder.NewName("KSTREAM-SINK-");
        builder.AddNode(new SinkGraphNode<TKey, TValue>(name, topic, extractor, false, k, v, partitioner: p.Partitioner) { Kind = "KSTREAM-SINK-" }, node);
    }
}
