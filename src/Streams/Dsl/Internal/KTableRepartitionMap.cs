using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Selects the new key and value of each table update before a <c>KGroupedTable</c> aggregation, as Kafka Streams'
/// <c>KTableRepartitionMap</c> (3.5+): the old row is mapped to a subtraction and the new row to an addition. When
/// both map to the same key they travel as one change (new and old), so the aggregation applies the subtractor then
/// the adder and emits once; otherwise the subtraction is forwarded first, then the addition. A selected pair with a
/// null key or value is not forwarded (the new one is dropped and counted; the old one was counted when it was new);
/// Kafka Streams skips such a pair without counting it (<c>KTableRepartitionMapProcessor</c> has no dropped-records sensor).
/// </summary>
internal sealed class KTableRepartitionMap<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> selector)
    : IProcessor<TKey, Change<TValue>, TKeyOut, Change<TValueOut>>
{
    private IProcessorContext<TKeyOut, Change<TValueOut>> _context = null!;

    public void Init(IProcessorContext<TKeyOut, Change<TValueOut>> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (!record.Value.IsLatest)
        {
            // KIP-914: an out-of-order update of a versioned table is history; the latest value, and so the result, is unchanged.
            return;
        }

        var change = record.Value;
        if (record.Key is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key");
            return;
        }

        var (newPair, hasNew) = change.HasNewValue ? Select(record.Key, change.NewValue!) : default;
        var (oldPair, hasOld) = change.HasOldValue ? Select(record.Key, change.OldValue!) : default;
        if (change.HasNewValue && !hasNew)
        {
            DroppedRecords.Null(_context, record.TimestampMs, newPair.Key is null ? "null key" : "null value");
        }

        if (hasNew && hasOld && EqualityComparer<TKeyOut>.Default.Equals(newPair.Key, oldPair.Key))
        {
            _context.Forward(new Record<TKeyOut, Change<TValueOut>>(newPair.Key, new Change<TValueOut>(newPair.Value, true, oldPair.Value, true), record.TimestampMs, record.Headers));
            return;
        }

        if (hasOld)
        {
            _context.Forward(new Record<TKeyOut, Change<TValueOut>>(oldPair.Key, new Change<TValueOut>(default, false, oldPair.Value, true), record.TimestampMs, record.Headers));
        }

        if (hasNew)
        {
            _context.Forward(new Record<TKeyOut, Change<TValueOut>>(newPair.Key, new Change<TValueOut>(newPair.Value, true, default, false), record.TimestampMs, record.Headers));
        }
    }

    private ((TKeyOut Key, TValueOut Value) Pair, bool Valid) Select(TKey key, TValue value)
    {
        var pair = selector(key, value);
        return (pair, pair.Key is not null && pair.Value is not null);
    }
}
