using System.Runtime.CompilerServices;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// One side of a stream-stream join, as Kafka Streams' <c>KStreamKStreamJoin</c> (the left and right sides are
/// <see cref="KStreamKStreamJoinLeftSide{TKey, TLeft, TRight, TOut}"/> and <see cref="KStreamKStreamJoinRightSide{TKey, TLeft, TRight, TOut}"/>).
/// A record at t is joined with every record of the other side's window store in <c>[t - joinBefore, t + joinAfter]</c>
/// (inclusive), each result stamped with the larger timestamp. Both sides share the task's <see cref="JoinTimeTracker"/>.
/// <list type="bullet">
/// <item>Null value, or null key on an inner side: dropped (<see cref="DroppedRecords.Null"/>). Null key with a value on an
/// outer side: joined with null at once (KIP-962).</item>
/// <item>Late records (<c>t + joinAfter + grace &lt; streamTime</c>) are not dropped, as in Kafka Streams 4.x (KAFKA-16123
/// proposed dropping them and was closed unmerged): such a record still joins whatever the other side's window store holds in
/// its window. Only that store's retention (before + after + grace, from the store's own stream time) bounds how late a match
/// can be found; the record's own side keeps it unless its store has already expired its timestamp (the store skips such a
/// put and counts it as an expired window record, as Kafka Streams' window stores do).</item>
/// <item>Outer side without a match: kept in the shared outer store (KIP-633) until its window closes, then joined with null
/// and forwarded with its own timestamp by whichever side's record moves stream time past the close; removed from the store
/// without output when a record of the other side joins it first. A record whose window had already ended
/// (<c>t + joinAfter &lt; streamTime</c>, within its grace or late) is joined with null at once, as Kafka Streams does.</item>
/// </list>
/// </summary>
internal abstract class KStreamKStreamJoin<TKey, TLeft, TRight, TOut, TThis, TOther>(
    string otherStoreName,
    string? outerStoreName,
    JoinWindows windows,
    long joinBeforeMs,
    long joinAfterMs,
    Func<TKey, TThis, TOther?, TOut> joiner,
    Func<TKey, TLeft?, TRight?, TOut> outerJoiner,
    bool outer,
    JoinTimeTrackers trackers)
    : IProcessor<TKey, TThis, TKey, TOut>
{
    private IProcessorContext<TKey, TOut>? _context;
    private IWindowStore<TKey, TOther> _otherWindow = null!;
    private IKeyValueStore<TimestampedKeyAndJoinSide<TKey>, LeftOrRightValue<TLeft, TRight>>? _outerStore;
    private JoinTimeTracker _time = null!;

    public void Init(IProcessorContext<TKey, TOut> context)
    {
        _context = context;
        _otherWindow = context.GetStateStore<IWindowStore<TKey, TOther>>(otherStoreName);
        _outerStore = outerStoreName is null ? null : context.GetStateStore<IKeyValueStore<TimestampedKeyAndJoinSide<TKey>, LeftOrRightValue<TLeft, TRight>>>(outerStoreName);
        _time = trackers.Get(context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public void Process(Record<TKey, TThis> record)
    {
        var context = _context!;
        var timestamp = record.TimestampMs;
        _time.Advance(timestamp);
        var timeTo = Math.Max(0, timestamp + joinAfterMs);
        if (record.Key is null && outer && !record.IsTombstone)
        {
            context.Forward(record.WithValue(joiner(record.Key, record.Value, default)));
            return;
        }

        if (record.Key is null || record.IsTombstone)
        {
            DroppedRecords.Null(context, timestamp, "null key or value");
            return;
        }

        if (_outerStore is not null && timestamp == _time.StreamTime)
        {
            EmitNonJoinedOuterRecords(_outerStore, record);
        }

        var matched = false;
        using (var others = _otherWindow.Fetch(record.Key, Math.Max(0, timestamp - joinBeforeMs), timeTo))
        {
            while (others.MoveNext())
            {
                matched = true;
                var (otherTimestamp, otherValue) = others.Current;
                if (_outerStore is not null)
                {
                    // The other record waited for a partner: it has one now and must never be emitted unjoined.
                    var otherKey = OtherKey(record.Key, otherTimestamp);
                    if (_outerStore.TryGet(otherKey, out _))
                    {
                        _outerStore.Delete(otherKey);
                    }
                }

                context.Forward(new Record<TKey, TOut>(record.Key, joiner(record.Key, record.Value, otherValue), Math.Max(timestamp, otherTimestamp), record.Headers));
            }
        }

        if (!outer || matched)
        {
            return;
        }

        if (_outerStore is null || timeTo < _time.StreamTime)
        {
            context.Forward(record.WithValue(joiner(record.Key, record.Value, default)));
            return;
        }

        var thisKey = ThisKey(record.Key, timestamp);
        _outerStore.Put(thisKey, ThisValue(record.Value));
        _time.EarliestOuterClose = Math.Min(_time.EarliestOuterClose, CloseTime(thisKey));
    }

    public void Close()
    {
        if (_context is not null)
        {
            trackers.Remove(_context);
        }
    }

    protected abstract TimestampedKeyAndJoinSide<TKey> ThisKey(TKey key, long timestampMs);

    protected abstract TimestampedKeyAndJoinSide<TKey> OtherKey(TKey key, long timestampMs);

    protected abstract LeftOrRightValue<TLeft, TRight> ThisValue(TThis value);

    /// <summary>When the window of an outer-store record closes: after its own side's look-ahead plus grace.</summary>
    private long CloseTime(TimestampedKeyAndJoinSide<TKey> key) =>
        key.TimestampMs + (key.IsLeftSide ? windows.AfterMs : windows.BeforeMs) + windows.GraceMs;

    /// <summary>
    /// Joins with null and forwards every outer-store record whose window has closed (<c>close &lt; streamTime</c>), in store
    /// order (timestamp, then right before left, then key), and deletes them. The store is read only when the earliest close
    /// is known to have passed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    private void EmitNonJoinedOuterRecords(IKeyValueStore<TimestampedKeyAndJoinSide<TKey>, LeftOrRightValue<TLeft, TRight>> store, Record<TKey, TThis> trigger)
    {
        if (_time.EarliestOuterClose >= _time.StreamTime)
        {
            return;
        }

        var earliestOpen = long.MaxValue;
        var leftOpen = false;
        var rightOpen = false;
        var emitted = new List<TimestampedKeyAndJoinSide<TKey>>();
        using (var entries = store.All())
        {
            // Ordered by timestamp: once an open record of each side is seen, every later one is open too.
            while (!(leftOpen && rightOpen) && entries.MoveNext())
            {
                var (key, value) = entries.Current;
                var close = CloseTime(key);
                if (close >= _time.StreamTime)
                {
                    leftOpen |= key.IsLeftSide;
                    rightOpen |= !key.IsLeftSide;
                    earliestOpen = Math.Min(earliestOpen, close);
                    continue;
                }

                _context!.Forward(new Record<TKey, TOut>(key.Key, outerJoiner(key.Key, value.LeftValue, value.RightValue), key.TimestampMs, trigger.Headers));
                emitted.Add(key);
            }
        }

        foreach (var key in emitted)
        {
            store.Delete(key);
        }

        _time.EarliestOuterClose = earliestOpen;
    }
}
