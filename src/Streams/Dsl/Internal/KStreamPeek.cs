using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Calls an action per record; forwards it for <c>Peek</c>, not for <c>Foreach</c>, as Kafka Streams' <c>KStreamPeek</c>.</summary>
internal sealed class KStreamPeek<TKey, TValue>(Action<TKey, TValue> action, bool forward) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        action(record.Key, record.Value);
        if (forward)
        {
            _context.Forward(record);
        }
    }
}
