using System.Runtime.CompilerServices;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Aggregates a grouped stream per key and session, as Kafka Streams' <c>KStreamSessionWindowAggregate</c>. For a
/// record at t it finds the key's sessions that end at or after <c>t - gap</c> and start at or before <c>t + gap</c>,
/// folds their aggregates with the merger and widens <c>[t, t]</c> to cover them. If the merged session ends before
/// <c>streamTime - grace - gap</c> the record is dropped as late (nothing changes). Otherwise, unless the merged
/// session is exactly <c>[t, t]</c>, every found session is removed from the store and a tombstone (old aggregate, no
/// new one) is forwarded for it; then the record is added and the merged session is stored and forwarded (new
/// aggregate, no old one). Every forward carries its session's end as timestamp. With a record cache below, the
/// cache forwards what it flushes instead. Null keys or values are dropped.
/// <para>
/// With <see cref="EmitStrategyType.OnWindowClose"/> nothing is forwarded on update (no tombstones either) and, after
/// each record with a key, every session that closed since the last emission is forwarded once (see
/// <see cref="SessionCloseEmitter{TKey, TAggregate}"/>); sessions merged away before they closed are never forwarded.
/// </para>
/// </summary>
internal sealed class KStreamSessionWindowAggregate<TKey, TValue, TAggregate>(
    string storeName, SessionWindows windows, Aggregation<TKey, TValue, TAggregate> aggregation, SessionMerger<TKey, TAggregate> merger, EmitStrategy emitStrategy)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private ISessionStore<TKey, TAggregate> _store = null!;
    private SessionCloseEmitter<TKey, TAggregate>? _emitter;
    private long _observedStreamTime = -1;
    private bool _forwardOnFlush;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ISessionStore<TKey, TAggregate>>(storeName);
        if (emitStrategy.Type == EmitStrategyType.OnWindowClose)
        {
            _emitter = new SessionCloseEmitter<TKey, TAggregate>(context, _store, storeName);
            return; // no record cache below (StoreFactories.Session) and nothing forwarded on update
        }

        // With a record cache, updates are forwarded when the cache flushes them, stamped with the session end, as Kafka Streams.
        _forwardOnFlush = _store is MeteredSessionStore<TKey, TAggregate> metered
            && metered.SetFlushListener((session, hasNew, newValue, hasOld, oldValue) => context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                session, new Change<TAggregate>(newValue, hasNew, oldValue, hasOld), session.Window.EndMs)));
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
        var closeTime = _observedStreamTime - windows.GraceMs - windows.InactivityGapMs;

        var merged = new List<KeyValuePair<Windowed<TKey>, TAggregate>>();
        var (start, end) = (timestamp, timestamp);
        var hasAggregate = false;
        TAggregate? aggregate = default;
        using (var overlapping = _store.FindSessions(record.Key, timestamp - windows.InactivityGapMs, timestamp + windows.InactivityGapMs))
        {
            while (overlapping.MoveNext())
            {
                var session = overlapping.Current;
                merged.Add(session);
                aggregate = merger(record.Key, hasAggregate, aggregate, session.Value);
                hasAggregate = true;
                start = Math.Min(start, session.Key.Window.StartMs);
                end = Math.Max(end, session.Key.Window.EndMs);
            }
        }

        if (end < closeTime)
        {
            DroppedRecords.Late(
                _context,
                timestamp,
                $"session [{start},{end}] closed: stream time {_observedStreamTime} minus grace {windows.GraceMs} ms minus gap {windows.InactivityGapMs} ms");
            _emitter?.MaybeEmit(closeTime, record.Headers);
            return;
        }

        if (start != timestamp || end != timestamp)
        {
            foreach (var (session, sessionAggregate) in merged)
            {
                _store.Remove(session);
                Forward(session, new Change<TAggregate>(default, false, sessionAggregate, true), record);
            }
        }

        // Kafka Streams emits after the put; the merged session ends at or after closeTime, so it is not in the emitted
        // range either way, and emitting before the put means no closed session is expired from the store (by this put's
        // advance of the store's stream time) before it was emitted. Merged-away sessions were removed just above.
        _emitter?.MaybeEmit(closeTime, record.Headers);

        var newAggregate = aggregation(record.Key, record.Value, hasAggregate, aggregate);
        var mergedSession = new Windowed<TKey>(record.Key, new Window(start, end));
        _store.Put(mergedSession, newAggregate);
        Forward(mergedSession, new Change<TAggregate>(newAggregate, true, default, false), record);
    }

    private void Forward(Windowed<TKey> session, Change<TAggregate> change, Record<TKey, TValue> record)
    {
        if (!_forwardOnFlush && _emitter is null)
        {
            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(session, change, session.Window.EndMs, record.Headers));
        }
    }
}
