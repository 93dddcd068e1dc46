using Confluent.Kafka;
using Streams.Internal;

namespace Streams.State.Internal;

/// <summary>
/// The byte budget shared by the caching stores of one stream thread, as Kafka Streams' <c>ThreadCache</c>
/// (<c>statestore.cache.max.bytes</c>). Each caching store keeps its own <see cref="NamedCache"/>; when the
/// total goes over budget, the store being written evicts its least recently used entries (flushing dirty
/// ones downstream) until the total is back under it, as Kafka Streams does.
/// </summary>
internal sealed class RecordCache(long maxBytes)
{
    /// <summary>Approximate per-entry overhead in bytes, counted on top of key and value lengths.</summary>
    public const int EntryOverhead = 64;

    private long _maxBytes = maxBytes;

    /// <summary>The budget in bytes; set from another thread when the application resizes its stream threads' caches (stores evict down to it on their next write).</summary>
    public long MaxBytes
    {
        get => Volatile.Read(ref _maxBytes);
        set => Volatile.Write(ref _maxBytes, value);
    }

    public long CurrentBytes { get; private set; }

    public bool OverBudget => CurrentBytes > MaxBytes;

    public long Hits { get; private set; }

    public long Misses { get; private set; }

    public long Evictions { get; private set; }

    internal void Resize(long delta) => CurrentBytes += delta;

    internal void Hit() => Hits++;

    internal void Miss() => Misses++;

    internal void Evicted()
    {
        Evictions++;
        StreamsMetrics.CacheEvictions.Add(1);
    }
}

/// <summary>One store's cache entries in least-recently-used order.</summary>
internal sealed class NamedCache(RecordCache budget)
{
    private readonly LinkedList<Entry> _lru = new();
    private readonly Dictionary<byte[], LinkedListNode<Entry>> _map = new(ByteArrayComparer.Instance);

    public int Count => _map.Count;

    public RecordCache Budget => budget;

    public bool TryGet(ReadOnlySpan<byte> key, out Entry entry)
    {
        if (_map.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var node))
        {
            _lru.Remove(node);
            _lru.AddLast(node);
            budget.Hit();
            entry = node.Value;
            return true;
        }

        budget.Miss();
        entry = null!;
        return false;
    }

    /// <summary>
    /// Stores a dirty value (null = a pending delete) as the most recently used entry, with the timestamp of the record
    /// being processed when it was written and, when the writer gives them, its headers (Kafka Streams' cache entry record
    /// context; -1 and null when unknown).
    /// </summary>
    public void PutDirty(byte[] key, byte[]? value, long recordTimestamp = -1, Headers? headers = null)
    {
        if (_map.TryGetValue(key, out var node))
        {
            var e = node.Value;
            budget.Resize(Size(key, value) - e.Size);
            e.Value = value;
            e.Size = Size(key, value);
            e.Dirty = true;
            e.RecordTimestamp = recordTimestamp;
            e.Headers = headers;
            _lru.Remove(node);
            _lru.AddLast(node);
            return;
        }

        var entry = new Entry(key) { Value = value, Dirty = true, Size = Size(key, value), RecordTimestamp = recordTimestamp, Headers = headers };
        _map[key] = _lru.AddLast(entry);
        budget.Resize(entry.Size);
    }

    /// <summary>Dirty entries, least recently used first (the order Kafka Streams flushes them in).</summary>
    public List<Entry> DirtyEntries() => _lru.Where(e => e.Dirty).ToList();

    public Entry? LeastRecentlyUsed => _lru.First?.Value;

    public IEnumerable<Entry> Entries => _lru;

    public void Remove(Entry entry)
    {
        if (_map.Remove(entry.Key, out var node))
        {
            _lru.Remove(node);
            budget.Resize(-entry.Size);
        }
    }

    public void Clear()
    {
        foreach (var e in _lru)
        {
            budget.Resize(-e.Size);
        }

        _lru.Clear();
        _map.Clear();
    }

    private static long Size(byte[] key, byte[]? value) => key.Length + (value?.Length ?? 0) + RecordCache.EntryOverhead;

    internal sealed class Entry(byte[] key)
    {
        public byte[] Key { get; } = key;

        public byte[]? Value { get; set; }

        public bool Dirty { get; set; }

        public long Size { get; set; }

        /// <summary>The timestamp of the record processed when the entry was last written; -1 when unknown.</summary>
        public long RecordTimestamp { get; set; } = -1;

        /// <summary>The headers of the record that last wrote the entry, when the writer gave them.</summary>
        public Headers? Headers { get; set; }
    }
}

/// <summary>Receives the entries a caching store writes through to its inner store: key, new value, old value (null = absent).</summary>
internal delegate void CacheFlushListener(byte[] key, byte[]? newValue, byte[]? oldValue);

/// <summary>
/// As <see cref="CacheFlushListener"/>, with the timestamp (-1 when unknown) and headers (null when not given) of the
/// record processed when the entry was written: Kafka Streams forwards a flushed entry with its record context's headers,
/// and a flushed delete with its record context's timestamp.
/// </summary>
internal delegate void TimestampedCacheFlushListener(byte[] key, byte[]? newValue, byte[]? oldValue, long recordTimestamp, Headers? headers);

/// <summary>A bytes store with a record cache in front; its owner forwards what it flushes.</summary>
internal interface ICachingBytesStore
{
    void SetFlushListener(CacheFlushListener listener);
}
