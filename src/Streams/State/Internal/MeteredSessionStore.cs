using Streams.Dsl;
using Streams.Internal;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// Receives a session update that a record cache flushed: the session, and the new and the old aggregate with
/// whether each is present (absent new value = the session was removed; absent old value = it is new).
/// </summary>
internal delegate void SessionFlushListener<TKey, TAggregate>(Windowed<TKey> session, bool hasNewValue, TAggregate? newValue, bool hasOldValue, TAggregate? oldValue);

/// <summary>
/// The typed outer layer of a session store: serdes (with the changelog topic as serde topic) and operation
/// counters, as Kafka Streams' <c>MeteredSessionStore</c>.
/// </summary>
internal sealed class MeteredSessionStore<TKey, TAggregate>(ISessionBytesStore inner, ISerde<TKey> keySerde, ISerde<TAggregate> valueSerde)
    : ISessionStore<TKey, TAggregate>
{
    private readonly StateSerdes<TKey, TAggregate> _serdes = new(inner.Name, keySerde, valueSerde);
    private readonly KeyValuePair<string, object?> _tag = new("store", inner.Name);

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    internal ISessionBytesStore Inner => inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        inner.Init(context, root);
    }

    public void Put(Windowed<TKey> sessionKey, TAggregate? aggregate)
    {
        StreamsMetrics.StorePuts.Add(1, _tag);
        inner.Put(Raw(sessionKey), _serdes.RawValue(aggregate));
    }

    public void Remove(Windowed<TKey> sessionKey)
    {
        StreamsMetrics.StorePuts.Add(1, _tag);
        inner.Remove(Raw(sessionKey));
    }

    public TAggregate? FetchSession(TKey key, long sessionStartMs, long sessionEndMs)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        var bytes = inner.FetchSession(_serdes.RawKey(key), sessionStartMs, sessionEndMs);
        return bytes is null ? default : _serdes.ValueFrom(bytes);
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        return Typed(inner.FindSessions(_serdes.RawKey(key), earliestSessionEndMs, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey? keyFrom, TKey? keyTo, long earliestSessionEndMs, long latestSessionStartMs) =>
        Typed(inner.FindSessions(RawOrNull(keyFrom), RawOrNull(keyTo), earliestSessionEndMs, latestSessionStartMs));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs) =>
        Typed(inner.FindSessionsByEnd(earliestSessionEndMs, latestSessionEndMs));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey key) => Typed(inner.Fetch(_serdes.RawKey(key)));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey? keyFrom, TKey? keyTo) => Typed(inner.Fetch(RawOrNull(keyFrom), RawOrNull(keyTo)));

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

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private Windowed<byte[]> Raw(Windowed<TKey> sessionKey) => new(_serdes.RawKey(sessionKey.Key), sessionKey.Window);

    private byte[]? RawOrNull(TKey? key) => key is null ? null : _serdes.RawKey(key);

    private EnumeratorIterator<Windowed<TKey>, TAggregate> Typed(IKeyValueIterator<Windowed<byte[]>, byte[]> raw) => new(Read(raw), Name, () => IsOpen);

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
