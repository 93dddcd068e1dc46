using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Maps key and value to a new pair, as Kafka Streams' <c>KStreamMap</c>.</summary>
internal sealed class KStreamMap<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> mapper)
    : IProcessor<TKey, TValue, TKeyOut, TValueOut>
{
    private IProcessorContext<TKeyOut, TValueOut> _context = null!;

    public void Init(IProcessorContext<TKeyOut, TValueOut> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        var (key, value) = mapper(record.Key, record.Value);
        _context.Forward(new Record<TKeyOut, TValueOut>(key, value, record.Timestamp, record.Headers));
    }
}
