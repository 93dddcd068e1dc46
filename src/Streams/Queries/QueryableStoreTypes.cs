using Streams.Queries.Internal;
using Streams.State;

namespace Streams.Queries;

/// <summary>
/// The store types a query can ask for, as Kafka Streams' <c>QueryableStoreTypes</c>. A query fails with
/// <see cref="InvalidStateStoreException"/> when the named store is of another kind.
/// </summary>
public static class QueryableStoreTypes
{
    /// <summary>A key-value store (plain or timestamped; timestamps are dropped), as Kafka Streams' <c>keyValueStore()</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <returns>The store type.</returns>
    public static QueryableStoreType<IReadOnlyKeyValueStore<TKey, TValue>> KeyValueStore<TKey, TValue>() =>
        new(QueryableStoreKind.KeyValue, QueryableStoreAdapters.KeyValue<TKey, TValue>, p => new CompositeReadOnlyKeyValueStore<TKey, TValue>(p, QueryableStoreAdapters.KeyValue<TKey, TValue>));

    /// <summary>A timestamped key-value store read with its timestamps, as Kafka Streams' <c>timestampedKeyValueStore()</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <returns>The store type.</returns>
    public static QueryableStoreType<IReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>>> TimestampedKeyValueStore<TKey, TValue>() =>
        new(QueryableStoreKind.TimestampedKeyValue, QueryableStoreAdapters.TimestampedKeyValue<TKey, TValue>, p => new CompositeReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>>(p, QueryableStoreAdapters.TimestampedKeyValue<TKey, TValue>));

    /// <summary>A window store (plain or timestamped; timestamps are dropped), as Kafka Streams' <c>windowStore()</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <returns>The store type.</returns>
    public static QueryableStoreType<IReadOnlyWindowStore<TKey, TValue>> WindowStore<TKey, TValue>() =>
        new(QueryableStoreKind.Window, QueryableStoreAdapters.Window<TKey, TValue>, p => new CompositeReadOnlyWindowStore<TKey, TValue>(p, QueryableStoreAdapters.Window<TKey, TValue>));

    /// <summary>A timestamped window store read with its timestamps, as Kafka Streams' <c>timestampedWindowStore()</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <returns>The store type.</returns>
    public static QueryableStoreType<IReadOnlyWindowStore<TKey, ValueAndTimestamp<TValue>>> TimestampedWindowStore<TKey, TValue>() =>
        new(QueryableStoreKind.TimestampedWindow, QueryableStoreAdapters.TimestampedWindow<TKey, TValue>, p => new CompositeReadOnlyWindowStore<TKey, ValueAndTimestamp<TValue>>(p, QueryableStoreAdapters.TimestampedWindow<TKey, TValue>));

    /// <summary>A session store, as Kafka Streams' <c>sessionStore()</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The aggregate type.</typeparam>
    /// <returns>The store type.</returns>
    public static QueryableStoreType<IReadOnlySessionStore<TKey, TValue>> SessionStore<TKey, TValue>() =>
        new(QueryableStoreKind.Session, QueryableStoreAdapters.Session<TKey, TValue>, p => new CompositeReadOnlySessionStore<TKey, TValue>(p, QueryableStoreAdapters.Session<TKey, TValue>));
}
