using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// A record cache in front of a window bytes store, as Kafka Streams' <c>CachingWindowStore</c>: writes stay
/// in the cache (later writes to the same key and window replace earlier ones) until the store is flushed at
/// commit or the entry is evicted for space; then the entry is written to the inner store (and so to the
/// changelog) and handed to the flush listener, which forwards it downstream. Reads see the cache first.
/// </summary>
internal sealed class CachingWindowBytesStore(IWindowBytesStore inner, RecordCache budget) : IWindowBytesStore, ICachingBytesStore
{
    private readonly NamedCache _cache = new(budget, sorted: true);
    private Action<NamedCache.Entry>? _write;
    private Func<long, bool>? _isExpired;
    private Action<NamedCache.Entry>? _evict;
    private long _oldestCachedStart = long.MaxValue; // at most the smallest window start in the cache: no entry expired while this has not
    private CacheFlushListener? _listener;
    private long _observedStreamTime = long.MinValue;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long RetentionPeriodMs => inner.RetentionPeriodMs;

    public long WindowSizeMs => inner.WindowSizeMs;

    public void SetFlushListener(CacheFlushListener listener) => _listener = listener;

    /// <summary>
    /// Whether the flush listener gets each flushed window's old value, as Kafka Streams' <c>CachingWindowStore</c> with
    /// <c>sendOldValues</c> (default true here): when false, the old value is not looked up in the inner store and the
    /// listener receives none (Kafka looks it up for a flushed delete only to skip forwarding a delete of nothing; this
    /// store forwards such a delete either way, as it did with old values).
    /// </summary>
    public bool SendOldValues { get; set; } = true;

    public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        _observedStreamTime = Math.Max(_observedStreamTime, windowStartMs);
        if (IsExpired(windowStartMs))
        {
            return;
        }

        // The store key (key bytes and start) is built on the stack; the cache copies it only for a window it does not hold yet.
        Span<byte> storeKey = key.Length <= 248 ? stackalloc byte[key.Length + WindowKeySchema.TimestampSize] : new byte[key.Length + WindowKeySchema.TimestampSize];
        key.CopyTo(storeKey);
        WindowKeySchema.WriteTimestamp(storeKey[key.Length..], windowStartMs);
        _cache.PutDirty(storeKey, value);
        _oldestCachedStart = Math.Min(_oldestCachedStart, windowStartMs);
        while (_cache.Budget.OverBudget && _cache.LeastRecentlyUsed is { } oldest)
        {
            if (oldest.Dirty)
            {
                Write(oldest);
            }

            _cache.Remove(oldest);
            _cache.Budget.Evicted();
        }
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
        return _cache.TryGet(storeKey, out var entry) ? entry.Value : inner.Fetch(key, windowStartMs);
    }

    /// <summary>
    /// Streams the key's cached windows in the time range merged over the inner store's, as Kafka Streams'
    /// <c>MergedSortedCacheWindowStoreIterator</c>: O(log n + k) in the cache, not a scan of it.
    /// </summary>
    public IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new MergedSortedCacheWindowStoreIterator(
            CachedWindows(key, timeFromMs, timeToMs), inner.Fetch(key, timeFromMs, timeToMs), forward: true, key, timeFromMs, timeToMs, IsExpired, Name, () => IsOpen);
    }

    /// <summary>The key's windows latest start first, streamed as <see cref="Fetch(byte[], long, long)"/>.</summary>
    public IKeyValueIterator<long, byte[]> BackwardFetch(byte[] key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new MergedSortedCacheWindowStoreIterator(
            CachedWindows(key, timeFromMs, timeToMs), inner.BackwardFetch(key, timeFromMs, timeToMs), forward: false, key, timeFromMs, timeToMs, IsExpired, Name, () => IsOpen);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs) => Merge(inner.FetchAll(timeFromMs, timeToMs), timeFromMs, timeToMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All() => Merge(inner.All(), long.MinValue, long.MaxValue);

    public void Flush()
    {
        _cache.FlushDirty(_write ??= Write);

        // Clean entries of expired windows only take budget (reads skip expired windows before looking at the cache). The
        // scan of the whole cache runs once the oldest window start cached has been expired for half a retention period, so
        // it runs about twice per retention period of stream time rather than once per window size, and notes the oldest
        // start that stays.
        var half = RetentionPeriodMs / 2;
        if (_oldestCachedStart != long.MaxValue && IsExpired(_oldestCachedStart > long.MaxValue - half ? long.MaxValue : _oldestCachedStart + half))
        {
            _oldestCachedStart = _cache.EvictExpiredClean(static key => WindowKeySchema.ReadTimestamp(key), _isExpired ??= IsExpired, _evict ??= _cache.Remove);
        }

        inner.Flush();
    }

    /// <summary>Drops unflushed entries without forwarding them (their input is not committed, so it is processed again).</summary>
    public void Close()
    {
        _cache.Clear();
        inner.Close();
    }

    /// <summary>The inner window store's rule: expired once older than the newest start seen minus the retention.</summary>
    private bool IsExpired(long windowStartMs) =>
        _observedStreamTime != long.MinValue && windowStartMs < _observedStreamTime - RetentionPeriodMs + 1;

    private void Write(NamedCache.Entry entry)
    {
        var keyLength = entry.Key.Length - WindowKeySchema.TimestampSize;
        var key = entry.Key.AsSpan(0, keyLength);
        var start = WindowKeySchema.ReadTimestamp(entry.Key);
        var old = _listener is null || !SendOldValues ? null : inner.Fetch(key, start);
        if (inner is ChangeLoggingWindowBytesStore logging)
        {
            logging.PutStoreKey(entry.Key, entry.Value); // the changelog keeps the entry's key, no copy
        }
        else
        {
            inner.Put(key, entry.Value, start);
        }

        entry.Dirty = false;
        _listener?.Invoke(entry.Key, entry.Value, old);
    }

    /// <summary>The cache's entries in <c>[key || from, key || to]</c> (which may include other, longer keys: the merge skips them).</summary>
    private CacheRange CachedWindows(byte[] key, long timeFromMs, long timeToMs) =>
        timeFromMs > timeToMs ? default : _cache.Range(WindowKeySchema.ToStoreKey(key, timeFromMs), WindowKeySchema.ToStoreKey(key, timeToMs));

    private EnumeratorIterator<Windowed<byte[]>, byte[]> Merge(IKeyValueIterator<Windowed<byte[]>, byte[]> stored, long fromMs, long toMs)
    {
        var merged = new SortedDictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
        using (stored)
        {
            while (stored.MoveNext())
            {
                merged[WindowKeySchema.ToStoreKey(stored.Current.Key.Key, stored.Current.Key.Window.StartMs)] = stored.Current.Value;
            }
        }

        foreach (var e in _cache.Entries)
        {
            var start = WindowKeySchema.ReadTimestamp(e.Key);
            if (start >= fromMs && start <= toMs && !IsExpired(start))
            {
                merged[e.Key] = e.Value;
            }
        }

        var size = WindowSizeMs;
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(
            merged.Where(kv => kv.Value is not null)
                .Select(kv =>
                {
                    var start = WindowKeySchema.ReadTimestamp(kv.Key);
                    return new KeyValuePair<Windowed<byte[]>, byte[]>(new Windowed<byte[]>(WindowKeySchema.ExtractKey(kv.Key), WindowKeySchema.WindowFor(start, size)), kv.Value!);
                }).ToList(),
            Name,
            () => IsOpen);
    }
}
