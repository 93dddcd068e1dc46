using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Maps values, keeping keys, as Kafka Streams' <c>KStreamMapValues</c>.</summary>
internal sealed class KStreamMapValues<TKey, TValue, TValueOut>(Func<TKey, TValue, TValueOut> mapper) : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context) => _context = context;

    // A value-type tombstone passes as a delete without calling the mapper (it could not see a null to pass on).
    public void Process(Record<TKey, TValue> record) =>
        _context.Forward(record.IsValueTypeTombstone ? record.AsTombstone<TValueOut>() : record.WithValue(mapper(record.Key, record.Value)));
}
