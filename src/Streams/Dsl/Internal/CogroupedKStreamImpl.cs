using Streams.Dsl.Internal.Graph;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Grouped streams aggregated into one store, as Kafka Streams' <c>CogroupedKStreamImpl</c> and
/// <c>CogroupedStreamAggregateBuilder</c>: one aggregate processor per input (each with its own aggregator, all
/// connected to the one store), whose updates meet in a pass-through merge processor that is the result table.
/// An input whose key changed upstream is first repartitioned through its own topic: its grouping name, else the
/// store name for the first such unnamed input and <c>{store}-{n}</c> for the n-th after it.
/// </summary>
internal sealed class CogroupedKStreamImpl<TKey, TAggregate>(StreamsBuilder builder) : ICogroupedKStream<TKey, TAggregate>
{
    private const string AggregateName = "COGROUPKSTREAM-AGGREGATE-";
    private const string MergeName = "COGROUPKSTREAM-MERGE-";
    private readonly List<Input> _inputs = [];

    /// <summary>The naming lineages of the cogrouped streams, for generated store names.</summary>
    internal IEnumerable<string> InputLineages => _inputs.Select(i => i.NameLineage);

    public ICogroupedKStream<TKey, TAggregate> Cogroup<TValueIn>(IKGroupedStream<TKey, TValueIn> groupedStream, Func<TKey, TValueIn, TAggregate, TAggregate> aggregator)
    {
        ArgumentNullException.ThrowIfNull(groupedStream);
        ArgumentNullException.ThrowIfNull(aggregator);
        if (groupedStream is not KGroupedStreamImpl<TKey, TValueIn> impl || impl.Builder != builder)
        {
            throw new ArgumentException("Cogroup needs grouped streams created by the same StreamsBuilder.", nameof(groupedStream));
        }

        if (_inputs.Any(i => ReferenceEquals(i.Grouped, impl)))
        {
            throw new ArgumentException("This grouped stream is already part of the cogroup.", nameof(groupedStream));
        }

        _inputs.Add(new Input<TValueIn>(impl, aggregator));
        return this;
    }

    public IKTable<TKey, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(_inputs.Select(i => i.NameLineage), AggregateName, "Materialized.As(\"name\") on the cogrouped Aggregate");
        var (keySerde, aggSerde) = ResolveSerdes(m, storeName);
        var store = StoreFactories.TimestampedKeyValue(storeName, m, keySerde, aggSerde);
        var merge = Build<TKey>(storeName, store, named, (input, name, newStore, connected) => input.AddAggregate(builder, name, initializer, storeName, newStore, connected));
        return new KTableImpl<TKey, TAggregate>(builder, merge, keySerde, aggSerde, m.StoreName, KTableValueGetters.FromStore<TKey, TAggregate>(storeName));
    }

    public ITimeWindowedCogroupedKStream<TKey, TAggregate> WindowedBy(TimeWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new TimeWindowedCogroupedKStreamImpl<TKey, TAggregate>(this, windows);
    }

    internal StreamsBuilder Builder => builder;

    /// <summary>The key serde (materialized, else the first input's) and the aggregate serde.</summary>
    internal (ISerde<TKey> Key, ISerde<TAggregate> Aggregate) ResolveSerdes(Materialized<TKey, TAggregate> materialized, string storeName)
    {
        var known = _inputs.Select(i => i.KeySerde).FirstOrDefault(s => s is not null);
        return (
            SerdeResolver.Require(materialized.KeySerde, known, $"Cogroup Aggregate({storeName})", "key"),
            SerdeResolver.Require(materialized.ValueSerde, null, $"Cogroup Aggregate({storeName})", "aggregate value"));
    }

    /// <summary>Adds the repartitions, one aggregate processor per input (the first owns the store) and the merge node.</summary>
    internal GraphNode Build<TKeyOut>(string storeName, StoreFactory store, Named? named, Func<Input, string, StoreFactory?, IReadOnlyList<string>?, GraphNode> addAggregate)
    {
        var inputNodes = new List<GraphNode>();
        var unnamedRepartitions = 0;
        foreach (var input in _inputs)
        {
            var topic = storeName; // only used for an unnamed input that needs repartitioning
            if (input.RepartitionRequired && input.GroupedName is null)
            {
                topic = unnamedRepartitions == 0 ? storeName : $"{storeName}-{unnamedRepartitions}";
                unnamedRepartitions++;
            }

            inputNodes.Add(input.Prepare(topic, $"Cogroup Aggregate({storeName})"));
        }

        var aggregates = new List<GraphNode>();
        for (var i = 0; i < _inputs.Count; i++)
        {
            var name = named is null ? builder.NewName(AggregateName) : $"{named.Name}-cogroup-agg-{i}";
            var node = addAggregate(_inputs[i], name, i == 0 ? store : null, i == 0 ? null : [storeName]);
            node.Parents.Add(inputNodes[i]);
            aggregates.Add(node);
        }

        var mergeName = named is null ? builder.NewName(MergeName) : $"{named.Name}-cogroup-merge";
        return builder.AddNode(
            new ProcessorGraphNode<TKeyOut, Change<TAggregate>, TKeyOut, Change<TAggregate>>(mergeName, () => new KStreamPassThrough<TKeyOut, Change<TAggregate>>()),
            [.. aggregates]);
    }

    /// <summary>One cogrouped input, with its value type hidden.</summary>
    internal abstract class Input
    {
        public abstract object Grouped { get; }

        /// <summary>The naming lineage of the grouped stream (see <see cref="KGroupedStreamImpl{TKey, TValue}.NameLineage"/>).</summary>
        public abstract string NameLineage { get; }

        public abstract ISerde<TKey>? KeySerde { get; }

        public abstract bool RepartitionRequired { get; }

        public abstract string? GroupedName { get; }

        /// <summary>The node the input's aggregate hangs off: its own node, or the source of its repartition topic.</summary>
        public abstract GraphNode Prepare(string unnamedTopic, string operation);

        /// <summary>Adds the input's aggregate processor (unparented) to the builder.</summary>
        public abstract GraphNode AddAggregate(
            StreamsBuilder builder, string name, Func<TAggregate> initializer, string storeName, StoreFactory? newStore, IReadOnlyList<string>? connectedStores);

        /// <summary>Adds the input's windowed aggregate processor (unparented) to the builder.</summary>
        public abstract GraphNode AddWindowedAggregate(
            StreamsBuilder builder, string name, Func<TAggregate> initializer, string storeName, TimeWindows windows, StoreFactory? newStore, IReadOnlyList<string>? connectedStores);
    }

    private sealed class Input<TValueIn>(KGroupedStreamImpl<TKey, TValueIn> grouped, Func<TKey, TValueIn, TAggregate, TAggregate> aggregator) : Input
    {
        public override object Grouped => grouped;

        public override string NameLineage => grouped.NameLineage;

        public override ISerde<TKey>? KeySerde => grouped.KeySerde;

        public override bool RepartitionRequired => grouped.RepartitionRequired;

        public override string? GroupedName => grouped.GroupedName;

        public override GraphNode Prepare(string unnamedTopic, string operation) => grouped.PrepareInput(unnamedTopic, operation).Node;

        public override GraphNode AddAggregate(
            StreamsBuilder builder, string name, Func<TAggregate> initializer, string storeName, StoreFactory? newStore, IReadOnlyList<string>? connectedStores)
        {
            var aggregation = Aggregations.Aggregate(initializer, aggregator);
            return builder.AddNode(new ProcessorGraphNode<TKey, TValueIn, TKey, Change<TAggregate>>(
                name, () => new KStreamAggregate<TKey, TValueIn, TAggregate>(storeName, aggregation), newStore, connectedStores));
        }

        public override GraphNode AddWindowedAggregate(
            StreamsBuilder builder, string name, Func<TAggregate> initializer, string storeName, TimeWindows windows, StoreFactory? newStore, IReadOnlyList<string>? connectedStores)
        {
            var aggregation = Aggregations.Aggregate(initializer, aggregator);
            return builder.AddNode(
                new ProcessorGraphNode<TKey, TValueIn, Windowed<TKey>, Change<TAggregate>>(
                    name, () => new KStreamWindowAggregate<TKey, TValueIn, TAggregate>(storeName, windows, aggregation, Dsl.EmitStrategy.OnWindowUpdate()), newStore, connectedStores)
                { WindowGraceMs = windows.GraceMs });
        }
    }
}
