using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Aggregates a grouped stream per key in sliding windows, as Kafka Streams' <c>KStreamSlidingWindowAggregate</c>
/// (KIP-450). Windows are <c>[start, start + timeDifference]</c>, both bounds inclusive, stored by start. A record at t
/// updates every existing window that contains it, creates its left window <c>[t - timeDifference, t]</c> (seeded with
/// the aggregate of the earlier records within the time difference), creates its right window
/// <c>[t + 1, t + 1 + timeDifference]</c> when a later record falls into it, and creates the right window of the
/// previous record when this record is the first to fall into it. Records with t &lt; timeDifference share the window
/// <c>[0, timeDifference]</c>. A window is closed when <c>windowEnd &lt; streamTime - grace</c>; a record is dropped
/// outright when <c>t + 1 + timeDifference &lt;= streamTime - grace</c>, and a closed window it would update or create
/// is skipped and counted as a late drop. Each window keeps the largest record timestamp it contains, which is the
/// timestamp of its updates. Windows are visited from the newest start down, as Kafka Streams does with a reverse
/// store iterator, so updates are forwarded in the same order. Records with a null key or value are dropped.
/// </summary>
internal sealed class KStreamSlidingWindowAggregate<TKey, TValue, TAggregate>(
    string storeName, SlidingWindows windows, Aggregation<TKey, TValue, TAggregate> aggregation, EmitStrategy emitStrategy)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private readonly long _timeDifference = windows.TimeDifferenceMs;
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private ITimestampedWindowStore<TKey, TAggregate> _store = null!;
    private TimestampedWindowForwarder<TKey, TAggregate> _forwarder = null!;
    private WindowCloseEmitter<TKey, TAggregate>? _emitter;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedWindowStore<TKey, TAggregate>>(storeName);
        _forwarder = new TimestampedWindowForwarder<TKey, TAggregate>(context, _store, emitStrategy);
        if (emitStrategy.Type == EmitStrategyType.OnWindowClose)
        {
            _emitter = new WindowCloseEmitter<TKey, TAggregate>(context, _store, storeName, _timeDifference);
        }
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.IsTombstone)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key or value");
            return;
        }

        var t = record.TimestampMs;
        _observedStreamTime = Math.Max(_observedStreamTime, t);
        var closeTime = _observedStreamTime - windows.GraceMs;
        if (t + 1 + _timeDifference <= closeTime)
        {
            DroppedRecords.Late(
                _context, t, $"sliding windows [{t - _timeDifference},{t}] and [{t + 1},{t + 1 + _timeDifference}] closed: stream time {_observedStreamTime} minus grace {windows.GraceMs} ms");
            return;
        }

        // Kafka Streams emits after updating; the windows it emits are closed, so this record cannot change them, and
        // emitting first means no window is expired from the store (by this record's puts) before it was emitted.
        MaybeEmitFinal(closeTime, record.Headers);
        if (t < _timeDifference)
        {
            ProcessEarly(record, closeTime);
        }
        else
        {
            ProcessReverse(record, closeTime);
        }
    }

    /// <summary>The general case (t &gt;= time difference): windows with start in <c>[t - 2 * timeDifference, t + 1]</c>, newest first.</summary>
    private void ProcessReverse(Record<TKey, TValue> record, long closeTime)
    {
        var t = record.TimestampMs;
        var windowStarts = new HashSet<long>();
        ValueAndTimestamp<TAggregate>? leftWindowAggregate = null; // the aggregate to seed the record's new left window with
        ValueAndTimestamp<TAggregate>? rightWindowAggregate = null; // the aggregate of the records after t within the time difference
        var leftWindowExists = false;
        var rightWindowExists = false;
        long? previousRecordTimestamp = null;

        var existing = ReadWindows(record.Key, Math.Max(0, t - (2 * _timeDifference)), t + 1);
        for (var i = existing.Count - 1; i >= 0; i--)
        {
            var (start, aggregate) = existing[i];
            windowStarts.Add(start);
            var end = start + _timeDifference;
            if (start == t + 1)
            {
                rightWindowExists = true;
            }
            else if (end > t)
            {
                // A window containing t: the first one seen (latest start) holds exactly the records after t.
                rightWindowAggregate ??= aggregate;
                UpdateWindowAndForward(new Window(start, end), Seed.Stored(aggregate), record, closeTime);
            }
            else if (end == t)
            {
                leftWindowExists = true;
                UpdateWindowAndForward(new Window(start, end), Seed.Stored(aggregate), record, closeTime);
                if (aggregate.TimestampMs < t)
                {
                    previousRecordTimestamp = aggregate.TimestampMs;
                }
                else
                {
                    return; // a record at t was seen before: every window this record needs exists
                }
            }
            else
            {
                leftWindowAggregate = aggregate;
                previousRecordTimestamp = aggregate.TimestampMs;
                break;
            }
        }

        CreateWindows(record, closeTime, windowStarts, rightWindowAggregate, leftWindowAggregate, leftWindowExists, rightWindowExists, previousRecordTimestamp);
    }

    /// <summary>
    /// Records with 0 &lt;= t &lt; time difference, whose left window would start before the epoch: they all go into the
    /// window <c>[0, timeDifference]</c>, and right windows are created as for the general case, as Kafka Streams' <c>processEarly</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    private void ProcessEarly(Record<TKey, TValue> record, long closeTime)
    {
        var t = record.TimestampMs;
        ValueAndTimestamp<TAggregate>? combinedWindow = null; // [0, timeDifference]
        ValueAndTimestamp<TAggregate>? rightWindowAggregate = null;
        var rightWindowExists = false;
        var windowStarts = new HashSet<long>();
        long? previousRecordTimestamp = null;

        foreach (var (start, aggregate) in ReadWindows(record.Key, 0, t + 1))
        {
            windowStarts.Add(start);
            if (start == 0)
            {
                combinedWindow = aggregate;

                // When the combined window holds a record at or after t, the previous record's right window was created by it.
                if (aggregate.TimestampMs < t)
                {
                    previousRecordTimestamp = aggregate.TimestampMs;
                }
            }
            else if (start <= t)
            {
                rightWindowAggregate = aggregate;
                UpdateWindowAndForward(new Window(start, start + _timeDifference), Seed.Stored(aggregate), record, closeTime);
            }
            else if (start == t + 1)
            {
                rightWindowExists = true;
            }
            else
            {
                throw new InvalidOperationException($"Unexpected sliding window starting at {start} while processing a record at {t}.");
            }
        }

        // Without a right window found, the combined window holds only records after t when its largest timestamp is after t.
        if (rightWindowAggregate is null && combinedWindow is not null && combinedWindow.TimestampMs > t)
        {
            rightWindowAggregate = combinedWindow;
        }

        if (!rightWindowExists && RightWindowIsNotEmpty(rightWindowAggregate, t))
        {
            CreateCurrentRecordRightWindow(record, rightWindowAggregate!);
        }

        if (previousRecordTimestamp is { } previous && !windowStarts.Contains(previous + 1))
        {
            CreatePreviousRecordRightWindow(previous + 1, record, closeTime);
        }

        UpdateWindowAndForward(new Window(0, _timeDifference), combinedWindow is null ? Seed.New(t) : Seed.Stored(combinedWindow), record, closeTime);
    }

    private void CreateWindows(
        Record<TKey, TValue> record,
        long closeTime,
        HashSet<long> windowStarts,
        ValueAndTimestamp<TAggregate>? rightWindowAggregate,
        ValueAndTimestamp<TAggregate>? leftWindowAggregate,
        bool leftWindowExists,
        bool rightWindowExists,
        long? previousRecordTimestamp)
    {
        var t = record.TimestampMs;

        // The previous record's right window, when this record is the first to fall into it.
        if (previousRecordTimestamp is { } previous)
        {
            var previousRightStart = previous + 1;
            if (!windowStarts.Contains(previousRightStart) && previousRightStart + _timeDifference >= t)
            {
                CreatePreviousRecordRightWindow(previousRightStart, record, closeTime);
            }
        }

        // This record's left window, holding the earlier records within the time difference.
        if (!leftWindowExists)
        {
            var seed = previousRecordTimestamp is { } p && t - _timeDifference <= p ? Seed.Seeded(leftWindowAggregate!.Value, t) : Seed.New(t);
            UpdateWindowAndForward(new Window(t - _timeDifference, t), seed, record, closeTime);
        }

        // This record's right window, when later records fall into it.
        if (!rightWindowExists && RightWindowIsNotEmpty(rightWindowAggregate, t))
        {
            CreateCurrentRecordRightWindow(record, rightWindowAggregate!);
        }
    }

    /// <summary>The window <c>[t + 1, t + 1 + timeDifference]</c> holds the later records, whose aggregate (and timestamp) it takes unchanged.</summary>
    private void CreateCurrentRecordRightWindow(Record<TKey, TValue> record, ValueAndTimestamp<TAggregate> rightWindowAggregate)
    {
        var start = record.TimestampMs + 1;
        _store.Put(record.Key, rightWindowAggregate, start);
        _forwarder.MaybeForward(
            new Windowed<TKey>(record.Key, new Window(start, start + _timeDifference)),
            new Change<TAggregate>(rightWindowAggregate.Value, true, default, false),
            rightWindowAggregate.TimestampMs,
            record.Headers);
    }

    private void CreatePreviousRecordRightWindow(long windowStart, Record<TKey, TValue> record, long closeTime) =>
        UpdateWindowAndForward(new Window(windowStart, windowStart + _timeDifference), Seed.New(record.TimestampMs), record, closeTime);

    private static bool RightWindowIsNotEmpty(ValueAndTimestamp<TAggregate>? rightWindowAggregate, long t) =>
        rightWindowAggregate is not null && rightWindowAggregate.TimestampMs > t;

    /// <summary>Adds the record to <paramref name="window"/> (starting from <paramref name="seed"/>) unless the window is closed (<c>end &lt; closeTime</c>).</summary>
    private void UpdateWindowAndForward(Window window, Seed seed, Record<TKey, TValue> record, long closeTime)
    {
        if (window.EndMs < closeTime)
        {
            DroppedRecords.Late(
                _context, record.TimestampMs, $"window [{window.StartMs},{window.EndMs}] closed: stream time {_observedStreamTime} minus grace {windows.GraceMs} ms");
            return;
        }

        var newAggregate = aggregation(record.Key, record.Value, seed.HasAggregate, seed.Aggregate);
        var newTimestamp = Math.Max(record.TimestampMs, seed.Timestamp);
        _store.Put(record.Key, new ValueAndTimestamp<TAggregate>(newAggregate, newTimestamp), window.StartMs);
        _forwarder.MaybeForward(
            new Windowed<TKey>(record.Key, window), new Change<TAggregate>(newAggregate, true, seed.IsStored ? seed.Aggregate : default, seed.IsStored), newTimestamp, record.Headers);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    private List<(long Start, ValueAndTimestamp<TAggregate> Aggregate)> ReadWindows(TKey key, long fromStart, long toStart)
    {
        var windowsOfKey = new List<(long, ValueAndTimestamp<TAggregate>)>();
        using var iterator = _store.Fetch(key, fromStart, toStart);
        while (iterator.MoveNext())
        {
            windowsOfKey.Add((iterator.Current.Key, iterator.Current.Value));
        }

        return windowsOfKey;
    }

    private void MaybeEmitFinal(long closeTime, Headers? headers)
    {
        if (_emitter is null || !_emitter.HasAdvanced(closeTime))
        {
            return;
        }

        // Closed sliding windows end before the close time: start <= closeTime - timeDifference - 1 (inclusive bounds).
        var upper = closeTime - _timeDifference - 1;
        if (upper < 0)
        {
            return;
        }

        var last = _emitter.LastEmitCloseTime;
        var lower = last == WindowCloseEmitter<TKey, TAggregate>.NoTimestamp ? 0 : Math.Max(0, last - _timeDifference);
        _emitter.Emit(closeTime, lower, upper, headers);
    }

    /// <summary>What a window update starts from: a stored window, a new window seeded with an aggregate, or a new empty window.</summary>
    private readonly record struct Seed(bool HasAggregate, TAggregate? Aggregate, long Timestamp, bool IsStored)
    {
        public static Seed Stored(ValueAndTimestamp<TAggregate> stored) => new(true, stored.Value, stored.TimestampMs, true);

        public static Seed Seeded(TAggregate aggregate, long timestamp) => new(true, aggregate, timestamp, false);

        public static Seed New(long timestamp) => new(false, default, timestamp, false);
    }
}
