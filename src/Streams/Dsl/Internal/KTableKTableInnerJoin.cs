using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// One side of a table-table inner join, as Kafka Streams' <c>KTableKTableInnerJoin</c> (the other side is the same processor
/// with the tables and the joiner's arguments swapped): on a change of this table, looks the key up in the other table; without
/// a row there nothing is forwarded, else the change's new and old values are each joined with the other value (an absent value
/// stays absent, so a delete becomes a tombstone of the joined row) and forwarded with the larger of both timestamps.
/// </summary>
internal sealed class KTableKTableInnerJoin<TKey, TThis, TOther, TOut>(KTableValueGetterSupplier<TKey, TOther> other, Func<TThis, TOther, TOut> joiner)
    : IProcessor<TKey, Change<TThis>, TKey, Change<TOut>>
{
    private IProcessorContext<TKey, Change<TOut>> _context = null!;
    private IKTableValueGetter<TKey, TOther> _other = null!;

    public void Init(IProcessorContext<TKey, Change<TOut>> context)
    {
        _context = context;
        _other = other.Create(context);
    }

    public void Process(Record<TKey, Change<TThis>> record)
    {
        if (!record.Value.IsLatest)
        {
            // KIP-914: an out-of-order update of a versioned table is history; the latest value, and so the result, is
            // unchanged. Counted as dropped, as Kafka Streams.
            DroppedRecords.OutOfOrder(_context, record.TimestampMs);
            return;
        }

        if (record.Key is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key");
            return;
        }

        var row = _other.Get(record.Key);
        if (row is null)
        {
            return;
        }

        var change = record.Value;
        var newValue = change.HasNewValue ? joiner(change.NewValue!, row.Value) : default;
        var oldValue = change.HasOldValue ? joiner(change.OldValue!, row.Value) : default;
        _context.Forward(new Record<TKey, Change<TOut>>(
            record.Key,
            new Change<TOut>(newValue, change.HasNewValue && newValue is not null, oldValue, change.HasOldValue && oldValue is not null),
            Math.Max(record.TimestampMs, row.TimestampMs),
            record.Headers));
    }

    /// <summary>Reads the joined table without a store, as Kafka Streams' <c>KTableKTableInnerJoinValueGetter</c>: both rows present, joined, with the larger timestamp.</summary>
    public static KTableValueGetterSupplier<TKey, TOut> Getter(
        KTableValueGetterSupplier<TKey, TThis> thisTable, KTableValueGetterSupplier<TKey, TOther> otherTable, Func<TThis, TOther, TOut> joiner) =>
        new([.. thisTable.StoreNames.Union(otherTable.StoreNames, StringComparer.Ordinal)], context => new InnerJoinGetter(thisTable.Create(context), otherTable.Create(context), joiner));

    private sealed class InnerJoinGetter(IKTableValueGetter<TKey, TThis> thisTable, IKTableValueGetter<TKey, TOther> otherTable, Func<TThis, TOther, TOut> joiner)
        : IKTableValueGetter<TKey, TOut>
    {
        public ValueAndTimestamp<TOut>? Get(TKey key) =>
            thisTable.Get(key) is { } left && otherTable.Get(key) is { } right && joiner(left.Value, right.Value) is { } joined
                ? new ValueAndTimestamp<TOut>(joined, Math.Max(left.TimestampMs, right.TimestampMs))
                : null;
    }
}
