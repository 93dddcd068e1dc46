using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Internal;

/// <summary>
/// A session bytes store in one RocksDB key-value store, as Kafka Streams' <c>RocksDBSessionStore</c> (with one
/// database instead of time segments). Keys are Kafka Streams' <c>SessionKeySchema</c> binary keys
/// <c>key || end || start</c> (times 8 bytes big-endian), which are also the changelog keys, so restoration writes
/// changelog records straight into the database. Sessions of one key are contiguous and ordered by end, so the
/// sessions a record merges with are one short range scan.
/// <para>
/// Expiry, as Kafka Streams' session stores: the observed stream time is the largest session end written or restored
/// (on open, the largest end on disk); a session with <c>end &lt; observedStreamTime - retention</c> is expired: reads
/// skip it and writes to it are ignored. Expired sessions are deleted in one batch by a scan of the store whenever
/// stream time has advanced by a purge interval since the last purge, Kafka Streams' session segment interval
/// <c>max(retention / 2, 60 s)</c>; until then they stay on disk, unreadable.
/// </para>
/// </summary>
internal sealed class RocksDbSessionBytesStore : ISessionBytesStore
{
    private const long MinimumPurgeIntervalMs = 60_000;

    private readonly IKeyValueBytesStore _inner;
    private readonly long _purgeIntervalMs;
    private long _observedStreamTime = -1;
    private long _lastPurge = -1;

    public RocksDbSessionBytesStore(IKeyValueBytesStore inner, long retentionPeriodMs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(retentionPeriodMs);
        _inner = inner;
        RetentionPeriodMs = retentionPeriodMs;
        _purgeIntervalMs = Math.Max(retentionPeriodMs / 2, MinimumPurgeIntervalMs);
    }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    public long RetentionPeriodMs { get; }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _inner.Init(new ObservingContext(context, this), root);
        using var existing = _inner.Range(null, null);
        while (existing.MoveNext())
        {
            Observe(existing.Current.Key);
        }

        _lastPurge = _observedStreamTime;
    }

    public void Put(Windowed<byte[]> sessionKey, byte[]? value)
    {
        SessionKeySchema.Validate(sessionKey, nameof(sessionKey));
        var end = sessionKey.Window.EndMs;
        _observedStreamTime = Math.Max(_observedStreamTime, end);
        if (!IsExpired(end))
        {
            _inner.Put(SessionKeySchema.ToBinary(sessionKey), value);
        }

        PurgeIfDue();
    }

    public void Remove(Windowed<byte[]> sessionKey) => Put(sessionKey, null);

    public byte[]? FetchSession(ReadOnlySpan<byte> key, long sessionStartMs, long sessionEndMs)
    {
        if (sessionStartMs < 0 || sessionEndMs < sessionStartMs || IsExpired(sessionEndMs))
        {
            return null;
        }

        Span<byte> binary = key.Length <= 240 ? stackalloc byte[key.Length + SessionKeySchema.SuffixSize] : new byte[key.Length + SessionKeySchema.SuffixSize];
        key.CopyTo(binary);
        SessionKeySchema.WriteSuffix(binary[key.Length..], sessionStartMs, sessionEndMs);
        return _inner.Get(binary);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[] key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        return Scan(
            SessionKeySchema.LowerBound(key, earliest),
            SessionKeySchema.UpperBound(key),
            b => SessionKeySchema.IsSessionOf(b, key) && SessionKeySchema.Overlaps(b, earliest, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[]? keyFrom, byte[]? keyTo, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        if (keyFrom is not null && keyTo is not null && ByteArrayComparer.Instance.Compare(keyFrom, keyTo) > 0)
        {
            return new EnumeratorIterator<Windowed<byte[]>, byte[]>([], Name, () => IsOpen);
        }

        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        return Scan(
            keyFrom,
            keyTo is null ? null : SessionKeySchema.UpperBoundOfRange(keyTo),
            b => SessionKeySchema.KeyInRange(b, keyFrom, keyTo) && SessionKeySchema.Overlaps(b, earliest, latestSessionStartMs));
    }

    /// <summary>
    /// Sessions with end in the range, by end, then binary key. The database is ordered by key, not by end (Kafka Streams
    /// uses a separate time-ordered session store for this read), so this scans every session and sorts the matches.
    /// </summary>
    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        var found = new List<(long End, byte[] Binary, byte[] Value)>();
        if (earliest <= latestSessionEndMs)
        {
            using var all = _inner.Range(null, null);
            while (all.MoveNext())
            {
                var (binary, value) = all.Current;
                if (binary.Length >= SessionKeySchema.SuffixSize && SessionKeySchema.ExtractEnd(binary) is var end && end >= earliest && end <= latestSessionEndMs)
                {
                    found.Add((end, binary, value));
                }
            }
        }

        var ordered = found
            .OrderBy(e => e.End)
            .ThenBy(e => e.Binary, ByteArrayComparer.Instance)
            .Select(e => new KeyValuePair<Windowed<byte[]>, byte[]>(SessionKeySchema.From(e.Binary), e.Value))
            .ToArray();
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(ordered, Name, () => IsOpen);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[] key) => FindSessions(key, 0, long.MaxValue);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo) => FindSessions(keyFrom, keyTo, 0, long.MaxValue);

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    private long EarliestLiveEnd() => _observedStreamTime - RetentionPeriodMs;

    private bool IsExpired(long endMs) => endMs < EarliestLiveEnd();

    /// <summary>A lazy range scan: the RocksDB iterator is created on the first read and released when the result is disposed.</summary>
    private EnumeratorIterator<Windowed<byte[]>, byte[]> Scan(byte[]? from, byte[]? to, Func<byte[], bool> matches) =>
        new(Read(from, to, matches), Name, () => IsOpen);

    private IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> Read(byte[]? from, byte[]? to, Func<byte[], bool> matches)
    {
        using var range = _inner.Range(from, to);
        while (range.MoveNext())
        {
            var (binary, value) = range.Current;
            if (binary.Length >= SessionKeySchema.SuffixSize && matches(binary))
            {
                yield return new(SessionKeySchema.From(binary), value);
            }
        }
    }

    private void PurgeIfDue()
    {
        if (_observedStreamTime - _lastPurge < _purgeIntervalMs)
        {
            return;
        }

        _lastPurge = _observedStreamTime;
        var expired = new List<KeyValuePair<byte[], byte[]?>>();
        using (var all = _inner.Range(null, null))
        {
            while (all.MoveNext())
            {
                var binary = all.Current.Key;
                if (binary.Length >= SessionKeySchema.SuffixSize && IsExpired(SessionKeySchema.ExtractEnd(binary)))
                {
                    expired.Add(new(binary, null));
                }
            }
        }

        if (expired.Count > 0)
        {
            _inner.PutAll(expired);
        }
    }

    private void Observe(byte[] binary)
    {
        if (binary.Length >= SessionKeySchema.SuffixSize)
        {
            _observedStreamTime = Math.Max(_observedStreamTime, SessionKeySchema.ExtractEnd(binary));
        }
    }

    /// <summary>Passes the task's context to the inner store, observing the session end of every restored record.</summary>
    private sealed class ObservingContext(IStateStoreContext inner, RocksDbSessionBytesStore owner) : IStateStoreContext, IStateRestoreCallback
    {
        private IStateRestoreCallback? _callback;

        public string ApplicationId => inner.ApplicationId;

        public Processor.TaskId TaskId => inner.TaskId;

        public string StateDirectory => inner.StateDirectory;

        public void Register(IStateStore store, IStateRestoreCallback restoreCallback)
        {
            _callback = restoreCallback;
            inner.Register(store, this);
        }

        public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
        {
            _callback!.RestoreBatch(records);
            foreach (var record in records)
            {
                owner.Observe(record.Key);
            }
        }
    }
}

/// <summary>Supplies <see cref="RocksDbSessionBytesStore"/>s over a <see cref="RocksDbKeyValueBytesStore"/>, as Kafka Streams' <c>RocksDbSessionBytesStoreSupplier</c>.</summary>
internal sealed class RocksDbSessionBytesStoreSupplier(string name, long retentionPeriodMs, RocksDbOptions options) : ISessionBytesStoreSupplier
{
    public string Name { get; } = name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public ISessionBytesStore Get() => new RocksDbSessionBytesStore(new RocksDbKeyValueBytesStore(Name, options), RetentionPeriodMs);
}
