using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Materializes a topic as a table and forwards its changes, as Kafka Streams' <c>KTableSource</c>: a
/// tombstone deletes the key (forwarded only when the key existed, as Kafka Streams' record cache does for a materialized
/// source); every other update is put and forwarded, an update equal to the stored value included. With a record cache
/// (the default), updates are forwarded when the cache flushes them (commit or eviction), one change per key from the
/// flushed-over value, as Kafka Streams' <c>TimestampedTupleForwarder</c> (<see cref="CacheForwarding"/>). Kafka Streams switched
/// emit-on-change (KIP-557) off for source tables (KAFKA-12508): under at-least-once a record reprocessed after a crash
/// finds its value already in the flushed store, and skipping it would lose the downstream update that was never
/// committed. Records with a null key are dropped and counted.
/// <para>
/// In a versioned store (KIP-914) every update is put with its timestamp: an update older than the key's latest
/// version goes into the history and is forwarded with <see cref="Change{TValue}.IsLatest"/> false (its old value
/// is the unchanged latest); an update older than the store's history retention is rejected by the store, not
/// forwarded, and counted as dropped (as Kafka Streams' versioned store records it as an expired put).
/// </para>
/// </summary>
internal sealed class KTableSource<TKey, TValue>(string storeName) : IProcessor<TKey, TValue, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TValue>? _store;
    private IVersionedKeyValueStore<TKey, TValue>? _versioned;
    private MeteredKeyValueStore<TKey, ValueAndTimestamp<TValue>>? _cached;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        var store = context.GetStateStore<IStateStore>(storeName);
        _versioned = store as IVersionedKeyValueStore<TKey, TValue>;
        _store = _versioned is null ? context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName) : null;
        _cached = CacheForwarding.Attach(_store, context);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key");
            return;
        }

        if (_versioned is not null)
        {
            ProcessVersioned(_versioned, record);
            return;
        }

        var store = _store!;
        var old = store.Get(record.Key);
        if (record.IsTombstone)
        {
            if (old is null)
            {
                return;
            }

            if (_cached is not null)
            {
                _cached.Put(record.Key, null, record.Headers);   // forwarded on flush with this record's timestamp and headers
                return;
            }

            store.Delete(record.Key);
            _context.Forward(record.WithValue(new Change<TValue>(default, false, old.Value, true)));
            return;
        }

        var value = new ValueAndTimestamp<TValue>(record.Value, record.TimestampMs);
        if (_cached is not null)
        {
            _cached.Put(record.Key, value, record.Headers);   // forwarded on flush with this record's headers
            return;
        }

        store.Put(record.Key, value);

        _context.Forward(record.WithValue(new Change<TValue>(record.Value, true, old is null ? default : old.Value, old is not null)));
    }

    private void ProcessVersioned(IVersionedKeyValueStore<TKey, TValue> store, Record<TKey, TValue> record)
    {
        var old = store.Get(record.Key);
        var putResult = record.IsTombstone && store is MeteredVersionedKeyValueStore<TKey, TValue> metered
            ? metered.PutTombstone(record.Key, record.TimestampMs)
            : store.Put(record.Key, record.Value, record.TimestampMs);
        if (putResult == VersionedKeyValueStore.PutReturnCodeNotPut)
        {
            DroppedRecords.Late(
                _context, record.TimestampMs, $"older than store '{storeName}' keeps history for ({store.HistoryRetentionMs} ms behind its stream time)");
            return;
        }

        var hasNew = !record.IsTombstone;
        _context.Forward(record.WithValue(new Change<TValue>(hasNew ? record.Value : default, hasNew, old is null ? default : old.Value, old is not null)
        {
            IsLatest = putResult == VersionedKeyValueStore.PutReturnCodeValidToUndefined,
        }));
    }
}
