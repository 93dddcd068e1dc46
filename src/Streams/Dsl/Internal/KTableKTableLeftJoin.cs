using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The left side of a table-table left join, as Kafka Streams' <c>KTableKTableLeftJoin</c>: on a change of the left table, the
/// change's new and old values are each joined with the right table's current value or null (an absent left value stays absent, so
/// a left delete becomes a tombstone) and forwarded with the larger of both timestamps (the left one alone without a right row).
/// </summary>
internal sealed class KTableKTableLeftJoin<TKey, TLeft, TRight, TOut>(KTableValueGetterSupplier<TKey, TRight> right, Func<TLeft, TRight?, TOut> joiner)
    : IProcessor<TKey, Change<TLeft>, TKey, Change<TOut>>
{
    private IProcessorContext<TKey, Change<TOut>> _context = null!;
    private IKTableValueGetter<TKey, TRight> _right = null!;

    public void Init(IProcessorContext<TKey, Change<TOut>> context)
    {
        _context = context;
        _right = right.Create(context);
    }

    public void Process(Record<TKey, Change<TLeft>> record)
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
        var row = _right.Get(record.Key);
        if (row is null && !change.HasNewValue && !change.HasOldValue)
        {
            return;
        }

        var rightValue = row is null ? default : row.Value;
        var newValue = change.HasNewValue ? joiner(change.NewValue!, rightValue) : default;
        var oldValue = change.HasOldValue ? joiner(change.OldValue!, rightValue) : default;
        _context.Forward(new Record<TKey, Change<TOut>>(
            record.Key,
            new Change<TOut>(newValue, change.HasNewValue && newValue is not null, oldValue, change.HasOldValue && oldValue is not null),
            Math.Max(record.TimestampMs, row?.TimestampMs ?? -1),
            record.Headers));
    }

    /// <summary>Reads the joined table without a store, as Kafka Streams' <c>KTableKTableLeftJoinValueGetter</c>: the left row joined with the right one or null.</summary>
    public static KTableValueGetterSupplier<TKey, TOut> Getter(
        KTableValueGetterSupplier<TKey, TLeft> leftTable, KTableValueGetterSupplier<TKey, TRight> rightTable, Func<TLeft, TRight?, TOut> joiner) =>
        new([.. leftTable.StoreNames.Union(rightTable.StoreNames, StringComparer.Ordinal)], context => new LeftJoinGetter(leftTable.Create(context), rightTable.Create(context), joiner));

    private sealed class LeftJoinGetter(IKTableValueGetter<TKey, TLeft> leftTable, IKTableValueGetter<TKey, TRight> rightTable, Func<TLeft, TRight?, TOut> joiner)
        : IKTableValueGetter<TKey, TOut>
    {
        public ValueAndTimestamp<TOut>? Get(TKey key)
        {
            if (leftTable.Get(key) is not { } left)
            {
                return null;
            }

            var right = rightTable.Get(key);
            return joiner(left.Value, right is null ? default : right.Value) is { } joined
                ? new ValueAndTimestamp<TOut>(joined, Math.Max(left.TimestampMs, right?.TimestampMs ?? -1))
                : null;
        }
    }
}
