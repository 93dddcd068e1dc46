namespace Streams.State.Internal;

/// <summary>
/// A record cache in front of a key-value bytes store, as Kafka Streams' <c>CachingKeyValueStore</c>: writes
/// stay in the cache until commit or eviction, then go to the inner store (and its changelog) and to the
/// flush listener. Reads see the cache first; range reads merge cache and store.
/// </summary>
internal sealed class CachingKeyValueBytesStore(IKeyValueBytesStore inner, RecordCache budget) : IKeyValueBytesStore, ICachingBytesStore
{
    private readonly NamedCache _cache = new(budget, sorted: true);
    private CacheFlushListener? _listener;
    private TimestampedCacheFlushListener? _timestampedListener;
    private Processor.Internal.TaskContext? _task;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    /// <summary>The inner store's estimate, as Kafka Streams' caching store (unflushed new keys are not counted).</summary>
    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void SetFlushListener(CacheFlushListener listener) => _listener = listener;

    /// <summary>Sets a flush listener that also receives the timestamp of the record that wrote each entry.</summary>
    public void SetFlushListener(TimestampedCacheFlushListener listener) => _timestampedListener = listener;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _task = context as Processor.Internal.TaskContext;
        inner.Init(context, root);
    }

    public byte[]? Get(ReadOnlySpan<byte> key) => _cache.TryGet(key, out var entry) ? entry.Value : inner.Get(key);

    public void Put(ReadOnlySpan<byte> key, byte[]? value) => Put(key, value, null);

    /// <summary>A put that keeps the writing record's headers with the entry, for the flush listener.</summary>
    public void Put(ReadOnlySpan<byte> key, byte[]? value, Confluent.Kafka.Headers? headers)
    {
        _cache.PutDirty(key, value, _task?.RecordTimestamp ?? -1, headers);
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

    public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            Put(e.Key, e.Value);
        }
    }

    public void Delete(ReadOnlySpan<byte> key) => Put(key, null);

    /// <summary>Streams the cache's entries of the range merged over the inner store's (Kafka Streams' <c>MergedSortedCacheKeyValueBytesStoreIterator</c>).</summary>
    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) =>
        new MergedSortedCacheKeyValueBytesStoreIterator(CachedRange(from, to), inner.Range(from, to), forward: true, Name, () => IsOpen);

    public IKeyValueIterator<byte[], byte[]> ReverseRange(byte[]? from, byte[]? to) =>
        new MergedSortedCacheKeyValueBytesStoreIterator(CachedRange(from, to), inner.ReverseRange(from, to), forward: false, Name, () => IsOpen);

    public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new MergedSortedCacheKeyValueBytesStoreIterator(_cache.Range(prefix, null, prefix), inner.PrefixScan(prefix), forward: true, Name, () => IsOpen);
    }

    public void Flush()
    {
        var dirty = _cache.TakeDirtyEntries();
        try
        {
            foreach (var entry in dirty)
            {
                Write(entry);
            }
        }
        finally
        {
            _cache.ReturnList(dirty);
        }

        inner.Flush();
    }

    /// <summary>Drops unflushed entries without forwarding them (their input is not committed, so it is processed again).</summary>
    public void Close()
    {
        _cache.Clear();
        inner.Close();
    }

    private void Write(NamedCache.Entry entry)
    {
        var old = _listener is null && _timestampedListener is null && entry.Value is not null ? null : inner.Get(entry.Key);
        if (entry.Value is null && old is null)
        {
            // As Kafka Streams' CachingKeyValueStore: a delete of a key the store does not hold (inserted and deleted
            // between flushes) is neither written nor forwarded.
            entry.Dirty = false;
            return;
        }

        if (inner is ChangeLoggingKeyValueBytesStore logging)
        {
            logging.PutImmutableKey(entry.Key, entry.Value); // the changelog keeps the entry's key, no copy
        }
        else
        {
            inner.Put(entry.Key, entry.Value);
        }

        entry.Dirty = false;
        _listener?.Invoke(entry.Key, entry.Value, old);
        _timestampedListener?.Invoke(entry.Key, entry.Value, old, entry.RecordTimestamp, entry.Headers);
    }

    /// <summary>The cache's entries in <c>[from, to]</c>; none when from &gt; to (the inner store returns none either).</summary>
    private CacheRange CachedRange(byte[]? from, byte[]? to) =>
        from is not null && to is not null && ByteArrayComparer.Instance.Compare(from, to) > 0 ? default : _cache.Range(from, to);
}
