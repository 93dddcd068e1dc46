using Streams.Processor;

namespace Streams.Tests.Support;

/// <summary>A processor made of lambdas.</summary>
internal sealed class DelegateProcessor<TKey, TValue>(
    Action<IProcessorContext<TKey, TValue>, Record<TKey, TValue>> process,
    Action<IProcessorContext<TKey, TValue>>? init = null)
    : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;

    public void Init(IProcessorContext<TKey, TValue> context)
    {
        _context = context;
        init?.Invoke(context);
    }

    public void Process(Record<TKey, TValue> record) => process(_context!, record);
}
