using Streams.Dsl;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// Receives a session update that a record cache flushed: the session, and the new and the old aggregate with
/// whether each is present (absent new value = the session was removed; absent old value = it is new).
/// </summary>
internal delegate void SessionFlushListener<TKey, TAggregate>(Windowed<TKey> session, bool hasNewValue, TAggregate? newValue, bool hasOldValue, TAggregate? oldValue);

/// <summary>
/// The typed outer layer of a session store: serdes (with the changelog topic as serde topic) and operation
/// durations (<see cref="StoreOperationMetrics"/>: put, remove, fetch for every read, flush), as Kafka Streams'
/// <c>MeteredSessionStore</c>.
/// </summary>
internal sealed class MeteredSessionStore<TKey, TAggregate>(ISessionBytesStore inner, ISerde<TKey> keySerde, ISerde<TAggregate> valueSerde)
    : ISessionStore<TKey, TAggregate>
{
    private readonly StateSerdes<TKey, TAggregate> _serdes = new(inner.Name, keySerde, valueSerde);
    private readonly StoreOperationMetrics _metrics = new(inner.Name);

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    internal ISessionBytesStore Inner => inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        _metrics.Init(context.TaskId);
        inner.Init(context, root);
    }

    public void Put(Windowed<TKey> sessionKey, TAggregate? aggregate)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        inner.Put(Raw(sessionKey), _serdes.RawValue(aggregate));
    }

    public void Remove(Windowed<TKey> sessionKey)
    {
        using var _ = _metrics.Measure(StoreOperation.Remove);
        inner.Remove(Raw(sessionKey));
    }

    public TAggregate? FetchSession(TKey key, long sessionStartMs, long sessionEndMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Fetch);
        var bytes = inner.FetchSession(_serdes.RawKey(key), sessionStartMs, sessionEndMs);
        return bytes is null ? default : _serdes.ValueFrom(bytes);
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        return Typed(_metrics.Measure(StoreOperation.Fetch), inner.FindSessions(_serdes.RawKey(key), earliestSessionEndMs, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey? keyFrom, TKey? keyTo, long earliestSessionEndMs, long latestSessionStartMs) =>
        Typed(_metrics.Measure(StoreOperation.Fetch), inner.FindSessions(RawOrNull(keyFrom), RawOrNull(keyTo), earliestSessionEndMs, latestSessionStartMs));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs) =>
        Typed(_metrics.Measure(StoreOperation.Fetch), inner.FindSessionsByEnd(earliestSessionEndMs, latestSessionEndMs));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey key) => Typed(_metrics.Measure(StoreOperation.Fetch), inner.Fetch(_serdes.RawKey(key)));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey? keyFrom, TKey? keyTo) => Typed(_metrics.Measure(StoreOperation.Fetch), inner.Fetch(RawOrNull(keyFrom), RawOrNull(keyTo)));

    /// <summary>
    /// When a record cache sits below, routes what it flushes to <paramref name="listener"/> and returns true;
    /// the caller then forwards on flush only, as Kafka Streams' <c>SessionCacheFlushListener</c>.
    /// </summary>
    internal bool SetFlushListener(SessionFlushListener<TKey, TAggregate> listener)
    {
        if (inner is not ICachingBytesStore caching)
        {
            return false;
        }

        caching.SetFlushListener((binary, n, o) =>
        {
            var session = new Windowed<TKey>(
                _serdes.KeyFrom(SessionKeySchema.ExtractKey(binary)),
                new Window(SessionKeySchema.ExtractStart(binary), SessionKeySchema.ExtractEnd(binary)));
            listener(session, n is not null, n is null ? default : _serdes.ValueFrom(n), o is not null, o is null ? default : _serdes.ValueFrom(o));
        });
        return true;
    }

    public void Flush()
    {
        using var _ = _metrics.Measure(StoreOperation.Flush);
        inner.Flush();
    }

    public void Close() => inner.Close();

    private Windowed<byte[]> Raw(Windowed<TKey> sessionKey) => new(_serdes.RawKey(sessionKey.Key), sessionKey.Window);

    private byte[]? RawOrNull(TKey? key) => key is null ? null : _serdes.RawKey(key);

    private EnumeratorIterator<Windowed<TKey>, TAggregate> Typed(StoreOperationTimer timer, IKeyValueIterator<Windowed<byte[]>, byte[]> raw) => new(Read(raw), Name, () => IsOpen, timer);

    private IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Read(IKeyValueIterator<Windowed<byte[]>, byte[]> raw)
    {
        using (raw)
        {
            while (raw.MoveNext())
            {
                var (session, value) = raw.Current;
                yield return new(new Windowed<TKey>(_serdes.KeyFrom(session.Key), session.Window), _serdes.ValueFrom(value));
            }
        }
    }
}
