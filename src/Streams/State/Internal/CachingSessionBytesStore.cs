using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// A record cache in front of a session bytes store, as Kafka Streams' <c>CachingSessionStore</c>: writes and
/// removals stay in the cache under the <see cref="SessionKeySchema"/> binary key (a later write of the same
/// session replaces an earlier one, so a session removed and written again while a record merges sessions is one
/// update) until the store is flushed at commit or the entry is evicted for space. Then the entry is written to the
/// inner store (and so to the changelog) and handed to the flush listener with the inner store's previous value; a
/// removal of a session the inner store never held is dropped without a write or a forward, as Kafka Streams does.
/// Reads merge the cache over the inner store.
/// </summary>
internal sealed class CachingSessionBytesStore(ISessionBytesStore inner, RecordCache budget) : ISessionBytesStore, ICachingBytesStore
{
    private readonly NamedCache _cache = new(budget);
    private readonly SortedSet<byte[]> _cachedKeys = new(ByteArrayComparer.Instance); // the cache's keys in order, for range reads
    private CacheFlushListener? _listener;
    private long _observedStreamTime = -1;
    private long _oldestCachedEnd = long.MaxValue; // at most the smallest session end in the cache: nothing expired while this has not
    private Action<NamedCache.Entry>? _write;
    private Func<long, bool>? _isExpired;
    private Action<NamedCache.Entry>? _evict;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long RetentionPeriodMs => inner.RetentionPeriodMs;

    public void SetFlushListener(CacheFlushListener listener) => _listener = listener;

    public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

    public void Put(Windowed<byte[]> sessionKey, byte[]? value)
    {
        SessionKeySchema.Validate(sessionKey, nameof(sessionKey));
        _observedStreamTime = Math.Max(_observedStreamTime, sessionKey.Window.EndMs);
        if (IsExpired(sessionKey.Window.EndMs))
        {
            return;
        }

        var binary = SessionKeySchema.ToBinary(sessionKey);
        _cache.PutDirty(binary, value);
        _oldestCachedEnd = Math.Min(_oldestCachedEnd, sessionKey.Window.EndMs);
        _cachedKeys.Add(binary);
        while (_cache.Budget.OverBudget && _cache.LeastRecentlyUsed is { } oldest)
        {
            if (oldest.Dirty)
            {
                Write(oldest);
            }

            Evict(oldest);
            _cache.Budget.Evicted();
        }
    }

    public void Remove(Windowed<byte[]> sessionKey) => Put(sessionKey, null);

    public byte[]? FetchSession(ReadOnlySpan<byte> key, long sessionStartMs, long sessionEndMs)
    {
        if (sessionStartMs < 0 || sessionEndMs < sessionStartMs || IsExpired(sessionEndMs))
        {
            return null;
        }

        return _cache.TryGet(SessionKeySchema.ToBinary(key, sessionStartMs, sessionEndMs), out var entry)
            ? entry.Value
            : inner.FetchSession(key, sessionStartMs, sessionEndMs);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[] key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Merge(
            inner.FindSessions(key, earliestSessionEndMs, latestSessionStartMs),
            SessionKeySchema.LowerBound(key, earliestSessionEndMs),
            SessionKeySchema.UpperBound(key),
            b => SessionKeySchema.IsSessionOf(b, key) && SessionKeySchema.Overlaps(b, earliestSessionEndMs, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[]? keyFrom, byte[]? keyTo, long earliestSessionEndMs, long latestSessionStartMs)
    {
        if (keyFrom is not null && keyTo is not null && ByteArrayComparer.Instance.Compare(keyFrom, keyTo) > 0)
        {
            return new EnumeratorIterator<Windowed<byte[]>, byte[]>([], Name, () => IsOpen);
        }

        return Merge(
            inner.FindSessions(keyFrom, keyTo, earliestSessionEndMs, latestSessionStartMs),
            keyFrom,
            keyTo is null ? null : SessionKeySchema.UpperBoundOfRange(keyTo),
            b => SessionKeySchema.KeyInRange(b, keyFrom, keyTo) && SessionKeySchema.Overlaps(b, earliestSessionEndMs, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[] key) => FindSessions(key, 0, long.MaxValue);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo) => FindSessions(keyFrom, keyTo, 0, long.MaxValue);

    public void Flush()
    {
        _cache.FlushDirty(_write ??= Write);

        // Clean entries of expired sessions only take budget. The scan runs only when the oldest session end cached might
        // have expired, and notes the oldest end that stays.
        if (IsExpired(_oldestCachedEnd))
        {
            _oldestCachedEnd = _cache.EvictExpiredClean(static key => SessionKeySchema.ExtractEnd(key), _isExpired ??= IsExpired, _evict ??= Evict);
        }

        inner.Flush();
    }

    /// <summary>Drops unflushed entries without forwarding them (their input is not committed, so it is processed again).</summary>
    public void Close()
    {
        _cache.Clear();
        _cachedKeys.Clear();
        inner.Close();
    }

    /// <summary>The inner session store's rule: expired once the end is before the observed stream time minus the retention.</summary>
    private bool IsExpired(long endMs) => endMs < _observedStreamTime - RetentionPeriodMs;

    private void Write(NamedCache.Entry entry)
    {
        entry.Dirty = false;
        var session = SessionKeySchema.From(entry.Key);
        var old = entry.Value is null || _listener is not null ? inner.FetchSession(session.Key, session.Window.StartMs, session.Window.EndMs) : null;
        if (entry.Value is null && old is null)
        {
            return; // removing a session the inner store never held: nothing to log or forward
        }

        inner.Put(session, entry.Value);
        _listener?.Invoke(entry.Key, entry.Value, old);
    }

    private void Evict(NamedCache.Entry entry)
    {
        _cache.Remove(entry);
        _cachedKeys.Remove(entry.Key);
    }

    private EnumeratorIterator<Windowed<byte[]>, byte[]> Merge(
        IKeyValueIterator<Windowed<byte[]>, byte[]> stored, byte[]? lower, byte[]? upper, Func<byte[], bool> cachedMatches)
    {
        var merged = new SortedDictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
        using (stored)
        {
            while (stored.MoveNext())
            {
                merged[SessionKeySchema.ToBinary(stored.Current.Key)] = stored.Current.Value;
            }
        }

        foreach (var key in CachedKeysBetween(lower, upper))
        {
            if (cachedMatches(key) && !IsExpired(SessionKeySchema.ExtractEnd(key)) && _cache.TryGet(key, out var entry))
            {
                merged[key] = entry.Value;
            }
        }

        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(
            merged.Where(kv => kv.Value is not null).Select(kv => new KeyValuePair<Windowed<byte[]>, byte[]>(SessionKeySchema.From(kv.Key), kv.Value!)).ToList(),
            Name,
            () => IsOpen);
    }

    private byte[][] CachedKeysBetween(byte[]? lower, byte[]? upper)
    {
        if (_cachedKeys.Count == 0)
        {
            return [];
        }

        var from = lower ?? _cachedKeys.Min!;
        var to = upper ?? _cachedKeys.Max!;
        return ByteArrayComparer.Instance.Compare(from, to) > 0 ? [] : _cachedKeys.GetViewBetween(from, to).ToArray();
    }
}
