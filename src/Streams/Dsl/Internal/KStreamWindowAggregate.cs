using System.Runtime.CompilerServices;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Aggregates a grouped stream per key and time window (tumbling, hopping or unlimited), as Kafka Streams'
/// <c>KStreamWindowAggregate</c>: for each window containing the record, unless the window closed
/// (<c>windowEnd &lt;= streamTime - grace</c>), the aggregate is updated with the largest record timestamp of the
/// window. Late records are dropped, counted (<c>streams.task.records.dropped</c>, reason "late") and never
/// half-applied. With <see cref="EmitStrategyType.OnWindowUpdate"/> every update is forwarded (through the record
/// cache when there is one); with <see cref="EmitStrategyType.OnWindowClose"/> nothing is forwarded on update and each
/// window is forwarded once when it closes.
/// </summary>
internal sealed class KStreamWindowAggregate<TKey, TValue, TAggregate>(
    string storeName, IWindows windows, Aggregation<TKey, TValue, TAggregate> aggregation, EmitStrategy emitStrategy)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private ITimestampedWindowStore<TKey, TAggregate> _store = null!;
    private MeteredTimestampedWindowStore<TKey, TAggregate>? _timestamped;
    private TimestampedWindowForwarder<TKey, TAggregate> _forwarder = null!;
    private WindowCloseEmitter<TKey, TAggregate>? _emitter;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedWindowStore<TKey, TAggregate>>(storeName);
        _timestamped = _store as MeteredTimestampedWindowStore<TKey, TAggregate>;
        _forwarder = new TimestampedWindowForwarder<TKey, TAggregate>(context, _store, emitStrategy);
        if (emitStrategy.Type == EmitStrategyType.OnWindowClose)
        {
            _emitter = new WindowCloseEmitter<TKey, TAggregate>(context, _store, storeName, windows.SizeMs);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.IsTombstone)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key or value");
            return;
        }

        var timestamp = record.TimestampMs;
        _observedStreamTime = Math.Max(_observedStreamTime, timestamp);
        var closeTime = _observedStreamTime - windows.GraceMs;

        // Kafka Streams emits after updating; the windows it emits are closed, so this record cannot change them, and
        // emitting first means no window is expired from the store (by this record's puts) before it was emitted.
        MaybeEmitFinal(closeTime, record.Headers);
        byte[]? rawKey = null; // the key serialized once for every window's fetch and put
        foreach (var window in windows.WindowsAt(timestamp))
        {
            if (window.EndMs <= closeTime)
            {
                DroppedRecords.Late(_context, timestamp, $"window {window} closed: stream time {_observedStreamTime} minus grace {windows.GraceMs} ms");
                continue;
            }

            if (_timestamped is not null)
            {
                // The store's own layers: value and timestamp read from and written to the bytes, no ValueAndTimestamp per update.
                rawKey ??= _timestamped.RawKey(record.Key);
                var found = _timestamped.TryFetchParts(rawKey, window.StartMs, out var previous, out var previousTimestamp);
                var aggregate = aggregation(record.Key, record.Value, found, previous);
                var aggregateTimestamp = found ? Math.Max(previousTimestamp, timestamp) : timestamp;
                _timestamped.PutParts(rawKey, aggregate, aggregateTimestamp, window.StartMs);
                _forwarder.MaybeForward(new Windowed<TKey>(record.Key, window), new Change<TAggregate>(aggregate, true, previous, found), aggregateTimestamp, record.Headers);
                continue;
            }

            // A store of other layers: the typed calls.
            var old = _store.Fetch(record.Key, window.StartMs);
            var oldValue = old is null ? default : old.Value;
            var newValue = aggregation(record.Key, record.Value, old is not null, oldValue);
            var newTimestamp = old is null ? timestamp : Math.Max(old.TimestampMs, timestamp);
            var updated = new ValueAndTimestamp<TAggregate>(newValue, newTimestamp);
            _store.Put(record.Key, updated, window.StartMs);
            _forwarder.MaybeForward(new Windowed<TKey>(record.Key, window), new Change<TAggregate>(newValue, true, oldValue, old is not null), newTimestamp, record.Headers);
        }
    }

    /// <summary>
    /// Emits the windows that closed since the last emission: starts in <c>(lastCloseTime - size, closeTime - size]</c>
    /// (from 0 the first time), skipping the fetch when no window start lies in that range, as Kafka Streams.
    /// </summary>
    private void MaybeEmitFinal(long closeTime, Confluent.Kafka.Headers? headers)
    {
        if (_emitter is null || !_emitter.HasAdvanced(closeTime))
        {
            return;
        }

        var upper = closeTime - windows.SizeMs;
        if (upper < 0)
        {
            return; // no window has closed yet
        }

        var last = _emitter.LastEmitCloseTime;
        var lower = last == WindowCloseEmitter<TKey, TAggregate>.NoTimestamp ? 0 : Math.Max(0, last - windows.SizeMs) + 1;
        if (last != WindowCloseEmitter<TKey, TAggregate>.NoTimestamp && windows.WindowsAt(upper).Equals(windows.WindowsAt(lower - 1)))
        {
            return; // close time did not advance enough to close another window
        }

        _emitter.Emit(closeTime, lower, upper, headers);
    }
}
