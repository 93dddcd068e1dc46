using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Aggregates a grouped stream per key into a timestamped key-value store and forwards every update,
/// as Kafka Streams' <c>KStreamAggregate</c>/<c>KStreamReduce</c>. Records with a null key or value are
/// dropped and counted. The result timestamp is the larger of the old and new record timestamps.
/// </summary>
internal sealed class KStreamAggregate<TKey, TValue, TAggregate>(string storeName, Aggregation<TKey, TValue, TAggregate> aggregation)
    : IProcessor<TKey, TValue, TKey, Change<TAggregate>>
{
    private IProcessorContext<TKey, Change<TAggregate>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TAggregate> _store = null!;
    private bool _forwardOnFlush;
    private MeteredKeyValueStore<TKey, ValueAndTimestamp<TAggregate>>? _metered;
    private MeteredTimestampedKeyValueStore<TKey, TAggregate>? _timestamped;

    public void Init(IProcessorContext<TKey, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TAggregate>>(storeName);

        // With a record cache, updates are forwarded when the cache flushes them (commit or eviction), as Kafka Streams.
        _metered = CacheForwarding.Attach(_store, context);
        _forwardOnFlush = _metered is not null;
        _timestamped = _store as MeteredTimestampedKeyValueStore<TKey, TAggregate>;
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.IsTombstone)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key or value");
            return;
        }

        if (_timestamped is not null)
        {
            // The store's own layers: the key serialized once, value and timestamp read from and written to the bytes, no
            // ValueAndTimestamp per update.
            var rawKey = _timestamped.RawKey(record.Key);
            var found = _timestamped.TryGetParts(rawKey, out var previous, out var previousTimestamp);
            var aggregate = aggregation(record.Key, record.Value, found, previous);
            var aggregateTimestamp = found ? Math.Max(previousTimestamp, record.TimestampMs) : record.TimestampMs;
            _timestamped.PutParts(record.Key, rawKey, aggregate, aggregateTimestamp, record.Headers); // a cache keeps the headers for its flush
            if (!_forwardOnFlush)
            {
                _context.Forward(new Record<TKey, Change<TAggregate>>(record.Key, new Change<TAggregate>(aggregate, true, previous, found), aggregateTimestamp, record.Headers));
            }

            return;
        }

        var old = _store.Get(record.Key);
        var oldValue = old is null ? default : old.Value;
        var newValue = aggregation(record.Key, record.Value, old is not null, oldValue);
        var timestamp = old is null ? record.TimestampMs : Math.Max(old.TimestampMs, record.TimestampMs);
        if (_metered is not null)
        {
            _metered.Put(record.Key, new ValueAndTimestamp<TAggregate>(newValue, timestamp), record.Headers); // forwarded on flush with the record's headers
        }
        else
        {
            _store.Put(record.Key, new ValueAndTimestamp<TAggregate>(newValue, timestamp));
        }
        if (_forwardOnFlush)
        {
            return;
        }

        _context.Forward(new Record<TKey, Change<TAggregate>>(record.Key, new Change<TAggregate>(newValue, true, oldValue, old is not null), timestamp, record.Headers));
    }
}
