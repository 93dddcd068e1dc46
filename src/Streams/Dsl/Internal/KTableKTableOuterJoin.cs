using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// One side of a table-table outer join, as Kafka Streams' <c>KTableKTableOuterJoin</c> (the other side is the same processor with
/// the tables and the joiner's arguments swapped): on a change of this table, the change's new and old values are each joined with
/// the other table's current value; a side that is absent on both tables stays absent (so the row is deleted only when both sides
/// are gone). The timestamp is the larger of both sides' (this side's alone without another row).
/// </summary>
internal sealed class KTableKTableOuterJoin<TKey, TThis, TOther, TOut>(KTableValueGetterSupplier<TKey, TOther> other, Func<TThis?, TOther?, TOut> joiner)
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

        var change = record.Value;
        var row = _other.Get(record.Key);
        if (row is null && !change.HasNewValue && !change.HasOldValue)
        {
            return;
        }

        var otherValue = row is null ? default : row.Value;
        var hasNew = row is not null || change.HasNewValue;
        var hasOld = row is not null || change.HasOldValue;
        var newValue = hasNew ? joiner(change.HasNewValue ? change.NewValue : default, otherValue) : default;
        var oldValue = hasOld ? joiner(change.HasOldValue ? change.OldValue : default, otherValue) : default;
        _context.Forward(new Record<TKey, Change<TOut>>(
            record.Key,
            new Change<TOut>(newValue, hasNew && newValue is not null, oldValue, hasOld && oldValue is not null),
            row is null ? record.TimestampMs : Math.Max(record.TimestampMs, row.TimestampMs),
            record.Headers));
    }

    /// <summary>Reads the joined table without a store, as Kafka Streams' <c>KTableKTableOuterJoinValueGetter</c>: either row or both, joined, with the larger timestamp.</summary>
    public static KTableValueGetterSupplier<TKey, TOut> Getter(
        KTableValueGetterSupplier<TKey, TThis> thisTable, KTableValueGetterSupplier<TKey, TOther> otherTable, Func<TThis?, TOther?, TOut> joiner) =>
        new([.. thisTable.StoreNames.Union(otherTable.StoreNames, StringComparer.Ordinal)], context => new OuterJoinGetter(thisTable.Create(context), otherTable.Create(context), joiner));

    private sealed class OuterJoinGetter(IKTableValueGetter<TKey, TThis> thisTable, IKTableValueGetter<TKey, TOther> otherTable, Func<TThis?, TOther?, TOut> joiner)
        : IKTableValueGetter<TKey, TOut>
    {
        public ValueAndTimestamp<TOut>? Get(TKey key)
        {
            var left = thisTable.Get(key);
            var right = otherTable.Get(key);
            if (left is null && right is null)
            {
                return null;
            }

            return joiner(left is null ? default : left.Value, right is null ? default : right.Value) is { } joined
                ? new ValueAndTimestamp<TOut>(joined, Math.Max(left?.TimestampMs ?? -1, right?.TimestampMs ?? -1))
                : null;
        }
    }
}
