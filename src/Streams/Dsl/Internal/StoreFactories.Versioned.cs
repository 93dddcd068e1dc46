using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

internal static partial class StoreFactories
{
    /// <summary>The store of a source table: versioned when <paramref name="materialized"/> names a versioned supplier, timestamped otherwise.</summary>
    public static StoreFactory TableSource<TKey, TValue>(string name, Materialized<TKey, TValue> materialized, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        materialized.VersionedStoreSupplier is null
            ? TimestampedKeyValue(name, materialized, keySerde, valueSerde)
            : VersionedKeyValue(name, materialized, keySerde, valueSerde);

    /// <summary>The value getter of a source table materialized by <see cref="TableSource"/>.</summary>
    public static KTableValueGetterSupplier<TKey, TValue> TableSourceGetter<TKey, TValue>(string name, Materialized<TKey, TValue> materialized) =>
        materialized.VersionedStoreSupplier is { } versioned
            ? KTableValueGetters.FromVersionedStore<TKey, TValue>(name, versioned.HistoryRetentionMs)
            : KTableValueGetters.FromStore<TKey, TValue>(name);

    /// <summary>
    /// Metered -> change-logging -> versioned bytes store, as Kafka Streams' <c>VersionedKeyValueStoreBuilder</c>: no record
    /// cache (Kafka Streams ignores caching for versioned stores). The changelog is compacted with
    /// <c>min.compaction.lag.ms</c> = history retention + 24 h, as Kafka Streams creates it, so that versions within
    /// the retention survive compaction and restore rebuilds them.
    /// </summary>
    public static StoreFactory VersionedKeyValue<TKey, TValue>(string name, Materialized<TKey, TValue> materialized, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        var supplier = materialized.VersionedStoreSupplier ?? throw new ArgumentException("No versioned store supplier.", nameof(materialized));
        return new(name, "Versioned", materialized.LoggingEnabled, _ =>
            StoreLayers.Versioned(supplier.Get(), materialized.LoggingEnabled, bytes => new MeteredVersionedKeyValueStore<TKey, TValue>(bytes, keySerde, valueSerde)))
        {
            HistoryRetentionMs = supplier.HistoryRetentionMs,
            LoggingConfigs = materialized.LoggingConfigs,
        };
    }

    /// <summary>Refuses a versioned supplier where only timestamped key-value stores are built (aggregations, filters, mapValues).</summary>
    private static void RejectVersioned<TKey, TValue>(string name, Materialized<TKey, TValue> materialized)
    {
        if (materialized.VersionedStoreSupplier is not null)
        {
            throw new TopologyException(
                $"store '{name}': a versioned store can materialize a source table only (StreamsBuilder.Table or KStream.ToTable), not this operator's result.");
        }
    }
}
