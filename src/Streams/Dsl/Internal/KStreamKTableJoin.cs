using System.Runtime.CompilerServices;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Joins each stream record with the table's value for its key, as Kafka Streams' <c>KStreamKTableJoin</c>: the
/// table is looked up at processing time (no window); the result keeps the stream record's timestamp. Records
/// with a null value are dropped; a null key is dropped by the inner join and joined with null by the left join
/// (KIP-962); a missing row drops the record (inner) or joins null (left).
/// <para>
/// Over a versioned table the lookup is as of the stream record's timestamp (KIP-914). With a grace period
/// (KIP-923) records first go through a <see cref="TimeOrderedKeyValueBuffer{TKey, TValue}"/>: a record is joined
/// once the buffer's stream time has passed its timestamp by the grace period, in timestamp order, seeing the
/// table updates that arrived meanwhile; a record already older than that is joined at once.
/// </para>
/// </summary>
internal sealed class KStreamKTableJoin<TKey, TValue, TTableValue, TValueOut>(
    KTableValueGetterSupplier<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, bool leftJoin, string? bufferStoreName = null)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private IKTableValueGetter<TKey, TTableValue> _getter = null!;
    private TimeOrderedKeyValueBuffer<TKey, TValue>? _buffer;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _getter = table.Create(context);
        _buffer = bufferStoreName is null ? null : context.GetStateStore<TimeOrderedKeyValueBuffer<TKey, TValue>>(bufferStoreName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.IsTombstone || (record.Key is null && !leftJoin))
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key or value");
            return;
        }

        if (_buffer is null)
        {
            Join(record);
            return;
        }

        if (!_buffer.Put(record, _context.RecordMetadata))
        {
            // Later than the grace period: joined right away, with the table as of its timestamp.
            Join(record);
        }

        _buffer.EvictExpired(JoinBuffered);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    private void JoinBuffered(Record<TKey, TValue> record, RecordMetadata? source)
    {
        // Downstream sees the buffered record's own source, as Kafka Streams restores its record context.
        if (_context is not IInternalProcessorContext { Task: var task })
        {
            Join(record);
            return;
        }

        var previous = task.RecordMetadata;
        task.RecordMetadata = source;
        try
        {
            Join(record);
        }
        finally
        {
            task.RecordMetadata = previous;
        }
    }

    private void Join(Record<TKey, TValue> record)
    {
        var row = record.Key is null ? null : _getter.IsVersioned ? _getter.Get(record.Key, record.TimestampMs) : _getter.Get(record.Key);
        if (row is null && !leftJoin)
        {
            return;
        }

        _context.Forward(record.WithValue(joiner(record.Value, row is null ? default : row.Value)));
    }
}
