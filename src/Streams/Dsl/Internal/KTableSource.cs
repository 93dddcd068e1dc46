using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Materializes a topic as a table and forwards its changes, as Kafka Streams' <c>KTableSource</c>: a
/// tombstone deletes the key (forwarded only when the key existed); with emit-on-change (KIP-557) an update
/// whose value equals the stored one (compared serialized) and whose timestamp is not older is not forwarded.
/// Records with a null key are dropped and counted.
/// </summary>
internal sealed class KTableSource<TKey, TValue>(string storeName, ISerde<TValue> valueSerde) : IProcessor<TKey, TValue, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TValue> _store = null!;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null)
        {
            DroppedRecords.Null(_context, record.Timestamp, "null key");
            return;
        }

        var old = _store.Get(record.Key);
        if (record.Value is null)
        {
            if (old is null)
            {
                return;
            }

            _store.Delete(record.Key);
            _context.Forward(record.WithValue(new Change<TValue>(default, false, old.Value, true)));
            return;
        }

        if (old is not null && record.Timestamp >= old.Timestamp && SameValue(old.Value, record.Value))
        {
            return;
        }

        _store.Put(record.Key, new ValueAndTimestamp<TValue>(record.Value, record.Timestamp));
        _context.Forward(record.WithValue(new Change<TValue>(record.Value, true, old is null ? default : old.Value, old is not null)));
    }

    private bool SameValue(TValue a, TValue b)
    {
        var context = new SerializationContext(MessageComponentType.Value, storeName);
        return valueSerde.Serialize(a, context).AsSpan().SequenceEqual(valueSerde.Serialize(b, context));
    }
}
