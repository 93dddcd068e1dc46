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
            IKeyValueBytesStore bytes = supplier.Get();
            if (materialized.LoggingEnabled)
            {
                bytes = new ChangeLoggingKeyValueBytesStore(bytes);
            }

            if (materialized.CachingEnabled && build.Cache is not null)
            {
                bytes = new CachingKeyValueBytesStore(bytes, build.Cache);
            }

            return new MeteredTimestampedKeyValueStore<TKey, TValue>(bytes, keySerde, valueSerde);
        });
    }

    public static StoreFactory TimestampedWindow<TKey, TValue>(
        string name, Materialized<TKey, TValue> materialized, TimeWindows windows, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        var retention = materialized.Retention is { } r ? (long)r.TotalMilliseconds : windows.SizeMs + windows.GraceMs;
        if (retention < windows.SizeMs + windows.GraceMs)
        {
            throw new TopologyException(
                $"store '{name}': retention {retention} ms is shorter than window size + grace ({windows.SizeMs + windows.GraceMs} ms).");
        }

        return new(name, "Window", materialized.LoggingEnabled, build =>
        {
            var supplier = materialized.WindowStoreSupplier ?? build.Suppliers.WindowStore(name, retention, windows.SizeMs);
            IWindowBytesStore bytes = supplier.Get();
            if (materialized.LoggingEnabled)
            {
                bytes = new ChangeLoggingWindowBytesStore(bytes);
            }

            if (materialized.CachingEnabled && build.Cache is not null)
            {
                bytes = new CachingWindowBytesStore(bytes, build.Cache);
            }

            return new MeteredTimestampedWindowStore<TKey, TValue>(bytes, keySerde, valueSerde);
        });
    }
}
