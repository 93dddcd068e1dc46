using Streams.Processor;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Reads a table's current value for a key, as Kafka Streams' <c>KTableValueGetter</c>. A getter over a versioned
/// table (<see cref="IsVersioned"/>, KIP-914) also answers point-in-time lookups.
/// </summary>
internal interface IKTableValueGetter<TKey, TValue>
{
    /// <summary>True when the table is versioned (materialized in a versioned store upstream, with no unversioned materialization in between).</summary>
    bool IsVersioned => false;

    ValueAndTimestamp<TValue>? Get(TKey key);

    /// <summary>The value valid at <paramref name="asOfTimestampMs"/>; only for versioned tables.</summary>
    ValueAndTimestamp<TValue>? Get(TKey key, long asOfTimestampMs) =>
        throw new NotSupportedException("Point-in-time lookups need a versioned table.");
}

/// <summary>
/// How to read a table from a processor of another operator (joins): the stores to connect and a factory
/// that builds the getter from the processor's context, as Kafka Streams' <c>KTableValueGetterSupplier</c>.
/// Derived tables (filter, mapValues) that are not materialized compute their value from their parent's getter,
/// and are versioned, with the same history retention, when their parent is.
/// </summary>
/// <param name="StoreNames">The stores the getter reads.</param>
/// <param name="Create">Builds the getter from a processor's context.</param>
/// <param name="HistoryRetentionMs">The history retention of the versioned store read, or null when the table is not versioned.</param>
internal sealed record KTableValueGetterSupplier<TKey, TValue>(
    IReadOnlyList<string> StoreNames, Func<IProcessorContext, IKTableValueGetter<TKey, TValue>> Create, long? HistoryRetentionMs = null)
{
    /// <summary>True when the table is versioned (materialized in a versioned store upstream, with no unversioned materialization in between).</summary>
    public bool IsVersioned => HistoryRetentionMs is not null;
}

/// <summary>Value getters of materialized tables.</summary>
internal static class KTableValueGetters
{
    public static KTableValueGetterSupplier<TKey, TValue> FromStore<TKey, TValue>(string storeName) =>
        new([storeName], context => new StoreGetter<TKey, TValue>(context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName)));

    public static KTableValueGetterSupplier<TKey, TValue> FromVersionedStore<TKey, TValue>(string storeName, long historyRetentionMs) =>
        new([storeName], context => new VersionedStoreGetter<TKey, TValue>(context.GetStateStore<IVersionedKeyValueStore<TKey, TValue>>(storeName)), historyRetentionMs);

    public static KTableValueGetterSupplier<Windowed<TKey>, TValue> FromWindowStore<TKey, TValue>(string storeName) =>
        new([storeName], context => new WindowStoreGetter<TKey, TValue>(context.GetStateStore<ITimestampedWindowStore<TKey, TValue>>(storeName)));

    private sealed class StoreGetter<TKey, TValue>(ITimestampedKeyValueStore<TKey, TValue> store) : IKTableValueGetter<TKey, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(TKey key) => key is null ? null : store.Get(key);
    }

    /// <summary>Reads a versioned store: the latest version by timestamp, or the version valid at a point in time.</summary>
    private sealed class VersionedStoreGetter<TKey, TValue>(IVersionedKeyValueStore<TKey, TValue> store) : IKTableValueGetter<TKey, TValue>
    {
        public bool IsVersioned => true;

        public ValueAndTimestamp<TValue>? Get(TKey key) => key is null ? null : Stamped(store.Get(key));

        public ValueAndTimestamp<TValue>? Get(TKey key, long asOfTimestampMs) => key is null ? null : Stamped(store.Get(key, asOfTimestampMs));

        private static ValueAndTimestamp<TValue>? Stamped(VersionedRecord<TValue>? record) =>
            record is null ? null : new ValueAndTimestamp<TValue>(record.Value, record.TimestampMs);
    }

    private sealed class WindowStoreGetter<TKey, TValue>(ITimestampedWindowStore<TKey, TValue> store) : IKTableValueGetter<Windowed<TKey>, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(Windowed<TKey> key) => store.Fetch(key.Key, key.Window.StartMs);
    }
}
