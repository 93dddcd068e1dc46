using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>Composes the store layers for DSL stores: metered (typed) -> caching -> change-logging -> bytes store, as Kafka Streams' store builders.</summary>
internal static partial class StoreFactories
{
    public static StoreFactory TimestampedKeyValue<TKey, TValue>(string name, Materialized<TKey, TValue> materialized, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        RejectVersioned(name, materialized);
        return new(name, "KeyValue", materialized.LoggingEnabled, build =>
        {
            var supplier = materialized.KeyValueStoreSupplier ?? build.Suppliers.KeyValueStore(name);
            return StoreLayers.KeyValue(
                supplier.Get(), materialized.LoggingEnabled, materialized.CachingEnabled ? build.Cache : null, bytes => new MeteredTimestampedKeyValueStore<TKey, TValue>(bytes, keySerde, valueSerde));
        })
        {
            LoggingConfigs = materialized.LoggingConfigs,
        };
    }

    public static StoreFactory TimestampedWindow<TKey, TValue>(
        string name, Materialized<TKey, TValue> materialized, IWindows windows, EmitStrategy emitStrategy, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        // Saturating: unlimited windows have size long.MaxValue (and no grace), so their retention is unlimited too.
        var minimum = windows.SizeMs > long.MaxValue - windows.GraceMs ? long.MaxValue : windows.SizeMs + windows.GraceMs;
        var retention = materialized.Retention is { } r ? (long)r.TotalMilliseconds : minimum;
        if (retention < minimum)
        {
            throw new TopologyException(
                $"store '{name}': retention {retention} ms is shorter than window size + grace ({minimum} ms).");
        }

        return WindowStore(name, materialized, retention, windows.SizeMs, emitStrategy, cacheOnWindowClose: true, keySerde, valueSerde);
    }
}
