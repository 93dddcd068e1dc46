using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Turns table updates into a stream of new values, as Kafka Streams' <c>KTable#toStream</c>: a deleted row becomes a tombstone
/// (<see cref="Record{TKey, TValue}.IsTombstone"/>), null for a reference type and a flagged <c>default</c> for a value type.
/// </summary>
internal sealed class KTableToStream<TKey, TValue> : IProcessor<TKey, Change<TValue>, TKey, TValue?>, IReadsOnlyNewValues
{
    private IProcessorContext<TKey, TValue?> _context = null!;

    public void Init(IProcessorContext<TKey, TValue?> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record) =>
        _context.Forward(record.Value.HasNewValue ? record.WithValue(record.Value.NewValue) : record.AsTombstone<TValue?>());
}
