using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The result table of a foreign-key join (<c>KTABLE-FK-JOIN-OUTPUT</c>), as the <c>KTableSource</c> Kafka Streams puts
/// after the response resolver: stores each result (a delete removes it) and forwards the change with the value it
/// replaces. As in Kafka Streams, a delete is forwarded even when no result existed (the join cannot know whether an
/// earlier result was emitted); with a record cache, updates are forwarded when the cache flushes them, and a
/// delete of a key that never reached the store is not forwarded.
/// </summary>
internal sealed class ForeignKeyJoinResultProcessor<TKey, TOut>(string storeName) : IProcessor<TKey, Change<TOut>, TKey, Change<TOut>>
{
    private IProcessorContext<TKey, Change<TOut>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TOut> _store = null!;
    private bool _forwardOnFlush;

    public void Init(IProcessorContext<TKey, Change<TOut>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TOut>>(storeName);
        _forwardOnFlush = _store is MeteredKeyValueStore<TKey, ValueAndTimestamp<TOut>> metered
            && metered.SetFlushListener((key, newValue, oldValue) =>
            {
                if (newValue is not null || oldValue is not null)
                {
                    context.Forward(new Record<TKey, Change<TOut>>(
                        key,
                        new Change<TOut>(newValue is null ? default : newValue.Value, newValue is not null, oldValue is null ? default : oldValue.Value, oldValue is not null),
                        newValue?.TimestampMs ?? context.CurrentStreamTimeMs));
                }
            });
    }

    public void Process(Record<TKey, Change<TOut>> record)
    {
        var old = _store.Get(record.Key);
        _store.Put(record.Key, record.Value.HasNewValue ? new ValueAndTimestamp<TOut>(record.Value.NewValue!, record.TimestampMs) : null);
        if (!_forwardOnFlush)
        {
            _context.Forward(record.WithValue(new Change<TOut>(record.Value.NewValue, record.Value.HasNewValue, old is null ? default : old.Value, old is not null)));
        }
    }
}
