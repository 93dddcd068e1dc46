using Streams.Processor;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>Reads a table's current value for a key, as Kafka Streams' <c>KTableValueGetter</c>.</summary>
internal interface IKTableValueGetter<TKey, TValue>
{
    ValueAndTimestamp<TValue>? Get(TKey key);
}

/// <summary>
/// How to read a table from a processor of another operator (joins): the stores to connect and a factory
/// that builds the getter from the processor's context, as Kafka Streams' <c>KTableValueGetterSupplier</c>.
/// Derived tables (filter, mapValues) that are not materialized compute their value from their parent's getter.
/// </summary>
internal sealed record KTableValueGetterSupplier<TKey, TValue>(IReadOnlyList<string> StoreNames, Func<IProcessorContext, IKTableValueGetter<TKey, TValue>> Create);

/// <summary>Value getters of materialized tables.</summary>
internal static class KTableValueGetters
{
    public static KTableValueGetterSupplier<TKey, TValue> FromStore<TKey, TValue>(string storeName) =>
        new([storeName], context => new StoreGetter<TKey, TValue>(context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName)));

    public static KTableValueGetterSupplier<Windowed<TKey>, TValue> FromWindowStore<TKey, TValue>(string storeName) =>
        new([storeName], context => new WindowStoreGetter<TKey, TValue>(context.GetStateStore<ITimestampedWindowStore<TKey, TValue>>(storeName)));

    private sealed class StoreGetter<TKey, TValue>(ITimestampedKeyValueStore<TKey, TValue> store) : IKTableValueGetter<TKey, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(TKey key) => key is null ? null : store.Get(key);
    }

    private sealed class WindowStoreGetter<TKey, TValue>(ITimestampedWindowStore<TKey, TValue> store) : IKTableValueGetter<Windowed<TKey>, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(Windowed<TKey> key) => store.Fetch(key.Key, key.Window.StartMs);
    }
}
