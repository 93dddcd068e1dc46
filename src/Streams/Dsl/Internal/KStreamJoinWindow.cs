using Streams.Processor;
using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// One side's window keeper of a stream-stream join, as Kafka Streams' <c>KStreamJoinWindow</c>: forwards every
/// record to the side's join processor first, then keeps it (when its key is not null) in the side's window store,
/// which retains duplicates and expires records older than before + after + grace.
/// </summary>
internal sealed class KStreamJoinWindow<TKey, TValue>(string storeName) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;
    private IWindowStore<TKey, TValue> _window = null!;

    public void Init(IProcessorContext<TKey, TValue> context)
    {
        _context = context;
        _window = context.GetStateStore<IWindowStore<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        _context.Forward(record);
        if (record.Key is not null)
        {
            // Every record starts its own window; the store's retention drops the ones too old to ever join. Null values are not kept.
            _window.Put(record.Key, record.Value, record.TimestampMs);
        }
    }
}
