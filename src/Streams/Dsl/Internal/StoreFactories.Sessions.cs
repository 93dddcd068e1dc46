using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <content>Session stores.</content>
internal static partial class StoreFactories
{
    /// <summary>
    /// The store of a session-windowed aggregation: metered -> caching -> change-logging -> session bytes store, as Kafka
    /// Streams' <c>SessionStoreMaterializer</c>. Without an explicit supplier the retention is <c>Materialized.Retention</c>,
    /// by default inactivity gap + grace, and may not be shorter than that; an explicit supplier brings its own retention.
    /// No record cache when emitting on window close, as Kafka Streams.
    /// </summary>
    public static StoreFactory Session<TKey, TAggregate>(
        string name, Materialized<TKey, TAggregate> materialized, SessionWindows windows, ISerde<TKey> keySerde, ISerde<TAggregate> valueSerde, EmitStrategy? emitStrategy = null)
    {
        if (materialized.KeyValueStoreSupplier is not null || materialized.WindowStoreSupplier is not null)
        {
            throw new TopologyException($"store '{name}': a session-windowed aggregation needs a session store supplier (Materialized.As(ISessionBytesStoreSupplier)).");
        }

        var supplier = materialized.SessionStoreSupplier;
        var minimum = windows.InactivityGapMs + windows.GraceMs;
        var retention = materialized.Retention is { } r ? (long)r.TotalMilliseconds : minimum;
        if (supplier is null && retention < minimum)
        {
            throw new TopologyException(
                $"store '{name}': retention {retention} ms is shorter than the session inactivity gap + grace ({windows.InactivityGapMs} + {windows.GraceMs} ms).");
        }

        return new(name, "Session", materialized.LoggingEnabled, build =>
        {
            var caching = materialized.CachingEnabled && emitStrategy?.Type != EmitStrategyType.OnWindowClose;
            return StoreLayers.Session(
                (supplier ?? build.Suppliers.SessionStore(name, retention)).Get(), materialized.LoggingEnabled, caching ? build.Cache : null, bytes => new MeteredSessionStore<TKey, TAggregate>(bytes, keySerde, valueSerde));
        })
        {
            RetentionMs = supplier?.RetentionPeriodMs ?? retention,
            LoggingConfigs = materialized.LoggingConfigs,
        };
    }
}
