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

/// <summary>
/// One store's cache entries in least-recently-used order and, when created <c>sorted</c>, also in key order (unsigned
/// bytes, as the stores), as Kafka Streams' <c>NamedCache</c> (a <c>TreeMap</c> beside its LRU list): a range read takes
/// the entries of its range in O(log n + k) instead of scanning the whole cache. The key order is built by the first range
/// read (O(n log n)) and kept from then on, so a cache only read by key costs no tree insert per new entry.
/// </summary>
internal sealed class NamedCache(RecordCache budget, bool sorted = false)
{
    private readonly LinkedList<Entry> _lru = new();
    // The entries by key, with the span lookup got once (getting it casts the comparer each time).
    private readonly Dictionary<byte[], LinkedListNode<Entry>>.AlternateLookup<ReadOnlySpan<byte>> _byKey =
        new Dictionary<byte[], LinkedListNode<Entry>>(ByteArrayComparer.Instance).GetAlternateLookup<ReadOnlySpan<byte>>();
    private LinkedListNode<Entry>? _lastRead; // the node of the last TryGet hit: an aggregation writes the key it just read
    private SortedSet<Entry>? _sorted; // built by the first Range (a cache only read by key never pays the tree insert per new entry), then kept up to date
    private List<Entry>? _spare = [];
    private readonly List<Entry> _dirty = []; // entries made dirty since the last TakeDirtyEntries (some may have been cleaned since)
    private long _clock; // last-use stamps: LRU order among the dirty entries without scanning the LRU list

    public int Count => Map.Count;

    private Dictionary<byte[], LinkedListNode<Entry>> Map => _byKey.Dictionary;

    public RecordCache Budget => budget;

    /// <summary>True when the entries can be read in key order (<see cref="Range"/>).</summary>
    public bool Sorted => sorted;

    public bool TryGet(ReadOnlySpan<byte> key, out Entry entry)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            MoveLast(node);
            _lastRead = node;
            budget.Hit();
            entry = node.Value;
            entry.LastUsed = ++_clock;
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
    public void PutDirty(byte[] key, byte[]? value, long recordTimestamp = -1, Headers? headers = null) =>
        PutDirty(key.AsSpan(), key, value, recordTimestamp, headers);

    /// <summary>
    /// As <see cref="PutDirty(byte[], byte[], long, Headers)"/> with the key as a span: the key is copied only when the
    /// cache does not hold it yet (an update of a cached key allocates nothing for the key).
    /// </summary>
    public void PutDirty(ReadOnlySpan<byte> key, byte[]? value, long recordTimestamp = -1, Headers? headers = null) =>
        PutDirty(key, null, value, recordTimestamp, headers);

    private void PutDirty(ReadOnlySpan<byte> key, byte[]? keyArray, byte[]? value, long recordTimestamp, Headers? headers)
    {
        var node = _lastRead;
        if (node is null || !node.Value.Cached || !key.SequenceEqual(node.Value.Key))
        {
            _byKey.TryGetValue(key, out node);
        }

        if (node is not null)
        {
            var e = node.Value;
            var size = Size(e.Key.Length, value);
            budget.Resize(size - e.Size);
            e.Value = value;
            e.Size = size;
            MarkDirty(e);
            e.RecordTimestamp = recordTimestamp;
            e.Headers = headers;
            MoveLast(node);
            return;
        }

        var array = keyArray ?? key.ToArray();
        var entry = new Entry(array) { Value = value, Size = Size(array.Length, value), RecordTimestamp = recordTimestamp, Headers = headers };
        MarkDirty(entry);
        Map[array] = _lru.AddLast(entry);
        _sorted?.Add(entry);
        budget.Resize(entry.Size);
    }

    /// <summary>
    /// Dirty entries, least recently used first (the order Kafka Streams flushes them in), in a list reused from flush to
    /// flush: hand it back with <see cref="ReturnList"/> once done (a nested flush takes a new one). O(d log d) for d
    /// entries made dirty since the last call, not a scan of the cache.
    /// </summary>
    public List<Entry> TakeDirtyEntries()
    {
        var list = _spare ?? [];
        _spare = null;
        foreach (var e in _dirty)
        {
            e.Pending = false;
            if (e.Dirty && e.Cached)
            {
                list.Add(e);
            }
        }

        _dirty.Clear();
        if (list.Count > 1)
        {
            list.Sort(static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
        }

        return list;
    }

    /// <summary>
    /// Hands every entry made dirty since the last flush to <paramref name="write"/>, least recently used first (as
    /// <see cref="TakeDirtyEntries"/>); entries <paramref name="write"/> leaves dirty (it threw) are flushed again next time.
    /// </summary>
    public void FlushDirty(Action<Entry> write)
    {
        var dirty = TakeDirtyEntries();
        try
        {
            foreach (var entry in dirty)
            {
                write(entry);
            }
        }
        finally
        {
            ReturnList(dirty);
        }
    }

    /// <summary>
    /// Removes the clean entries whose time, read from the key by <paramref name="timeOf"/> (epoch ms: a window's start, a
    /// session's end), <paramref name="isExpired"/> says has passed the store's retention, handing each to
    /// <paramref name="evict"/> after it left the cache. O(n) over the cache: callers run it only when their oldest cached
    /// time may have expired.
    /// </summary>
    /// <returns>The oldest time among the entries that stay, or <see cref="long.MaxValue"/> when none does.</returns>
    public long EvictExpiredClean(Func<byte[], long> timeOf, Func<long, bool> isExpired, Action<Entry> evict)
    {
        var oldest = long.MaxValue;
        var expired = _spare ?? [];
        _spare = null;
        foreach (var e in _lru)
        {
            var time = timeOf(e.Key);
            if (!e.Dirty && isExpired(time))
            {
                expired.Add(e);
            }
            else
            {
                oldest = Math.Min(oldest, time);
            }
        }

        foreach (var entry in expired)
        {
            evict(entry);
        }

        ReturnList(expired);
        return oldest;
    }

    /// <summary>As <see cref="TakeDirtyEntries"/>, the entries that match <paramref name="match"/>, least recently used first.</summary>
    public List<Entry> Take(Func<Entry, bool> match)
    {
        var list = _spare ?? [];
        _spare = null;
        foreach (var e in _lru)
        {
            if (match(e))
            {
                list.Add(e);
            }
        }

        return list;
    }

    /// <summary>
    /// Hands back a list from <see cref="TakeDirtyEntries"/> or <see cref="Take"/> for reuse. Entries of it still dirty (a
    /// flush that failed part way) are flushed again next time.
    /// </summary>
    public void ReturnList(List<Entry> list)
    {
        foreach (var e in list)
        {
            if (e.Dirty && e.Cached && !e.Pending)
            {
                e.Pending = true;
                _dirty.Add(e);
            }
        }

        list.Clear();
        _spare = list;
    }

    public Entry? LeastRecentlyUsed => _lru.First?.Value;

    public IEnumerable<Entry> Entries => _lru;

    /// <summary>
    /// The entries with keys in <c>[from, to]</c> (null bounds open) in ascending key order, and when
    /// <paramref name="prefix"/> is given only the leading ones that start with it, copied into a pooled array (a
    /// snapshot: the cache may change while the caller iterates it, as Kafka Streams' cache range iterators copy the
    /// range's keys). O(log n + k). Requires a <see cref="Sorted"/> cache.
    /// </summary>
    public CacheRange Range(byte[]? from, byte[]? to, byte[]? prefix = null)
    {
        if (!sorted)
        {
            throw new InvalidOperationException("The cache is not sorted.");
        }

        var set = _sorted ??= new SortedSet<Entry>(_lru, EntryKeyComparer.Instance);
        if (set.Count == 0)
        {
            return default;
        }

        var lower = from is null ? set.Min! : new Entry(from);
        var upper = to is null ? set.Max! : new Entry(to);
        if (EntryKeyComparer.Instance.Compare(lower, upper) > 0)
        {
            return default;
        }

        var view = set.GetViewBetween(lower, upper);
        var buffer = System.Buffers.ArrayPool<Entry>.Shared.Rent(Math.Min(16, set.Count));
        var count = 0;
        foreach (var e in view)
        {
            if (prefix is not null && !e.Key.AsSpan().StartsWith(prefix))
            {
                break;
            }

            if (count == buffer.Length)
            {
                var larger = System.Buffers.ArrayPool<Entry>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, count).CopyTo(larger);
                System.Buffers.ArrayPool<Entry>.Shared.Return(buffer, clearArray: true);
                buffer = larger;
            }

            buffer[count++] = e;
        }

        return new CacheRange(buffer, count);
    }

    public void Remove(Entry entry)
    {
        if (Map.Remove(entry.Key, out var node))
        {
            node.Value.Cached = false;
            _lru.Remove(node);
            _sorted?.Remove(node.Value);
            budget.Resize(-entry.Size);
        }
    }

    public void Clear()
    {
        foreach (var e in _lru)
        {
            budget.Resize(-e.Size);
            e.Cached = false;
        }

        _dirty.Clear();
        _lru.Clear();
        Map.Clear();
        _sorted?.Clear();
    }

    /// <summary>Makes the node the most recently used (nothing to do when it is already).</summary>
    private void MoveLast(LinkedListNode<Entry> node)
    {
        if (!ReferenceEquals(_lru.Last, node))
        {
            _lru.Remove(node);
            _lru.AddLast(node);
        }
    }

    private void MarkDirty(Entry entry)
    {
        entry.Dirty = true;
        entry.LastUsed = ++_clock;
        if (!entry.Pending)
        {
            entry.Pending = true;
            _dirty.Add(entry);
        }
    }

    private static long Size(int keyLength, byte[]? value) => keyLength + (value?.Length ?? 0) + RecordCache.EntryOverhead;

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

        /// <summary>When it was last read or written (a counter of the cache): its place in the LRU order.</summary>
        internal long LastUsed { get; set; }

        /// <summary>In the cache's list of entries made dirty since the last flush.</summary>
        internal bool Pending { get; set; }

        /// <summary>Still in the cache (false once removed).</summary>
        internal bool Cached { get; set; } = true;
    }

    private sealed class EntryKeyComparer : IComparer<Entry>
    {
        public static readonly EntryKeyComparer Instance = new();

        public int Compare(Entry? x, Entry? y) => ByteArrayComparer.Instance.Compare(x?.Key, y?.Key);
    }
}

/// <summary>
/// A snapshot of cache entries in key order, in an array rented from the shared pool: <see cref="Release"/> returns it
/// (once; the merge iterators do it on dispose).
/// </summary>
internal struct CacheRange(NamedCache.Entry[]? entries, int count)
{
    private NamedCache.Entry[]? _entries = entries;

    public readonly int Count => count;

    public readonly NamedCache.Entry this[int index] => _entries![index];

    public void Release()
    {
        if (_entries is { } entries)
        {
            _entries = null;
            System.Buffers.ArrayPool<NamedCache.Entry>.Shared.Return(entries, clearArray: true);
        }
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
