using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Joins stream records with a global table row chosen by a key selector, as Kafka Streams'
/// <c>KStreamGlobalKTableJoin</c>. Null stream values are dropped (and counted); for the left join a
/// null selected key or a missing row joins with null, for the inner join the record is dropped.
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
        if (record.Value is null)
        {
            DroppedRecords.Null(_context, record.Timestamp, "null value");
            return;
        }

        var tableKey = keySelector(record.Key, record.Value);
        var row = tableKey is null ? null : _store.Get(tableKey);
        if (row is null && !leftJoin)
        {
            return;
        }

        _context.Forward(record.WithValue(joiner(record.Value, row is null ? default : row.Value)));
    }
}
