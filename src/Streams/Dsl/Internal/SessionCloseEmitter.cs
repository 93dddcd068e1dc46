using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The emit-on-window-close half of a session aggregation, as Kafka Streams' <c>KStreamSessionWindowAggregate</c>
/// (<c>maybeForwardFinalResult</c>, <c>fetchAndEmit</c>). A session is closed when its end is before the close time
/// <c>streamTime - grace - inactivityGap</c> (a record that would extend it is dropped as late). Whenever the close
/// time has advanced past the last emission's, the sessions of every key whose end lies in
/// <c>[max(0, lastEmitCloseTime), closeTime - 1]</c> are read by end (<see cref="ISessionStore{TKey, TAggregate}.FindSessionsByEnd(long, long)"/>)
/// and forwarded once each, with the aggregate as new value, no old value, the session end as timestamp and the
/// headers of the record being processed. The last close time is kept in the emit-final metadata store
/// (<see cref="StoreFactories.EmitFinalMetadata"/>), so a restarted task continues where it stopped. Unlike Kafka
/// Streams, the emission is not throttled to once per second of wall-clock time (an internal Kafka setting), as for
/// time windows (<see cref="WindowCloseEmitter{TKey, TAggregate}"/>).
/// </summary>
internal sealed class SessionCloseEmitter<TKey, TAggregate>
{
    private readonly IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context;
    private readonly ISessionStore<TKey, TAggregate> _store;
    private readonly IKeyValueStore<string?, long> _metadata;
    private readonly string _storeName;
    private long _lastEmitCloseTime = WindowCloseEmitter<TKey, TAggregate>.NoTimestamp;

    /// <param name="context">The processor's context.</param>
    /// <param name="store">The aggregation's session store.</param>
    /// <param name="storeName">The session store's name: the key of the last close time in the metadata store.</param>
    public SessionCloseEmitter(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context, ISessionStore<TKey, TAggregate> store, string storeName)
    {
        _context = context;
        _store = store;
        _storeName = storeName;
        _metadata = context.GetStateStore<IKeyValueStore<string?, long>>(StoreFactories.EmitFinalMetadataStoreName(storeName));
        if (_metadata.TryGet(storeName, out var last))
        {
            _lastEmitCloseTime = last;
        }
    }

    /// <summary>Forwards the sessions that closed since the last emission, if the close time advanced and any can have closed.</summary>
    /// <param name="closeTime"><c>streamTime - grace - inactivityGap</c>, ms.</param>
    /// <param name="headers">The headers of the record being processed.</param>
    public void MaybeEmit(long closeTime, Confluent.Kafka.Headers? headers)
    {
        if (_lastEmitCloseTime != WindowCloseEmitter<TKey, TAggregate>.NoTimestamp && _lastEmitCloseTime >= closeTime)
        {
            return; // the close time did not advance
        }

        var upper = closeTime - 1; // session ends are inclusive: closed means end < closeTime
        var lower = Math.Max(0, _lastEmitCloseTime);
        if (upper < lower)
        {
            return; // no session has closed yet (a single-point session [t, t] has lower == upper, which is fetched)
        }

        var closed = new List<KeyValuePair<Windowed<TKey>, TAggregate>>();
        using (var sessions = _store.FindSessionsByEnd(lower, upper))
        {
            while (sessions.MoveNext())
            {
                closed.Add(sessions.Current);
            }
        }

        foreach (var (session, aggregate) in closed)
        {
            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                session, new Change<TAggregate>(aggregate, true, default, false), session.Window.EndMs, headers));
        }

        _lastEmitCloseTime = closeTime;
        _metadata.Put(_storeName, closeTime);
    }
}
