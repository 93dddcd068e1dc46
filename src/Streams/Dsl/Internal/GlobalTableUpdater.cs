using Streams.Processor;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>Keeps a global table's store equal to its topic: puts values, deletes on tombstones, as Kafka Streams' <c>KTableSource</c> for global tables.</summary>
internal sealed class GlobalTableUpdater<TKey, TValue>(string storeName) : IProcessor<TKey, TValue, TKey, TValue>
{
    private ITimestampedKeyValueStore<TKey, TValue> _store = null!;

    public void Init(IProcessorContext<TKey, TValue> context) =>
        _store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null)
        {
            return;
        }

        _store.Put(record.Key, record.IsTombstone ? null : new ValueAndTimestamp<TValue>(record.Value, record.TimestampMs));
    }
}
