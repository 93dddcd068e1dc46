using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Forwards every record unchanged (branch heads, merge points), as Kafka Streams' <c>PassThrough</c>.</summary>
internal sealed class KStreamPassThrough<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context.Forward(record);
}
