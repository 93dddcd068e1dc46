using Confluent.Kafka;
using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Forwarding from a materialized table operator's record cache, as Kafka Streams' <c>TimestampedTupleForwarder</c> with
/// <c>TimestampedCacheFlushListener</c>: when the store has a cache, an update is forwarded when the cache flushes it
/// (commit or eviction) as a change from the flushed-over value, with the update's timestamp (a delete: the deleting
/// record's), and the headers of the record that wrote it.
/// </summary>
internal static class CacheForwarding
{
    /// <summary>Sets the flush listener when <paramref name="store"/> is cached; returns the store to put through, or null to forward directly.</summary>
    public static MeteredKeyValueStore<TKey, ValueAndTimestamp<TValue>>? Attach<TKey, TValue>(
        ITimestampedKeyValueStore<TKey, TValue>? store, IProcessorContext<TKey, Change<TValue>> context)
    {
        if (store is not MeteredKeyValueStore<TKey, ValueAndTimestamp<TValue>> metered)
        {
            return null;
        }

        var cached = metered.SetFlushListener((TKey key, ValueAndTimestamp<TValue>? newValue, ValueAndTimestamp<TValue>? oldValue, long recordTimestamp, Headers? headers) =>
            context.Forward(new Record<TKey, Change<TValue>>(
                key,
                new Change<TValue>(newValue is null ? default : newValue.Value, newValue is not null, oldValue is null ? default : oldValue.Value, oldValue is not null),
                newValue?.TimestampMs ?? (recordTimestamp >= 0 ? recordTimestamp : oldValue?.TimestampMs ?? context.CurrentStreamTimeMs),
                headers)));
        return cached ? metered : null;
    }
}
