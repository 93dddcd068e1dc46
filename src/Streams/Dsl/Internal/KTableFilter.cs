using Streams.Processor;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Filters a table, as Kafka Streams' <c>KTableFilter</c>: a value that fails the predicate becomes a delete
/// (null); a change whose new and old filtered values are both null is not forwarded. When materialized, the
/// filtered table is kept in its own store.
/// </summary>
internal sealed class KTableFilter<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool negate, string? storeName)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TValue>? _store;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _store = storeName is null ? null : context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var change = record.Value;
        var keepNew = change.HasNewValue && Matches(record.Key, change.NewValue!);
        var keepOld = change.HasOldValue && Matches(record.Key, change.OldValue!);
        if (!keepNew && !keepOld)
        {
            return;
        }

        _store?.Put(record.Key, keepNew ? new ValueAndTimestamp<TValue>(change.NewValue!, record.Timestamp) : null);
        _context.Forward(record.WithValue(new Change<TValue>(
            keepNew ? change.NewValue : default, keepNew, keepOld ? change.OldValue : default, keepOld)));
    }

    private bool Matches(TKey key, TValue value) => value is not null && predicate(key, value) != negate;

    public static KTableValueGetterSupplier<TKey, TValue> Getter(
        KTableValueGetterSupplier<TKey, TValue> parent, Func<TKey, TValue, bool> predicate, bool negate) =>
        new(parent.StoreNames, context =>
        {
            var inner = parent.Create(context);
            return new FilterGetter(inner, predicate, negate);
        });

    private sealed class FilterGetter(IKTableValueGetter<TKey, TValue> inner, Func<TKey, TValue, bool> predicate, bool negate) : IKTableValueGetter<TKey, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(TKey key)
        {
            var v = inner.Get(key);
            return v is not null && predicate(key, v.Value) != negate ? v : null;
        }
    }
}
