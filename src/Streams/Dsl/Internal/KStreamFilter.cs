using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Forwards records that satisfy (or, negated, fail) a predicate, as Kafka Streams' <c>KStreamFilter</c>.</summary>
internal sealed class KStreamFilter<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool negate) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        if (predicate(record.Key, record.Value) != negate)
        {
            _context.Forward(record);
        }
    }
}
