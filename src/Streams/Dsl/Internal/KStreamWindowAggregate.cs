using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Aggregates a grouped stream per key and time window, as Kafka Streams' <c>KStreamWindowAggregate</c>:
/// for each window containing the record, unless the window closed (<c>windowEnd &lt;= streamTime - grace</c>),
/// the aggregate is updated and forwarded with the largest record timestamp of the window. Late records
/// are dropped, counted (<c>streams.task.records.dropped</c>, reason "late") and never half-applied.
/// </summary>
internal sealed class KStreamWindowAggregate<TKey, TValue, TAggregate>(
    string storeName, TimeWindows windows, Aggregation<TKey, TValue, TAggregate> aggregation)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private ITimestampedWindowStore<TKey, TAggregate> _store = null!;
    private long _observedStreamTime = -1;
    private bool _forwardOnFlush;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedWindowStore<TKey, TAggregate>>(storeName);

        // With a record cache, updates are forwarded when the cache flushes them (commit or eviction), as Kafka Streams.
        _forwardOnFlush = _store is MeteredWindowStore<TKey, ValueAndTimestamp<TAggregate>> metered
            && metered.SetFlushListener((key, newValue, oldValue) => context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                key,
                new Change<TAggregate>(newValue is null ? default : newValue.Value, newValue is not null, oldValue is null ? default : oldValue.Value, oldValue is not null),
                newValue?.Timestamp ?? oldValue?.Timestamp ?? context.CurrentStreamTimeMs)));
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null)
        {
            DroppedRecords.Null(_context, record.Timestamp, "null key or value");
            return;
        }

        var timestamp = record.Timestamp;
        _observedStreamTime = Math.Max(_observedStreamTime, timestamp);
        var closeTime = _observedStreamTime - windows.GraceMs;
        foreach (var window in windows.WindowsFor(timestamp))
        {
            if (window.EndMs <= closeTime)
            {
                DroppedRecords.Late(_context, timestamp, $"window {window} closed: stream time {_observedStreamTime} minus grace {windows.GraceMs} ms");
                continue;
            }

            var old = _store.Fetch(record.Key, window.StartMs);
            var oldValue = old is null ? default : old.Value;
            var newValue = aggregation(record.Key, record.Value, old is not null, oldValue);
            var newTimestamp = old is null ? timestamp : Math.Max(old.Timestamp, timestamp);
            _store.Put(record.Key, new ValueAndTimestamp<TAggregate>(newValue, newTimestamp), window.StartMs);
            if (_forwardOnFlush)
            {
                continue;
            }

            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                new Windowed<TKey>(record.Key, window), new Change<TAggregate>(newValue, true, oldValue, old is not null), newTimestamp, record.Headers));
        }
    }
}
