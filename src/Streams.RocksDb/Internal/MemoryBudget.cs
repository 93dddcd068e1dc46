using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Cache = RocksDbSharp.Cache;
using Streams.RocksDb.Native;

namespace Streams.RocksDb.Internal;

/// <summary>
/// What owns memtables: a key-value store's database (one share of a <see cref="MemoryBudget"/>'s write buffer
/// allowance), a segmented store's database (as many shares as it has live segments at most, its column families each
/// sized as one share), or one column family (a segment; read for its properties, not counted by itself).
/// </summary>
internal interface IMemtableOwner
{
    /// <summary>Changes mutable options of its memtables (RocksDB's <c>SetOptions</c>; for a segmented store's database, of each segment's column family).</summary>
    /// <param name="options">Option names and values as text.</param>
    void SetOptions(params ReadOnlySpan<KeyValuePair<string, string>> options);

    /// <summary>Reads an integer property of its memtables and tables, such as <c>"rocksdb.cur-size-all-mem-tables"</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or null when the property is unknown.</returns>
    ulong? GetIntProperty(string name);
}

/// <summary>
/// The memory shared by the databases of one <see cref="RocksDbOptions"/>: one LRU cache whose capacity is the whole
/// budget, and one RocksDB write buffer manager that charges the memtables of every database to that cache (RocksDB's
/// recipe for one memory limit: <c>WriteBufferManager(buffer_size, cache)</c>, here through the package's C API,
/// <c>rocksdb_write_buffer_manager_create_with_cache</c>). The manager's <c>buffer_size</c> is the write buffer allowance:
/// above it, RocksDB flushes the largest memtable, whatever the number of open databases. Blocks and memtable
/// reservations (256 KiB dummy entries) then share the one capacity, so block cache + memtables stay within the budget.
/// On top of that the allowance is split into shares: a key-value store's database takes one, a segmented store's
/// database <c>retention / segment interval + 1</c> (its live segments at most, reserved for as long as it is open, so that
/// creating and dropping segments never resizes anything), and every memtable (every segment's column family) gets
/// <c>write_buffer_size</c> = the largest power of two not above <c>allowance / (MaxWriteBufferNumber x open shares)</c>
/// (at least <see cref="MinWriteBufferSize"/>) and the matching arena block size, applied with <c>SetOptions</c> whenever
/// a database opens or closes, so that a few stores
/// do not each fill a large memtable before the manager steps in. Powers of two keep the resizing to a few calls (one
/// per doubling of the number of stores). While no database is open the cache's capacity is set to zero, which frees its
/// blocks (they belong to closed databases, whose cache keys a reopened database never uses again), so that options that
/// outlive their stores do not hold memory until they are garbage-collected. Thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability", "CA1001", Justification = "Lives as long as its RocksDbOptions; the write buffer manager's handle is released by its finalizer, as the package's Cache is.")]
internal sealed class MemoryBudget
{
    /// <summary>Memtables per database: one being written, one being flushed.</summary>
    public const int MaxWriteBufferNumber = 2;

    /// <summary>The smallest write buffer given to a database, 64 KiB (RocksDB's own minimum).</summary>
    public const long MinWriteBufferSize = 64L * 1024;

    /// <summary>
    /// The memtable arena block size that goes with a write buffer size: RocksDB's own default, an eighth of it, at
    /// most 1 MiB. It must be resized with the write buffer: RocksDB derives it once at open, and a memtable whose
    /// arena blocks are far larger than its write buffer asks to be flushed as soon as it is created (a build of RocksDB
    /// with assertions on, such as Debian's 7.8.3, fails <c>!ShouldScheduleFlush()</c> in <c>MemTable::MemTable</c>).
    /// </summary>
    public static long ArenaBlockSizeFor(long writeBufferSize) => Math.Min(1024L * 1024, writeBufferSize / 8);

    private readonly Lock _lock = new();
    private readonly Dictionary<IMemtableOwner, (long Size, int Shares)> _writeBufferSizes = [];
    private readonly long _cacheBytes;
    private readonly WriteBufferManagerHandle _writeBufferManager;
    private int _opening;
    private bool _cacheEmptied;

    /// <summary>Creates the shared cache of <paramref name="cacheBytes"/> and a write buffer manager charging it.</summary>
    /// <param name="cacheBytes">The cache capacity, bytes: the whole budget (blocks and memtables).</param>
    /// <param name="writeBufferBudgetBytes">The memtable allowance of all databases together, bytes (the manager's buffer size).</param>
    public MemoryBudget(long cacheBytes, long writeBufferBudgetBytes)
    {
        _cacheBytes = cacheBytes;
        WriteBufferBudgetBytes = writeBufferBudgetBytes;
        Cache = Cache.CreateLru((ulong)cacheBytes);

        // No stall: a stream thread that writes past the allowance makes RocksDB flush, it is never blocked.
        _writeBufferManager = new WriteBufferManagerHandle(
            RocksDbSharp.Native.Instance.rocksdb_write_buffer_manager_create_with_cache((nuint)writeBufferBudgetBytes, Cache.Handle, 0));
    }

    /// <summary>The shared LRU cache (strict capacity off; RocksDB's default high-priority pool for index and filter blocks).</summary>
    public Cache Cache { get; }

    /// <summary>The native <c>rocksdb_write_buffer_manager_t*</c> every database's options point to (they keep a shared pointer).</summary>
    public nint WriteBufferManager => _writeBufferManager.DangerousGetHandle();

    /// <summary>Bytes of memtable memory the write buffer manager counts now, over every database of this budget.</summary>
    public long WriteBufferManagerUsageBytes => (long)RocksDbSharp.Native.Instance.rocksdb_write_buffer_manager_memory_usage(WriteBufferManager);

    /// <summary>Bytes the write buffer manager reserves in the cache now (its dummy entries), the memtables' share of <see cref="CacheUsageBytes"/>.</summary>
    public long WriteBufferReservedInCacheBytes =>
        (long)RocksDbSharp.Native.Instance.rocksdb_write_buffer_manager_dummy_entries_in_cache_usage(WriteBufferManager);

    /// <summary>The memtable allowance of all databases together, in bytes.</summary>
    public long WriteBufferBudgetBytes { get; }

    /// <summary>The number of databases open with this budget (key-value stores' and segmented stores').</summary>
    public int OpenDatabases
    {
        get
        {
            lock (_lock)
            {
                return _writeBufferSizes.Count;
            }
        }
    }

    /// <summary>The write buffer shares taken now: one per key-value store database, <c>retention / interval + 1</c> per segmented store database.</summary>
    public int OpenShares
    {
        get
        {
            lock (_lock)
            {
                return SharesTaken();
            }
        }
    }

    /// <summary>Bytes held in the cache now: every database's blocks (index and filter blocks included) and the memtables' reservations.</summary>
    public long CacheUsageBytes => (long)Cache.GetUsage();

    /// <summary>Bytes of the cache that cannot be evicted now (blocks in use by readers, pinned level-0 index and filter blocks, memtable reservations).</summary>
    public long CachePinnedUsageBytes => (long)Cache.GetPinnedUsage();

    /// <summary>The cache capacity in bytes (the whole budget while a database is open, zero while none is).</summary>
    public long CacheCapacityBytes => (long)RocksDbSharp.Native.Instance.rocksdb_cache_get_capacity(Cache.Handle);

    /// <summary>The write buffer size of one share when <paramref name="shares"/> shares are taken.</summary>
    public long WriteBufferSizeFor(int shares)
    {
        var share = WriteBufferBudgetBytes / (MaxWriteBufferNumber * (long)Math.Max(1, shares));
        return share < MinWriteBufferSize ? MinWriteBufferSize : 1L << BitOperations.Log2((ulong)share);
    }

    /// <summary>
    /// Registers a database about to open, taking <paramref name="shares"/> shares, and returns its write buffer size
    /// (counting it and every other one being opened). Follow with <see cref="Attach"/> once it is open, or
    /// <see cref="CancelOpen"/> when opening failed.
    /// </summary>
    public long BeginOpen(int shares = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        lock (_lock)
        {
            _opening += shares;
            if (_cacheEmptied)
            {
                Cache.SetCapacity((ulong)_cacheBytes);
                _cacheEmptied = false;
            }

            return WriteBufferSizeFor(SharesTaken() + _opening);
        }
    }

    /// <summary>Ends a <see cref="BeginOpen"/> of <paramref name="shares"/> shares whose database did not open.</summary>
    public void CancelOpen(int shares = 1)
    {
        lock (_lock)
        {
            _opening -= shares;
            EmptyCacheWhenUnused();
        }
    }

    /// <summary>
    /// Adds a database opened with <paramref name="writeBufferSize"/> (after <see cref="BeginOpen"/> of the same
    /// <paramref name="shares"/>), then resizes every database whose size is no longer the fair share.
    /// </summary>
    public void Attach(IMemtableOwner db, long writeBufferSize, int shares = 1)
    {
        lock (_lock)
        {
            _opening -= shares;
            _writeBufferSizes[db] = (writeBufferSize, shares);
            Rebalance();
        }
    }

    /// <summary>Removes a database that is about to close and gives the others its shares. Call before closing it.</summary>
    public void Detach(IMemtableOwner db)
    {
        lock (_lock)
        {
            if (_writeBufferSizes.Remove(db))
            {
                Rebalance();
                EmptyCacheWhenUnused();
            }
        }
    }

    /// <summary>The write buffer size last applied to <paramref name="db"/>, or null when it is not attached.</summary>
    public long? WriteBufferSizeOf(IMemtableOwner db)
    {
        lock (_lock)
        {
            return _writeBufferSizes.TryGetValue(db, out var size) ? size.Size : null;
        }
    }

    /// <summary>The memtable owners open with this budget now.</summary>
    public IMemtableOwner[] MemtableOwners()
    {
        lock (_lock)
        {
            return [.. _writeBufferSizes.Keys];
        }
    }

    private void EmptyCacheWhenUnused()
    {
        // Databases still hold the cache's blocks while they close, after Detach; they release them as they go.
        if (_writeBufferSizes.Count == 0 && _opening == 0 && !_cacheEmptied)
        {
            Cache.SetCapacity(0);
            _cacheEmptied = true;
        }
    }

    private int SharesTaken() => _writeBufferSizes.Values.Sum(v => v.Shares);

    private void Rebalance()
    {
        var target = WriteBufferSizeFor(SharesTaken());
        foreach (var (db, (size, shares)) in _writeBufferSizes.ToArray())
        {
            if (size == target)
            {
                continue;
            }

            try
            {
                db.SetOptions(
                    new("write_buffer_size", target.ToString(CultureInfo.InvariantCulture)),
                    new("arena_block_size", ArenaBlockSizeFor(target).ToString(CultureInfo.InvariantCulture)));
                _writeBufferSizes[db] = (target, shares);
            }
            catch (Exception e) when (e is RocksDbException or ObjectDisposedException)
            {
                // A sizing adjustment only: the database keeps its previous size and is retried at the next change.
            }
        }
    }
}

/// <summary>
/// Owns a <c>rocksdb_write_buffer_manager_t*</c> (a wrapper around a shared pointer: the options of open databases keep
/// their own reference, so releasing this handle never pulls the manager from under them).
/// </summary>
internal sealed class WriteBufferManagerHandle : SafeHandle
{
    public WriteBufferManagerHandle(nint handle)
        : base(nint.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        RocksDbSharp.Native.Instance.rocksdb_write_buffer_manager_destroy(handle);
        return true;
    }
}
