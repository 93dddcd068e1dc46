using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Forwards the updates of a windowed aggregation, as Kafka Streams' <c>TimestampedTupleForwarder</c>: directly,
/// or, when a record cache sits under the store, not at all here, because the cache forwards what it flushes (at
/// commit or eviction) through the flush listener this class installs. With <see cref="EmitStrategyType.OnWindowClose"/>
/// no update is forwarded; final results go through <see cref="WindowCloseEmitter{TKey, TAggregate}"/>.
/// </summary>
internal sealed class TimestampedWindowForwarder<TKey, TAggregate>
{
    private readonly IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context;
    private readonly bool _forwardUpdates;

    public TimestampedWindowForwarder(
        IProcessorContext<Windowed<TKey>, Change<TAggregate>> context, ITimestampedWindowStore<TKey, TAggregate> store, EmitStrategy emitStrategy)
    {
        _context = context;
        if (emitStrategy.Type == EmitStrategyType.OnWindowClose)
        {
            _forwardUpdates = false;
            return;
        }

        // As Kafka Streams' sendOldValues: the cache looks up a flushed window's old value only when a child reads it.
        var sendOldValues = context is not Processor.Internal.ProcessorNode { ChildrenReadOnlyNewValues: true };
        var forwardOnFlush = store is MeteredWindowStore<TKey, ValueAndTimestamp<TAggregate>> metered
            && metered.SetFlushListener(
                (key, newValue, oldValue) => context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                    key,
                    new Change<TAggregate>(newValue is null ? default : newValue.Value, newValue is not null, oldValue is null ? default : oldValue.Value, oldValue is not null),
                    newValue?.TimestampMs ?? oldValue?.TimestampMs ?? context.CurrentStreamTimeMs)),
                sendOldValues);
        _forwardUpdates = !forwardOnFlush;
    }

    /// <summary>Forwards one window update unless the cache (or the emit strategy) takes care of it.</summary>
    /// <param name="key">The windowed key.</param>
    /// <param name="change">The new aggregate and, when the window existed, the old one.</param>
    /// <param name="timestampMs">The largest record timestamp in the window.</param>
    /// <param name="headers">The headers of the record being processed.</param>
    public void MaybeForward(Windowed<TKey> key, Change<TAggregate> change, long timestampMs, Confluent.Kafka.Headers? headers)
    {
        if (_forwardUpdates)
        {
            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(key, change, timestampMs, headers));
        }
    }
}
