using System.Runtime.CompilerServices;
using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Turns each record into zero or more records with new keys and values, as Kafka Streams' <c>KStreamFlatMap</c>.</summary>
internal sealed class KStreamFlatMap<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<(TKeyOut Key, TValueOut Value)>?> mapper)
    : IProcessor<TKey, TValue, TKeyOut, TValueOut>
{
    private IProcessorContext<TKeyOut, TValueOut> _context = null!;

    public void Init(IProcessorContext<TKeyOut, TValueOut> context) => _context = context;

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public void Process(Record<TKey, TValue> record)
    {
        var results = mapper(record.Key, record.Value);
        if (results is null)
        {
            return;
        }

        foreach (var (key, value) in results)
        {
            _context.Forward(new Record<TKeyOut, TValueOut>(key, value, record.TimestampMs, record.Headers));
        }
    }
}
