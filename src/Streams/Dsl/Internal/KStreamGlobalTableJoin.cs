using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Joins stream records with a global table row chosen by a key selector, as Kafka Streams'
/// <c>KStreamGlobalKTableJoin</c>. Null stream values are dropped (and counted); for the left join a
/// null selected key or a missing row joins with null (KIP-962); for the inner join a null selected key drops the
/// record (counted) and a missing row drops it silently.
/// </summary>
internal sealed class KStreamGlobalTableJoin<TKey, TValue, TGlobalKey, TGlobalValue, TValueOut>(
    string storeName,
    Func<TKey, TValue, TGlobalKey> keySelector,
    Func<TValue, TGlobalValue?, TValueOut> joiner,
    bool leftJoin)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private ITimestampedKeyValueStore<TGlobalKey, TGlobalValue> _store = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<TGlobalKey, TGlobalValue>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.IsTombstone)
        {
            DroppedRecords.Null(_context, record.Timestamp, "null value");
            return;
        }

        var tableKey = keySelector(record.Key, record.Value);
        if (tableKey is null && !leftJoin)
        {
            // As Kafka Streams: an inner join cannot join without a key; the left join joins null (KIP-962).
            DroppedRecords.Null(_context, record.Timestamp, "null join key");
            return;
        }

        var row = tableKey is null ? null : _store.Get(tableKey);
        if (row is null && !leftJoin)
        {
            return;
        }

        _context.Forward(record.WithValue(joiner(record.Value, row is null ? default : row.Value)));
    }
}
