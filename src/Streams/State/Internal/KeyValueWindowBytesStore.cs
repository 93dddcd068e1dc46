using System.Globalization;
using Streams.Dsl;
using Streams.Processor.Internal;

namespace Streams.State.Internal;

/// <summary>
/// A window bytes store laid over a key-value bytes store (in memory or RocksDB) with
/// <see cref="WindowKeySchema"/> keys. Expiry follows Kafka Streams' window stores: a window whose start
/// is at or before <c>observedStreamTime - retention</c> is expired, and a put into it is skipped and counted as an
/// expired window record (<see cref="DroppedRecords.ExpiredWrite"/>), as Kafka Streams' <c>InMemoryWindowStore</c>
/// and its <c>expired-window-record-drop</c> sensor. An in-memory index of the keys per
/// window start (rebuilt from the store on open and fed by restoration) lets expired windows be deleted
/// by key, in one batch, once stream time has moved half a retention period past the last purge, without
/// scanning the store.
/// <para>
/// With <c>retainDuplicates</c> (the window stores of stream-stream joins, as Kafka Streams' window stores with
/// <c>retainDuplicates=true</c>) every put is kept under its own key suffixed with a sequence number
/// (<see cref="WindowKeySchema"/>), puts of null are ignored (nothing is ever overwritten), the window size may be
/// 0, and a record is kept while its timestamp is at or after <c>observedStreamTime - retention</c> (one millisecond
/// longer than windows of aggregations: a join window must still find the record at exactly the retention edge, and a
/// join of time difference 0 with no grace, whose retention is 0, must still find records at stream time; Kafka Streams
/// expires the edge too and so never joins in that case).
/// </para>
/// </summary>
internal sealed class KeyValueWindowBytesStore : IWindowBytesStore
{
    private readonly IKeyValueBytesStore _inner;
    private readonly int _suffixSize;
    private readonly long _liveOffset;
    private IStateStoreContext? _context;
    private int _sequenceNumber;
    private long _observedStreamTime = long.MinValue;
    private long _lastPurge = long.MinValue;
    private readonly SortedDictionary<long, HashSet<byte[]>> _keysByStart = [];

    public KeyValueWindowBytesStore(IKeyValueBytesStore inner, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSizeMs); // 0: sliding windows of time difference 0, [t, t]
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPeriodMs, windowSizeMs);
        _inner = inner;
        RetentionPeriodMs = retentionPeriodMs;
        WindowSizeMs = windowSizeMs;
        RetainDuplicates = retainDuplicates;
        _suffixSize = WindowKeySchema.SuffixSize(retainDuplicates);
        _liveOffset = retainDuplicates ? 0 : 1;
    }

    /// <summary>Whether every put is kept under its own sequence number (join windows).</summary>
    public bool RetainDuplicates { get; }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    public long RetentionPeriodMs { get; }

    public long WindowSizeMs { get; }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _inner.Init(new IndexingContext(context, this), root);
        using var existing = _inner.Range(null, null);
        while (existing.MoveNext())
        {
            Index(existing.Current.Key);
        }
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        if (RetainDuplicates && value is null)
        {
            return;
        }

        // Incremented for every non-null put, expired or not, in step with ChangeLoggingWindowBytesStore's own counter.
        _sequenceNumber = RetainDuplicates ? WindowKeySchema.NextSequenceNumber(_sequenceNumber) : 0;
        if (windowStartMs > _observedStreamTime)
        {
            _observedStreamTime = windowStartMs;
        }

        if (IsExpired(windowStartMs))
        {
            if (_context is not null)
            {
                DroppedRecords.ExpiredWrite(
                    _context, Name, windowStartMs,
                    string.Create(CultureInfo.InvariantCulture, $"window start {windowStartMs} is before the oldest live start {EarliestLive()} (stream time {_observedStreamTime} minus retention {RetentionPeriodMs})"));
            }

            return;
        }

        var storeKey = RetainDuplicates ? WindowKeySchema.ToStoreKey(key, windowStartMs, _sequenceNumber) : WindowKeySchema.ToStoreKey(key, windowStartMs);
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

        if (RetainDuplicates)
        {
            // The first of the duplicates.
            using var duplicates = Fetch(key.ToArray(), windowStartMs, windowStartMs);
            return duplicates.MoveNext() ? duplicates.Current.Value : null;
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
        if (from > timeToMs)
        {
            return new EnumeratorIterator<long, byte[]>([], Name, () => IsOpen);
        }

        var range = RetainDuplicates
            ? _inner.Range(WindowKeySchema.ToStoreKey(key, from, 0), WindowKeySchema.ToStoreKey(key, timeToMs, -1))
            : _inner.Range(WindowKeySchema.ToStoreKey(key, from), WindowKeySchema.ToStoreKey(key, timeToMs));
        return new EnumeratorIterator<long, byte[]>(FetchKey(range, key.Length, _suffixSize), Name, () => IsOpen);
    }

    /// <summary>In store order (key bytes, then start), reading only the starts in range through the index: emit-on-window-close fetches a time range whenever windows close.</summary>
    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs) =>
        new EnumeratorIterator<Windowed<byte[]>, byte[]>(ScanIndex(Math.Max(timeFromMs, EarliestLive()), timeToMs), Name, () => IsOpen);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All() =>
        new EnumeratorIterator<Windowed<byte[]>, byte[]>(Scan(EarliestLive(), long.MaxValue), Name, () => IsOpen);

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    private long EarliestLive() =>
        _observedStreamTime == long.MinValue ? long.MinValue : _observedStreamTime - RetentionPeriodMs + _liveOffset;

    private bool IsExpired(long windowStartMs) => windowStartMs < EarliestLive();

    private static IEnumerable<KeyValuePair<long, byte[]>> FetchKey(IKeyValueIterator<byte[], byte[]> range, int keyLength, int suffixSize)
    {
        using (range)
        {
            while (range.MoveNext())
            {
                var (k, v) = range.Current;
                if (k.Length == keyLength + suffixSize)
                {
                    yield return new(WindowKeySchema.ReadTimestamp(k, suffixSize), v);
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
            if (k.Length < _suffixSize)
            {
                continue;
            }

            var start = WindowKeySchema.ReadTimestamp(k, _suffixSize);
            if (start >= fromMs && start <= toMs)
            {
                yield return new(new Windowed<byte[]>(WindowKeySchema.ExtractKey(k, _suffixSize), WindowKeySchema.WindowFor(start, WindowSizeMs)), v);
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
                var start = WindowKeySchema.ReadTimestamp(storeKey, _suffixSize);
                yield return new(new Windowed<byte[]>(WindowKeySchema.ExtractKey(storeKey, _suffixSize), WindowKeySchema.WindowFor(start, WindowSizeMs)), value);
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
        if (storeKey.Length < _suffixSize)
        {
            return;
        }

        var start = WindowKeySchema.ReadTimestamp(storeKey, _suffixSize);
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
    private sealed class IndexingContext(IStateStoreContext inner, KeyValueWindowBytesStore owner) : IStateStoreContext, IBulkRestoreCallback
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

        public void BeginRestore() => (_callback as IBulkRestoreCallback)?.BeginRestore();

        public void EndRestore() => (_callback as IBulkRestoreCallback)?.EndRestore();
    }
}
