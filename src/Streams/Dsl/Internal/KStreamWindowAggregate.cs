using Streams.Internal;
using Streams.Processor;
using Streams.State;

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
    private static readonly KeyValuePair<string, object?> LateTag = new("reason", "late");
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private ITimestampedWindowStore<TKey, TAggregate> _store = null!;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedWindowStore<TKey, TAggregate>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null)
        {
            StreamsMetrics.RecordsDropped.Add(1, new KeyValuePair<string, object?>("reason", "null key or value"));
            return;
        }

        var timestamp = record.Timestamp;
        _observedStreamTime = Math.Max(_observedStreamTime, timestamp);
        var closeTime = _observedStreamTime - windows.GraceMs;
        foreach (var window in windows.WindowsFor(timestamp))
        {
            if (window.EndMs <= closeTime)
            {
                StreamsMetrics.RecordsDropped.Add(1, LateTag);
                continue;
            }

            var old = _store.Fetch(record.Key, window.StartMs);
            var oldValue = old is null ? default : old.Value;
            var newValue = aggregation(record.Key, record.Value, old is not null, oldValue);
            var newTimestamp = old is null ? timestamp : Math.Max(old.Timestamp, timestamp);
            _store.Put(record.Key, new ValueAndTimestamp<TAggregate>(newValue, newTimestamp), window.StartMs);
            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                new Windowed<TKey>(record.Key, window), new Change<TAggregate>(newValue, oldValue), newTimestamp, record.Headers));
        }
    }
}
