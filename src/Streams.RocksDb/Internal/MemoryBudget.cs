using System.Globalization;
using System.Numerics;
using Streams.RocksDb.Native;

namespace Streams.RocksDb.Internal;

/// <summary>
/// The memory shared by the databases of one <see cref="RocksDbOptions"/>: one LRU block cache, and a write
/// buffer allowance split evenly among the open databases. RocksDB 7.8's C API has no write buffer manager, so
/// the split is done here: every open database gets <c>write_buffer_size</c> = the largest power of two not above
/// <c>allowance / (MaxWriteBufferNumber x open databases)</c> (at least <see cref="MinWriteBufferSize"/>) and the
/// matching arena block size, applied with <c>SetOptions</c> whenever a database opens or closes. Powers of two keep the resizing to a few calls
/// (one per doubling of the number of stores). While no database is open the cache's capacity is set to zero, which
/// frees its blocks (they belong to closed databases, whose cache keys a reopened database never uses again), so that
/// options that outlive their stores do not hold memory until they are garbage-collected. Thread-safe.
/// </summary>
internal sealed class MemoryBudget
{
    /// <summary>Memtables per database: one being written, one being flushed.</summary>
    public const int MaxWriteBufferNumber = 2;

    /// <summary>The smallest write buffer given to a database, 64 KiB (RocksDB's own minimum).</summary>
    public const long MinWriteBufferSize = 64L * 1024;

    /// <summary>
    /// The memtable arena block size that goes with a write buffer size: RocksDB's own default, an eighth of it, at
    /// most 1 MiB. It must be resized with the write buffer: RocksDB derives it once at open, and a memtable whose
    /// arena blocks are far larger than its write buffer asks to be flushed as soon as it is created (RocksDB 7.8 then
    /// fails the assertion <c>!ShouldScheduleFlush()</c> in <c>MemTable::MemTable</c>, which Debian's build keeps on).
    /// </summary>
    public static long ArenaBlockSizeFor(long writeBufferSize) => Math.Min(1024L * 1024, writeBufferSize / 8);

    private readonly Lock _lock = new();
    private readonly Dictionary<RocksDatabase, long> _writeBufferSizes = [];
    private readonly long _blockCacheBytes;
    private int _opening;
    private bool _cacheEmptied;

    public MemoryBudget(long blockCacheBytes, long writeBufferBudgetBytes)
    {
        _blockCacheBytes = blockCacheBytes;
        WriteBufferBudgetBytes = writeBufferBudgetBytes;
        Cache = NativeMethods.rocksdb_cache_create_lru((nuint)blockCacheBytes);
    }

    /// <summary>The shared block cache (strict capacity off; RocksDB's default high-priority pool for index and filter blocks).</summary>
    public CacheHandle Cache { get; }

    /// <summary>The memtable allowance of all databases together, in bytes.</summary>
    public long WriteBufferBudgetBytes { get; }

    /// <summary>The number of databases open with this budget.</summary>
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

    /// <summary>Bytes held in the block cache now (every database's blocks, index and filter blocks included).</summary>
    public long CacheUsageBytes => (long)NativeMethods.rocksdb_cache_get_usage(Cache);

    /// <summary>Bytes of the block cache held by blocks that cannot be evicted now (in use by readers, or pinned level-0 index and filter blocks).</summary>
    public long CachePinnedUsageBytes => (long)NativeMethods.rocksdb_cache_get_pinned_usage(Cache);

    /// <summary>The block cache capacity in bytes.</summary>
    public long CacheCapacityBytes => (long)NativeMethods.rocksdb_cache_get_capacity(Cache);

    /// <summary>The write buffer size each of <paramref name="databases"/> open databases gets.</summary>
    public long WriteBufferSizeFor(int databases)
    {
        var share = WriteBufferBudgetBytes / (MaxWriteBufferNumber * (long)Math.Max(1, databases));
        return share < MinWriteBufferSize ? MinWriteBufferSize : 1L << BitOperations.Log2((ulong)share);
    }

    /// <summary>
    /// Registers a database about to open and returns its write buffer size (counting it and every other one being
    /// opened). Follow with <see cref="Attach"/> once it is open, or <see cref="CancelOpen"/> when opening failed.
    /// </summary>
    public long BeginOpen()
    {
        lock (_lock)
        {
            _opening++;
            if (_cacheEmptied)
            {
                NativeMethods.rocksdb_cache_set_capacity(Cache, (nuint)_blockCacheBytes);
                _cacheEmptied = false;
            }

            return WriteBufferSizeFor(_writeBufferSizes.Count + _opening);
        }
    }

    /// <summary>Ends a <see cref="BeginOpen"/> whose database did not open.</summary>
    public void CancelOpen()
    {
        lock (_lock)
        {
            _opening--;
            EmptyCacheWhenUnused();
        }
    }

    /// <summary>Adds a database opened with <paramref name="writeBufferSize"/> (after <see cref="BeginOpen"/>), then resizes every database whose size is no longer the fair share.</summary>
    public void Attach(RocksDatabase db, long writeBufferSize)
    {
        lock (_lock)
        {
            _opening--;
            _writeBufferSizes[db] = writeBufferSize;
            Rebalance();
        }
    }

    /// <summary>Removes a database that is about to close and gives the others its share. Call before closing it.</summary>
    public void Detach(RocksDatabase db)
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
    public long? WriteBufferSizeOf(RocksDatabase db)
    {
        lock (_lock)
        {
            return _writeBufferSizes.TryGetValue(db, out var size) ? size : null;
        }
    }

    /// <summary>The databases open with this budget now.</summary>
    public RocksDatabase[] Databases()
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
            NativeMethods.rocksdb_cache_set_capacity(Cache, 0);
            _cacheEmptied = true;
        }
    }

    private void Rebalance()
    {
        var target = WriteBufferSizeFor(_writeBufferSizes.Count);
        foreach (var (db, size) in _writeBufferSizes.ToArray())
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
                _writeBufferSizes[db] = target;
            }
            catch (Exception e) when (e is RocksDbException or ObjectDisposedException)
            {
                // A sizing adjustment only: the database keeps its previous size and is retried at the next change.
            }
        }
    }
}
