using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The right side of a table-table left join, as Kafka Streams' <c>KTableKTableRightJoin</c>: on a change of the right table, and
/// only while the left table has the key, forwards the left value joined with the new right value and with the old right value
/// (either may be null: a right insert turns <c>(left, null)</c> into <c>(left, right)</c>, a right delete turns it back), with the
/// larger of both timestamps. Without a left row nothing is forwarded.
/// </summary>
internal sealed class KTableKTableRightJoin<TKey, TLeft, TRight, TOut>(KTableValueGetterSupplier<TKey, TLeft> left, Func<TLeft, TRight?, TOut> joiner)
    : IProcessor<TKey, Change<TRight>, TKey, Change<TOut>>
{
    private IProcessorContext<TKey, Change<TOut>> _context = null!;
    private IKTableValueGetter<TKey, TLeft> _left = null!;

    public void Init(IProcessorContext<TKey, Change<TOut>> context)
    {
        _context = context;
        _left = left.Create(context);
    }

    public void Process(Record<TKey, Change<TRight>> record)
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

        var row = _left.Get(record.Key);
        if (row is null)
        {
            return;
        }

        var change = record.Value;
        var newValue = joiner(row.Value, change.HasNewValue ? change.NewValue : default);
        var oldValue = joiner(row.Value, change.HasOldValue ? change.OldValue : default);
        _context.Forward(new Record<TKey, Change<TOut>>(
            record.Key, new Change<TOut>(newValue, oldValue), Math.Max(record.TimestampMs, row.TimestampMs), record.Headers));
    }
}
