using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Joins each stream record with the table's current value for its key, as Kafka Streams'
/// <c>KStreamKTableJoin</c>: the table is looked up at processing time (no window); the result keeps the
/// stream record's timestamp. Records with a null value are dropped; a null key is dropped by the inner join
/// and joined with null by the left join (KIP-962); a missing row drops the record (inner) or joins null (left).
/// </summary>
internal sealed class KStreamKTableJoin<TKey, TValue, TTableValue, TValueOut>(
    KTableValueGetterSupplier<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, bool leftJoin)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private IKTableValueGetter<TKey, TTableValue> _getter = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _getter = table.Create(context);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Value is null || (record.Key is null && !leftJoin))
        {
            DroppedRecords.Null(_context, record.Timestamp, "null key or value");
            return;
        }

        var row = record.Key is null ? null : _getter.Get(record.Key);
        if (row is null && !leftJoin)
        {
            return;
        }

        _context.Forward(record.WithValue(joiner(record.Value, row is null ? default : row.Value)));
    }
}
