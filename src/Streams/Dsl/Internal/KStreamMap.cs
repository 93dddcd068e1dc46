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

        // A value-type tombstone stays a delete under its new key: the mapper could not see a null to pass on.
        _context.Forward(record.IsValueTypeTombstone
            ? Record<TKeyOut, TValueOut>.Tombstone(key, record.TimestampMs, record.Headers)
            : new Record<TKeyOut, TValueOut>(key, value, record.TimestampMs, record.Headers));
    }
}
