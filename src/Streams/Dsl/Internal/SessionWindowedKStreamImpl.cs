using Streams.Dsl.Internal.Graph;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// A grouped stream windowed by <see cref="SessionWindows"/>, as Kafka Streams' <c>SessionWindowedKStreamImpl</c>.
/// Immutable: <see cref="EmitStrategy"/> returns a copy.
/// </summary>
internal sealed class SessionWindowedKStreamImpl<TKey, TValue>(KGroupedStreamImpl<TKey, TValue> grouped, SessionWindows windows, EmitStrategy? emitStrategy = null)
    : ISessionWindowedKStream<TKey, TValue>
{
    private readonly EmitStrategy _emitStrategy = emitStrategy ?? Dsl.EmitStrategy.OnWindowUpdate();

    public ISessionWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy emitStrategy)
    {
        ArgumentNullException.ThrowIfNull(emitStrategy);
        return new SessionWindowedKStreamImpl<TKey, TValue>(grouped, windows, emitStrategy);
    }

    public IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null) =>
        DoAggregate("KSTREAM-AGGREGATE-", Aggregations.Count<TKey, TValue>(), SessionMergers.Count<TKey>(), materialized ?? new Materialized<TKey, long>(), "Count");

    public IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null) =>
        DoAggregate(
            "KSTREAM-REDUCE-",
            Aggregations.Reduce<TKey, TValue>(reducer),
            SessionMergers.Reduce<TKey, TValue>(reducer),
            materialized ?? new Materialized<TKey, TValue>(),
            "Reduce",
            grouped.ValueSerde);

    public IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(
        Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Func<TKey, TAggregate, TAggregate, TAggregate> sessionMerger,
        Materialized<TKey, TAggregate>? materialized = null) =>
        DoAggregate(
            "KSTREAM-AGGREGATE-",
            Aggregations.Aggregate(initializer, aggregator),
            SessionMergers.Aggregate(initializer, sessionMerger),
            materialized ?? new Materialized<TKey, TAggregate>(),
            "Aggregate");

    private KTableImpl<Windowed<TKey>, TAggregate> DoAggregate<TAggregate>(
        string prefix,
        Aggregation<TKey, TValue, TAggregate> aggregation,
        SessionMerger<TKey, TAggregate> merger,
        Materialized<TKey, TAggregate> materialized,
        string operation,
        ISerde<TAggregate>? knownAggregateSerde = null)
    {
        var builder = grouped.Builder;
        var storeName = materialized.StoreName ?? builder.NewStoreName(grouped.NameLineage, prefix, "session-windowed", $"Materialized.As(\"name\") on WindowedBy(SessionWindows).{operation}");
        var (input, k) = grouped.PrepareInput(storeName, operation);
        var keySerde = SerdeResolver.Require(materialized.KeySerde, k, operation, "key");
        var aggSerde = SerdeResolver.Require(materialized.ValueSerde, knownAggregateSerde, $"{operation}({storeName})", "aggregate value");
        var strategy = _emitStrategy;
        var store = StoreFactories.Session(storeName, materialized, windows, keySerde, aggSerde, strategy);
        var name = builder.NewName(prefix);
        var aggNode = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(
                name, () => new KStreamSessionWindowAggregate<TKey, TValue, TAggregate>(storeName, windows, aggregation, merger, strategy), store) { WindowGraceMs = windows.GraceMs + windows.InactivityGapMs },
            input);
        if (strategy.Type == EmitStrategyType.OnWindowClose)
        {
            builder.AddNode(new AdditionalStoreGraphNode(StoreFactories.EmitFinalMetadataStoreName(storeName), StoreFactories.EmitFinalMetadata(storeName, materialized.LoggingEnabled)), aggNode);
        }

        return new KTableImpl<Windowed<TKey>, TAggregate>(
            builder, aggNode, WindowedSerdes.SessionWindowed(keySerde), aggSerde, materialized.StoreName, SessionStoreValueGetter.Supplier<TKey, TAggregate>(storeName));
    }
}
