using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <content>Sliding-window stores, the window-store layering shared by the time-window stores, and emit-final metadata.</content>
internal static partial class StoreFactories
{
    /// <summary>
    /// The store of a sliding-window aggregation, as Kafka Streams' <c>SlidingWindowStoreMaterializer</c>: windows keyed
    /// by start, window size = time difference, retention by default 2 × time difference + grace (the oldest window a new
    /// record may need, to build a right window, starts 2 × time difference before it).
    /// </summary>
    /// <exception cref="TopologyException">The materialized retention is shorter than 2 × time difference + grace.</exception>
    public static StoreFactory SlidingWindow<TKey, TValue>(
        string name, Materialized<TKey, TValue> materialized, SlidingWindows windows, EmitStrategy emitStrategy, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        var minimum = (2 * windows.TimeDifferenceMs) + windows.GraceMs;
        var retention = materialized.Retention is { } r ? (long)r.TotalMilliseconds : minimum;
        if (retention < minimum)
        {
            throw new TopologyException(
                $"store '{name}': retention {retention} ms is shorter than 2 * time difference + grace ({minimum} ms).");
        }

        return WindowStore(name, materialized, retention, windows.TimeDifferenceMs, emitStrategy, cacheOnWindowClose: false, keySerde, valueSerde);
    }

    /// <summary>The name of the store that keeps the last emitted window close time of an emit-on-window-close aggregation.</summary>
    public static string EmitFinalMetadataStoreName(string windowStoreName) => windowStoreName + "-emit-final-metadata";

    /// <summary>
    /// The companion store of an emit-on-window-close aggregation over <paramref name="windowStoreName"/>: one entry
    /// (the window store name) holding the last window close time whose windows were emitted. Kafka Streams keeps
    /// this value in the task's processor metadata, committed with the input offsets; here it is a small key-value
    /// store, changelogged when the window store is, so it is restored with the windows. No record cache.
    /// </summary>
    public static StoreFactory EmitFinalMetadata(string windowStoreName, bool loggingEnabled)
    {
        var name = EmitFinalMetadataStoreName(windowStoreName);
        return new(name, "KeyValue", loggingEnabled, build =>
        {
            return StoreLayers.KeyValue(build.Suppliers.KeyValueStore(name).Get(), loggingEnabled, cache: null, bytes => new MeteredKeyValueStore<string?, long>(bytes, Serdes.String, Serdes.Int64));
        });
    }

    /// <summary>
    /// Metered -> caching -> change-logging -> window bytes store. As Kafka Streams' <c>WindowStoreMaterializer</c> and
    /// <c>SlidingWindowStoreMaterializer</c>: a time-window store keeps its record cache when emitting on window close
    /// (the cache then only serves reads and writes; nothing is forwarded on flush), a sliding-window store does not.
    /// Emitting on window close, the default store keeps a window while its start is at least stream time minus
    /// retention, one millisecond longer than an update-emitting store: Kafka Streams' on-window-close store (the
    /// time-first schema of <c>AbstractDualSchemaRocksDBSegmentedBytesStore#get</c> and <c>getActualFrom</c>) drops the
    /// usual <c>+ 1</c>, so a window that has just closed can still be read, e.g. by a table join.
    /// </summary>
    private static StoreFactory WindowStore<TKey, TValue>(
        string name, Materialized<TKey, TValue> materialized, long retentionMs, long windowSizeMs, EmitStrategy emitStrategy, bool cacheOnWindowClose,
        ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        var onWindowClose = emitStrategy.Type == EmitStrategyType.OnWindowClose;
        var caching = materialized.CachingEnabled && (cacheOnWindowClose || !onWindowClose);
        var storeRetentionMs = onWindowClose && retentionMs < long.MaxValue ? retentionMs + 1 : retentionMs;
        return new(name, "Window", materialized.LoggingEnabled, build =>
        {
            var supplier = materialized.WindowStoreSupplier ?? build.Suppliers.WindowStore(name, storeRetentionMs, windowSizeMs);
            return StoreLayers.Window(supplier.Get(), materialized.LoggingEnabled, caching ? build.Cache : null, bytes => new MeteredTimestampedWindowStore<TKey, TValue>(bytes, keySerde, valueSerde));
        })
        {
            RetentionMs = materialized.WindowStoreSupplier?.RetentionPeriodMs ?? retentionMs,
            LoggingConfigs = materialized.LoggingConfigs,
        };
    }
}
