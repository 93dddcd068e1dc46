using System.Runtime.CompilerServices;
using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Maps each value to zero or more values with the same key, as Kafka Streams' <c>KStreamFlatMapValues</c>.</summary>
internal sealed class KStreamFlatMapValues<TKey, TValue, TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>?> mapper)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context) => _context = context;

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public void Process(Record<TKey, TValue> record)
    {
        var values = mapper(record.Key, record.Value);
        if (values is null)
        {
            return;
        }

        foreach (var v in values)
        {
            _context.Forward(record.WithValue(v));
        }
    }
}
