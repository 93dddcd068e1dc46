using Streams.Serialization;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>A cogroup windowed by <see cref="TimeWindows"/>, as Kafka Streams' <c>TimeWindowedCogroupedKStreamImpl</c>: one window store shared by every input's window aggregate.</summary>
internal sealed class TimeWindowedCogroupedKStreamImpl<TKey, TAggregate>(CogroupedKStreamImpl<TKey, TAggregate> cogrouped, TimeWindows windows)
    : ITimeWindowedCogroupedKStream<TKey, TAggregate>
{
    public IKTable<Windowed<TKey>, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        var builder = cogrouped.Builder;
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(cogrouped.InputLineages, "COGROUPKSTREAM-AGGREGATE-", "Materialized.As(\"name\") on the windowed cogrouped Aggregate");
        var (keySerde, aggSerde) = cogrouped.ResolveSerdes(m, storeName);
        var store = StoreFactories.TimestampedWindow(storeName, m, windows, EmitStrategy.OnWindowUpdate(), keySerde, aggSerde);
        var merge = cogrouped.Build<Windowed<TKey>>(
            storeName, store, named, (input, name, newStore, connected) => input.AddWindowedAggregate(builder, name, initializer, storeName, windows, newStore, connected));
        return new KTableImpl<Windowed<TKey>, TAggregate>(
            builder, merge, new Streams.State.Internal.TimeWindowedSerde<TKey>(keySerde, windows.SizeMs), aggSerde, m.StoreName, KTableValueGetters.FromWindowStore<TKey, TAggregate>(storeName));
    }
}
