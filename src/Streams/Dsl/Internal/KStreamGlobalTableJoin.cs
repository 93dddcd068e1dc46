using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Joins stream records with a global table row chosen by a key selector, as Kafka Streams'
/// <c>KStreamGlobalKTableJoin</c> (<c>KStreamKTableJoinProcessor#maybeDropRecord</c>). Null stream values are dropped
/// (and counted). A null selected key drops the record (counted), for the left join too, except that the left join
/// joins a record with a null key (KIP-962) with null when its selected key is null. A missing row drops the record
/// silently (inner join) or joins it with null (left join).
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
            DroppedRecords.Null(_context, record.TimestampMs, "null value");
            return;
        }

        var tableKey = keySelector(record.Key, record.Value);
        if (tableKey is null && !(leftJoin && record.Key is null))
        {
            // As Kafka Streams: no join without a key; only the left join of a null-keyed record joins null (KIP-962).
            DroppedRecords.Null(_context, record.TimestampMs, "null join key");
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
