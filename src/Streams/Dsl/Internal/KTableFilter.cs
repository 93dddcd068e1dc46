using Confluent.Kafka;
using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Filters a table, as Kafka Streams' <c>KTableFilter</c>: a value that fails the predicate becomes a delete
/// (null); a change whose new and old filtered values are both null is not forwarded. Kafka Streams skips those only
/// when the filter sends old values (its parent is materialized under a name, or an operator downstream needs old
/// values); otherwise, e.g. <c>builder.table(topic).filter(p).toStream()</c>, it forwards a delete for every rejected
/// update, even of a key it never let through. Streams always knows the old value and never sends those deletes
/// (a deliberate difference, KafkaParity <c>KTableFilterTest</c>). When materialized, the filtered table is kept in its
/// own store and, when that store has a record cache, forwarded from it at flush (<see cref="CacheForwarding"/>). Over a versioned table (KIP-914) that optimization is off, and out-of-order changes stay flagged as not
/// latest unless the filter materializes its result.
/// </summary>
internal sealed class KTableFilter<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool negate, string? storeName, bool versionedParent = false)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TValue>? _store;
    private MeteredKeyValueStore<TKey, ValueAndTimestamp<TValue>>? _cached;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _store = storeName is null ? null : context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);
        _cached = CacheForwarding.Attach(_store, context);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var change = record.Value;
        var keepNew = change.HasNewValue && Matches(record.Key, change.NewValue!);
        var keepOld = change.HasOldValue && Matches(record.Key, change.OldValue!);
        // As Kafka Streams (KIP-914): the optimization is off for versioned tables, whose out-of-order deletes matter.
        if (!keepNew && !keepOld && !versionedParent)
        {
            return;
        }

        var stored = keepNew ? new ValueAndTimestamp<TValue>(change.NewValue!, record.TimestampMs) : null;
        if (_cached is not null)
        {
            // As Kafka Streams' TimestampedTupleForwarder: with a record cache, the update is forwarded when the cache flushes it.
            _cached.Put(record.Key, stored, record.Headers);
            return;
        }

        _store?.Put(record.Key, stored);
        _context.Forward(record.WithValue(new Change<TValue>(
            keepNew ? change.NewValue : default, keepNew, keepOld ? change.OldValue : default, keepOld)
        {
            // A materialized (unversioned) result holds whatever came last: its changes are the latest.
            IsLatest = _store is not null || change.IsLatest,
        }));
    }

    private bool Matches(TKey key, TValue value) => value is not null && predicate(key, value) != negate;

    public static KTableValueGetterSupplier<TKey, TValue> Getter(
        KTableValueGetterSupplier<TKey, TValue> parent, Func<TKey, TValue, bool> predicate, bool negate) =>
        new(parent.StoreNames, context =>
        {
            var inner = parent.Create(context);
            return new FilterGetter(inner, predicate, negate);
        }, parent.HistoryRetentionMs);

    private sealed class FilterGetter(IKTableValueGetter<TKey, TValue> inner, Func<TKey, TValue, bool> predicate, bool negate) : IKTableValueGetter<TKey, TValue>
    {
        public bool IsVersioned => inner.IsVersioned;

        public ValueAndTimestamp<TValue>? Get(TKey key) => Keep(key, inner.Get(key));

        public ValueAndTimestamp<TValue>? Get(TKey key, long asOfTimestampMs) => Keep(key, inner.Get(key, asOfTimestampMs));

        private ValueAndTimestamp<TValue>? Keep(TKey key, ValueAndTimestamp<TValue>? v) => v is not null && predicate(key, v.Value) != negate ? v : null;
    }
}
