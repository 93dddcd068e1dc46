using Confluent.Kafka;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Aggregates a re-grouped table per key, as Kafka Streams' <c>KTableAggregate</c>/<c>KTableReduce</c>: for each
/// change, the old value is first taken out with the subtractor (when the key has an aggregate), then the new value
/// is added (from the initial aggregate, or the value itself for reduce, when the key has none), and one update is
/// forwarded. The timestamp is the record's, or the larger of the record's and the aggregate's when the key had one.
/// A reference-type aggregate that becomes null deletes the key (forwarded as a delete). A change that leaves a key
/// without an aggregate it did not have is not forwarded (as Kafka Streams' record cache; without the cache Kafka Streams
/// forwards a delete). Records with a null key are dropped and counted (Kafka Streams throws; the repartition map upstream
/// drops them first, so none arrive).
/// </summary>
internal sealed class KTableAggregate<TKey, TValue, TAggregate>(
    string storeName, Aggregation<TKey, TValue, TAggregate> adder, Func<TKey, TValue, TAggregate, TAggregate> subtractor)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TAggregate>>
{
    private IProcessorContext<TKey, Change<TAggregate>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TAggregate> _store = null!;
    private bool _forwardOnFlush;
    private MeteredKeyValueStore<TKey, ValueAndTimestamp<TAggregate>>? _metered;

    public void Init(IProcessorContext<TKey, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TAggregate>>(storeName);

        // With a record cache, updates are forwarded when the cache flushes them (commit or eviction), as Kafka Streams.
        _metered = CacheForwarding.Attach(_store, context);
        _forwardOnFlush = _metered is not null;
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (record.Key is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key");
            return;
        }

        var change = record.Value;
        var old = _store.Get(record.Key);
        var timestamp = old is null ? record.TimestampMs : Math.Max(old.TimestampMs, record.TimestampMs);
        var hasAggregate = old is not null;
        var aggregate = old is null ? default : old.Value;
        if (change.HasOldValue && hasAggregate)
        {
            aggregate = subtractor(record.Key, change.OldValue!, aggregate!);
            hasAggregate = aggregate is not null;
        }

        if (change.HasNewValue)
        {
            aggregate = adder(record.Key, change.NewValue!, hasAggregate, aggregate);
            hasAggregate = aggregate is not null;
        }

        var stored = hasAggregate ? new ValueAndTimestamp<TAggregate>(aggregate!, timestamp) : null;
        if (_metered is not null)
        {
            _metered.Put(record.Key, stored, record.Headers); // the cache forwards the update with the record's headers
        }
        else
        {
            _store.Put(record.Key, stored);
        }
        if (_forwardOnFlush || (!hasAggregate && old is null))
        {
            return;
        }

        _context.Forward(new Record<TKey, Change<TAggregate>>(
            record.Key, new Change<TAggregate>(aggregate, hasAggregate, old is null ? default : old.Value, old is not null), timestamp, record.Headers));
    }
}
