using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// A window bytes store laid over a key-value bytes store (in memory or RocksDB) with
/// <see cref="WindowKeySchema"/> keys. Expiry follows Kafka Streams' window stores: a window whose start
/// is at or before <c>observedStreamTime - retention</c> is expired. An in-memory index of the keys per
/// window start (rebuilt from the store on open and fed by restoration) lets expired windows be deleted
/// by key, in one batch, once stream time has moved half a retention period past the last purge, without
/// scanning the store.
/// </summary>
internal sealed class KeyValueWindowBytesStore : IWindowBytesStore
{
    private readonly IKeyValueBytesStore _inner;
    private long _observedStreamTime = long.MinValue;
    private long _lastPurge = long.MinValue;
    private readonly SortedDictionary<long, HashSet<byte[]>> _keysByStart = [];

    public KeyValueWindowBytesStore(IKeyValueBytesStore inner, long retentionPeriodMs, long windowSizeMs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSizeMs); // 0: sliding windows of time difference 0, [t, t]
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPeriodMs, windowSizeMs);
        _inner = inner;
        RetentionPeriodMs = retentionPeriodMs;
        WindowSizeMs = windowSizeMs;
    }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    public long RetentionPeriodMs { get; }

    public long WindowSizeMs { get; }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _inner.Init(new IndexingContext(context, this), root);
        using var existing = _inner.Range(null, null);
        while (existing.MoveNext())
        {
            Index(existing.Current.Key);
        }
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        if (windowStartMs > _observedStreamTime)
        {
            _observedStreamTime = windowStartMs;
        }

        if (IsExpired(windowStartMs))
        {
            return;
        }

        var storeKey = WindowKeySchema.ToStoreKey(key, windowStartMs);
        _inner.Put(storeKey, value);
        if (value is not null)
        {
            Index(storeKey);
        }

        PurgeIfDue();
    }

    public byte[]? Fetch(ReadOnlySpan<byte> key, long windowStartMs)
    {
        if (IsExpired(windowStartMs))
        {
            return null;
        }

        Span<byte> storeKey = key.Length <= 248 ? stackalloc byte[key.Length + WindowKeySchema.TimestampSize] : new byte[key.Length + WindowKeySchema.TimestampSize];
        key.CopyTo(storeKey);
        WindowKeySchema.WriteTimestamp(storeKey[key.Length..], windowStartMs);
        return _inner.Get(storeKey);
    }

    public IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        var from = Math.Max(timeFromMs, EarliestLive());
        var range = _inner.Range(WindowKeySchema.ToStoreKey(key, from), WindowKeySchema.ToStoreKey(key, timeToMs));
        return new EnumeratorIterator<long, byte[]>(FetchKey(range, key.Length), Name, () => IsOpen);
    }

    /// <summary>In store order (key bytes, then start), reading only the starts in range through the index: emit-on-window-close fetches a time range whenever windows close.</summary>
    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs) =>
        new EnumeratorIterator<Windowed<byte[]>, byte[]>(ScanIndex(Math.Max(timeFromMs, EarliestLive()), timeToMs), Name, () => IsOpen);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All() =>
        new EnumeratorIterator<Windowed<byte[]>, byte[]>(Scan(EarliestLive(), long.MaxValue), Name, () => IsOpen);

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    private long EarliestLive() =>
        _observedStreamTime == long.MinValue ? long.MinValue : _observedStreamTime - RetentionPeriodMs + 1;

    private bool IsExpired(long windowStartMs) => windowStartMs < EarliestLive();

    private static IEnumerable<KeyValuePair<long, byte[]>> FetchKey(IKeyValueIterator<byte[], byte[]> range, int keyLength)
    {
        using (range)
        {
            while (range.MoveNext())
            {
                var (k, v) = range.Current;
                if (k.Length == keyLength + WindowKeySchema.TimestampSize)
                {
                    yield return new(WindowKeySchema.ReadTimestamp(k), v);
                }
            }
        }
    }

    private IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> Scan(long fromMs, long toMs)
    {
        using var all = _inner.Range(null, null);
        while (all.MoveNext())
        {
            var (k, v) = all.Current;
            if (k.Length < WindowKeySchema.TimestampSize)
            {
                continue;
            }

            var start = WindowKeySchema.ReadTimestamp(k);
            if (start >= fromMs && start <= toMs)
            {
                yield return new(new Windowed<byte[]>(WindowKeySchema.ExtractKey(k), WindowKeySchema.WindowFor(start, WindowSizeMs)), v);
            }
        }
    }

    private IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> ScanIndex(long fromMs, long toMs)
    {
        // The store keys of the starts in range, in store order (key bytes, then start) as a full scan would return them;
        // a snapshot, since callers may write to the store while iterating.
        var storeKeys = _keysByStart.SkipWhile(kv => kv.Key < fromMs).TakeWhile(kv => kv.Key <= toMs)
            .SelectMany(kv => kv.Value).Order(ByteArrayComparer.Instance).ToList();
        foreach (var storeKey in storeKeys)
        {
            if (_inner.Get(storeKey) is { } value)
            {
                var start = WindowKeySchema.ReadTimestamp(storeKey);
                yield return new(new Windowed<byte[]>(WindowKeySchema.ExtractKey(storeKey), WindowKeySchema.WindowFor(start, WindowSizeMs)), value);
            }
        }
    }

    private void PurgeIfDue()
    {
        if (_lastPurge != long.MinValue && _observedStreamTime - _lastPurge < RetentionPeriodMs / 2)
        {
            return;
        }

        if (_lastPurge == long.MinValue)
        {
            _lastPurge = _observedStreamTime;
            return;
        }

        _lastPurge = _observedStreamTime;
        var earliest = EarliestLive();
        var expired = new List<KeyValuePair<byte[], byte[]?>>();
        while (_keysByStart.Count > 0)
        {
            var (start, keys) = _keysByStart.First();
            if (start >= earliest)
            {
                break;
            }

            expired.AddRange(keys.Select(k => new KeyValuePair<byte[], byte[]?>(k, null)));
            _keysByStart.Remove(start);
        }

        if (expired.Count > 0)
        {
            _inner.PutAll(expired);
        }
    }

    private void Index(byte[] storeKey)
    {
        if (storeKey.Length < WindowKeySchema.TimestampSize)
        {
            return;
        }

        var start = WindowKeySchema.ReadTimestamp(storeKey);
        if (start > _observedStreamTime)
        {
            _observedStreamTime = start;
        }

        if (!_keysByStart.TryGetValue(start, out var keys))
        {
            keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
            _keysByStart[start] = keys;
        }

        keys.Add(storeKey);
    }

    /// <summary>Passes the task's context to the inner store, indexing every restored key on the way.</summary>
    private sealed class IndexingContext(IStateStoreContext inner, KeyValueWindowBytesStore owner) : IStateStoreContext, IStateRestoreCallback
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
            foreach (var r in records)
            {
                if (r.Value is not null)
                {
                    owner.Index(r.Key);
                }
            }
        }
    }
}
