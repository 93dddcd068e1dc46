using Confluent.Kafka;
using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Maps a table's values (new and old), keeping keys, as Kafka Streams' <c>KTableMapValues</c>; deletes stay deletes. When
/// materialized with a record cache, updates are forwarded from the cache at flush (<see cref="CacheForwarding"/>).
/// </summary>
internal sealed class KTableMapValues<TKey, TValue, TValueOut>(Func<TKey, TValue, TValueOut> mapper, string? storeName)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>
{
    private IProcessorContext<TKey, Change<TValueOut>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TValueOut>? _store;
    private MeteredKeyValueStore<TKey, ValueAndTimestamp<TValueOut>>? _cached;

    public void Init(IProcessorContext<TKey, Change<TValueOut>> context)
    {
        _context = context;
        _store = storeName is null ? null : context.GetStateStore<ITimestampedKeyValueStore<TKey, TValueOut>>(storeName);
        _cached = CacheForwarding.Attach(_store, context);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var change = record.Value;
        var newValue = change.HasNewValue ? mapper(record.Key, change.NewValue!) : default;
        var oldValue = change.HasOldValue ? mapper(record.Key, change.OldValue!) : default;
        var stored = change.HasNewValue && newValue is not null ? new ValueAndTimestamp<TValueOut>(newValue, record.TimestampMs) : null;
        if (_cached is not null)
        {
            // As Kafka Streams' TimestampedTupleForwarder: with a record cache, the update is forwarded when the cache flushes it.
            _cached.Put(record.Key, stored, record.Headers);
            return;
        }

        _store?.Put(record.Key, stored);
        _context.Forward(record.WithValue(new Change<TValueOut>(newValue, change.HasNewValue, oldValue, change.HasOldValue)
        {
            // A materialized (unversioned) result holds whatever came last: its changes are the latest.
            IsLatest = _store is not null || change.IsLatest,
        }));
    }

    public static KTableValueGetterSupplier<TKey, TValueOut> Getter(KTableValueGetterSupplier<TKey, TValue> parent, Func<TKey, TValue, TValueOut> mapper) =>
        new(parent.StoreNames, context => new MapGetter(parent.Create(context), mapper), parent.HistoryRetentionMs);

    private sealed class MapGetter(IKTableValueGetter<TKey, TValue> inner, Func<TKey, TValue, TValueOut> mapper) : IKTableValueGetter<TKey, TValueOut>
    {
        public bool IsVersioned => inner.IsVersioned;

        public ValueAndTimestamp<TValueOut>? Get(TKey key) => Map(key, inner.Get(key));

        public ValueAndTimestamp<TValueOut>? Get(TKey key, long asOfTimestampMs) => Map(key, inner.Get(key, asOfTimestampMs));

        private ValueAndTimestamp<TValueOut>? Map(TKey key, ValueAndTimestamp<TValue>? v) =>
            v is not null && mapper(key, v.Value) is { } mapped ? new ValueAndTimestamp<TValueOut>(mapped, v.TimestampMs) : null;
    }
}
