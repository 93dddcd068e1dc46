using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// A session bytes store in memory, as Kafka Streams' <c>InMemorySessionStore</c>: sessions are kept under their
/// <see cref="SessionKeySchema"/> binary key (<c>key || end || start</c>) in a sorted set, with a second index by
/// session end for expiry. Expired sessions (<c>end &lt; observedStreamTime - retention</c>) are deleted eagerly on
/// every write. Not persistent: restored from its changelog, whose keys are the same binary keys. Iterators read a
/// snapshot taken when they are created.
/// </summary>
internal sealed class InMemorySessionBytesStore : ISessionBytesStore, IStateRestoreCallback
{
    private readonly Dictionary<byte[], byte[]> _values = new(ByteArrayComparer.Instance);
    private readonly SortedSet<byte[]> _keys = new(ByteArrayComparer.Instance);
    private readonly SortedSet<(long End, byte[] Binary)> _byEnd = new(EndOrder.Instance);
    private long _observedStreamTime = -1;

    public InMemorySessionBytesStore(string name, long retentionPeriodMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(retentionPeriodMs);
        Name = name;
        RetentionPeriodMs = retentionPeriodMs;
    }

    public string Name { get; }

    public bool Persistent => false;

    public bool IsOpen { get; private set; }

    public long RetentionPeriodMs { get; }

    /// <summary>The number of sessions held, expired ones not yet deleted included (for tests).</summary>
    internal int Count => _values.Count;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        IsOpen = true;
        context.Register(root, this);
    }

    public void Put(Windowed<byte[]> sessionKey, byte[]? value)
    {
        EnsureOpen();
        SessionKeySchema.Validate(sessionKey, nameof(sessionKey));
        var end = sessionKey.Window.EndMs;
        _observedStreamTime = Math.Max(_observedStreamTime, end);
        PurgeExpired();
        if (IsExpired(end))
        {
            return;
        }

        var binary = SessionKeySchema.ToBinary(sessionKey);
        if (value is null)
        {
            if (_values.Remove(binary))
            {
                _keys.Remove(binary);
                _byEnd.Remove((end, binary));
            }

            return;
        }

        if (_values.TryAdd(binary, value))
        {
            _keys.Add(binary);
            _byEnd.Add((end, binary));
        }
        else
        {
            _values[binary] = value;
        }
    }

    public void Remove(Windowed<byte[]> sessionKey) => Put(sessionKey, null);

    public byte[]? FetchSession(ReadOnlySpan<byte> key, long sessionStartMs, long sessionEndMs)
    {
        EnsureOpen();
        if (sessionStartMs < 0 || sessionEndMs < sessionStartMs || IsExpired(sessionEndMs))
        {
            return null;
        }

        return _values.TryGetValue(SessionKeySchema.ToBinary(key, sessionStartMs, sessionEndMs), out var value) ? value : null;
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[] key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureOpen();
        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        var found = View(SessionKeySchema.LowerBound(key, earliest), SessionKeySchema.UpperBound(key))
            .Where(b => SessionKeySchema.IsSessionOf(b, key) && SessionKeySchema.Overlaps(b, earliest, latestSessionStartMs));
        return Snapshot(found);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[]? keyFrom, byte[]? keyTo, long earliestSessionEndMs, long latestSessionStartMs)
    {
        EnsureOpen();
        if (keyFrom is not null && keyTo is not null && ByteArrayComparer.Instance.Compare(keyFrom, keyTo) > 0)
        {
            return Snapshot([]);
        }

        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        var found = View(keyFrom, keyTo is null ? null : SessionKeySchema.UpperBoundOfRange(keyTo))
            .Where(b => SessionKeySchema.KeyInRange(b, keyFrom, keyTo) && SessionKeySchema.Overlaps(b, earliest, latestSessionStartMs));
        return Snapshot(found);
    }

    /// <summary>Reads the index by end: sessions with end in the range, by end, then binary key.</summary>
    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs)
    {
        EnsureOpen();
        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        if (_byEnd.Count == 0 || earliest > latestSessionEndMs)
        {
            return Snapshot([]);
        }

        // An empty binary sorts before every session's (never empty), so (end + 1, []) bounds the ends up to latestSessionEndMs.
        var latest = Math.Min(latestSessionEndMs, _byEnd.Max.End);
        var found = _byEnd.GetViewBetween((earliest, []), (latest + 1, [])).Select(e => e.Binary);
        return Snapshot(found);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[] key) => FindSessions(key, 0, long.MaxValue);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo) => FindSessions(keyFrom, keyTo, 0, long.MaxValue);

    /// <summary>Applies changelog records (binary session keys; null values remove), as writes.</summary>
    public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var (key, value) in records)
        {
            Put(SessionKeySchema.From(key), value);
        }
    }

    public void Flush()
    {
    }

    public void Close()
    {
        IsOpen = false;
        _values.Clear();
        _keys.Clear();
        _byEnd.Clear();
    }

    /// <summary>Sessions ending before this are expired: <c>observedStreamTime - retention</c>.</summary>
    private long EarliestLiveEnd() => _observedStreamTime - RetentionPeriodMs;

    private bool IsExpired(long endMs) => endMs < EarliestLiveEnd();

    private void PurgeExpired()
    {
        while (_byEnd.Count > 0 && IsExpired(_byEnd.Min.End))
        {
            var oldest = _byEnd.Min;
            _byEnd.Remove(oldest);
            _keys.Remove(oldest.Binary);
            _values.Remove(oldest.Binary);
        }
    }

    private IEnumerable<byte[]> View(byte[]? lower, byte[]? upper)
    {
        if (_keys.Count == 0)
        {
            return [];
        }

        var from = lower ?? _keys.Min!;
        var to = upper ?? _keys.Max!;
        return ByteArrayComparer.Instance.Compare(from, to) > 0 ? [] : _keys.GetViewBetween(from, to);
    }

    private EnumeratorIterator<Windowed<byte[]>, byte[]> Snapshot(IEnumerable<byte[]> binaries)
    {
        var snapshot = binaries.Select(b => new KeyValuePair<Windowed<byte[]>, byte[]>(SessionKeySchema.From(b), _values[b])).ToArray();
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(snapshot, Name, () => IsOpen);
    }

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(!IsOpen, this);

    /// <summary>Orders sessions by end, then binary key.</summary>
    private sealed class EndOrder : IComparer<(long End, byte[] Binary)>
    {
        public static readonly EndOrder Instance = new();

        public int Compare((long End, byte[] Binary) x, (long End, byte[] Binary) y)
        {
            var byEnd = x.End.CompareTo(y.End);
            return byEnd != 0 ? byEnd : ByteArrayComparer.Instance.Compare(x.Binary, y.Binary);
        }
    }
}

internal sealed class InMemorySessionBytesStoreSupplier(string name, long retentionPeriodMs) : ISessionBytesStoreSupplier
{
    public string Name { get; } = name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public ISessionBytesStore Get() => new InMemorySessionBytesStore(Name, RetentionPeriodMs);
}
