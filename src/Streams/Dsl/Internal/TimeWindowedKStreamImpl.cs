using Streams.Dsl.Internal.Graph;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// A grouped stream windowed by <see cref="TimeWindows"/> or <see cref="UnlimitedWindows"/>, as Kafka Streams'
/// <c>TimeWindowedKStreamImpl</c>. Immutable: <see cref="EmitStrategy"/> returns a copy.
/// </summary>
internal sealed class TimeWindowedKStreamImpl<TKey, TValue>(KGroupedStreamImpl<TKey, TValue> grouped, IWindows windows, EmitStrategy? emitStrategy = null)
    : ITimeWindowedKStream<TKey, TValue>
{
    private readonly EmitStrategy _emitStrategy = emitStrategy ?? Dsl.EmitStrategy.OnWindowUpdate();

    public ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy emitStrategy)
    {
        ArgumentNullException.ThrowIfNull(emitStrategy);
        if (windows is UnlimitedWindows && emitStrategy.Type == EmitStrategyType.OnWindowClose)
        {
            throw new ArgumentException("The OnWindowClose emit strategy cannot be used with UnlimitedWindows: their window never closes.", nameof(emitStrategy));
        }

        return new TimeWindowedKStreamImpl<TKey, TValue>(grouped, windows, emitStrategy);
    }

    public IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null) =>
        DoAggregate("KSTREAM-AGGREGATE-", Aggregations.Count<TKey, TValue>(), materialized ?? new Materialized<TKey, long>(), "Count");

    public IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null) =>
        DoAggregate("KSTREAM-REDUCE-", Aggregations.Reduce<TKey, TValue>(reducer), materialized ?? new Materialized<TKey, TValue>(), "Reduce", grouped.ValueSerde);

    public IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(
        Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null) =>
        DoAggregate("KSTREAM-AGGREGATE-", Aggregations.Aggregate(initializer, aggregator), materialized ?? new Materialized<TKey, TAggregate>(), "Aggregate");

    private KTableImpl<Windowed<TKey>, TAggregate> DoAggregate<TAggregate>(
        string prefix, Aggregation<TKey, TValue, TAggregate> aggregation, Materialized<TKey, TAggregate> materialized, string operation, ISerde<TAggregate>? knownAggregateSerde = null)
    {
        var builder = grouped.Builder;
        var storeName = materialized.StoreName ?? builder.NewStoreName(grouped.NameLineage, prefix, "time-windowed", $"Materialized.As(\"name\") on WindowedBy(...).{operation}");
        var name = builder.NewName(prefix);
        var (input, k) = grouped.PrepareInput(storeName, operation);
        var keySerde = SerdeResolver.Require(materialized.KeySerde, k, operation, "key");
        var aggSerde = SerdeResolver.Require(materialized.ValueSerde, knownAggregateSerde, $"{operation}({storeName})", "aggregate value");
        var store = StoreFactories.TimestampedWindow(storeName, materialized, windows, _emitStrategy, keySerde, aggSerde);
        var strategy = _emitStrategy;
        var aggNode = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(
                name, () => new KStreamWindowAggregate<TKey, TValue, TAggregate>(storeName, windows, aggregation, strategy), store)
            {
                Kind = prefix + "WINDOWED-",
                WindowGraceMs = windows.GraceMs,
            },
            input);
        if (strategy.Type == EmitStrategyType.OnWindowClose)
        {
            builder.AddNode(new AdditionalStoreGraphNode(StoreFactories.EmitFinalMetadataStoreName(storeName), StoreFactories.EmitFinalMetadata(storeName, materialized.LoggingEnabled)), aggNode);
        }

        return new KTableImpl<Windowed<TKey>, TAggregate>(
            builder, aggNode, new Streams.State.Internal.TimeWindowedSerde<TKey>(keySerde, windows.SizeMs), aggSerde, materialized.StoreName, KTableValueGetters.FromWindowStore<TKey, TAggregate>(storeName));
    }
}
