using System.Runtime.InteropServices;
using Streams.RocksDb.Internal;

namespace Streams.RocksDb.Native;

/// <summary>
/// One open RocksDB database over the C API: span-based point reads and writes, write batches, iterators
/// and flushes, with the write-ahead log on (RocksDB's default). Iterators cannot outlive it: it tracks
/// the open ones and disposes them when it is disposed, after which they throw
/// <see cref="ObjectDisposedException"/>. Like a RocksDB <c>DB*</c> it may be read and written from
/// several threads, but <see cref="Dispose"/> must not race with other calls' use of returned iterators.
/// (Named <c>RocksDatabase</c>, not <c>RocksDb</c>, because a type named like the <c>Streams.RocksDb</c>
/// namespace could not be named unqualified from any <c>Streams.*</c> namespace.)
/// </summary>
internal sealed unsafe class RocksDatabase : IDisposable
{
    // Each reopen of a directory rotates RocksDB's LOG file into LOG.old.*; keep a few, not RocksDB's 1000.
    private const int KeepLogFileNum = 5;

    private readonly OptionsHandle _options;
    private readonly MemoryBudget _budget;
    private readonly DbHandle _db;
    private readonly ReadOptionsHandle _readOptions;
    private readonly WriteOptionsHandle _writeOptions;
    private readonly Lock _iteratorsLock = new();
    private readonly HashSet<RocksIterator> _openIterators = [];
    private bool _disposed;

    private RocksDatabase(string path, OptionsHandle options, DbHandle db, MemoryBudget budget)
    {
        Path = path;
        _options = options;
        _db = db;
        _budget = budget;
        _readOptions = NativeMethods.rocksdb_readoptions_create();
        _writeOptions = NativeMethods.rocksdb_writeoptions_create();
    }

    /// <summary>The directory of the database.</summary>
    public string Path { get; }

    /// <summary>The memory budget this database counts against.</summary>
    public MemoryBudget Budget => _budget;

    /// <summary>The write buffer size last applied to this database by its budget, in bytes; null once disposed.</summary>
    public long? WriteBufferSize => _budget.WriteBufferSizeOf(this);

    /// <summary>The number of iterators created and not yet disposed.</summary>
    public int OpenIteratorCount
    {
        get
        {
            lock (_iteratorsLock)
            {
                return _openIterators.Count;
            }
        }
    }

    /// <summary>
    /// Opens (creating if missing) the database in <paramref name="path"/>, whose parent must exist, with the shared
    /// block cache and write buffer sizing of <paramref name="options"/>' memory budget, a block-based table that
    /// keeps index and filter blocks in that cache, a full bloom filter when its bits per key are positive, and the
    /// per-store <paramref name="settings"/>. The database counts against the budget until it is disposed.
    /// </summary>
    /// <param name="path">The database directory.</param>
    /// <param name="options">The shared memory budget and bloom filter settings.</param>
    /// <param name="settings">Per-store settings; null for their defaults.</param>
    /// <returns>The open database; dispose it to close.</returns>
    /// <exception cref="RocksDbException">RocksDB refused to open (locked, corrupt, unreadable directory, invalid raw option).</exception>
    public static RocksDatabase Open(string path, RocksDbOptions options, RocksDbStoreSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        settings ??= new RocksDbStoreSettings(System.IO.Path.GetFileName(path), path);
        var budget = options.Budget;
        var writeBufferSize = budget.BeginOpen();
        OptionsHandle? dbOptions = null;
        try
        {
            dbOptions = CreateOptions(options, settings, budget, writeBufferSize);
            var db = NativeMethods.rocksdb_open(dbOptions, path, out var err);
            if (err != nint.Zero)
            {
                db.Dispose();
                RocksDbException.ThrowIfError(err);
            }

            var database = new RocksDatabase(path, dbOptions, db, budget);
            budget.Attach(database, writeBufferSize);
            return database;
        }
        catch
        {
            dbOptions?.Dispose();
            budget.CancelOpen();
            throw;
        }
    }

    /// <summary>Reads the value of <paramref name="key"/>, copied once from RocksDB's pinned slice.</summary>
    /// <param name="key">The key bytes.</param>
    /// <returns>The value, or null when the key is absent.</returns>
    /// <exception cref="RocksDbException">The read failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        nint slice;
        nint err;
        fixed (byte* k = key)
        {
            slice = NativeMethods.rocksdb_get_pinned(_db, _readOptions, k, (nuint)key.Length, out err);
        }

        RocksDbException.ThrowIfError(err);
        if (slice == nint.Zero)
        {
            return null;
        }

        try
        {
            var v = NativeMethods.rocksdb_pinnableslice_value(slice, out var length);
            return new ReadOnlySpan<byte>(v, checked((int)length)).ToArray();
        }
        finally
        {
            NativeMethods.rocksdb_pinnableslice_destroy(slice);
        }
    }

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes (may be empty).</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        nint err;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            NativeMethods.rocksdb_put(_db, _writeOptions, k, (nuint)key.Length, v, (nuint)value.Length, out err);
        }

        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Deletes <paramref name="key"/> (a no-op when absent).</summary>
    /// <param name="key">The key bytes.</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void Delete(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        nint err;
        fixed (byte* k = key)
        {
            NativeMethods.rocksdb_delete(_db, _writeOptions, k, (nuint)key.Length, out err);
        }

        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Applies <paramref name="batch"/> atomically. The batch is left as it is (clear it to reuse it).</summary>
    /// <param name="batch">The batch.</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The database or the batch is disposed.</exception>
    public void Write(RocksWriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        NativeMethods.rocksdb_write(_db, _writeOptions, batch.Handle, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Creates an iterator over the whole database (unpositioned: seek it first).</summary>
    /// <returns>The iterator; dispose it.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public RocksIterator NewIterator() => NewIterator(default, hasUpperBound: false);

    /// <summary>Creates an iterator that stops before <paramref name="upperBoundExclusive"/> (unpositioned: seek it first).</summary>
    /// <param name="upperBoundExclusive">The first key not to return.</param>
    /// <returns>The iterator; dispose it.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public RocksIterator NewIterator(ReadOnlySpan<byte> upperBoundExclusive) => NewIterator(upperBoundExclusive, hasUpperBound: true);

    /// <summary>Flushes the memtables to SST files and waits for it (RocksDB's <c>DB::Flush</c>).</summary>
    /// <exception cref="RocksDbException">The flush failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void Flush()
    {
        ThrowIfDisposed();
        using var flushOptions = NativeMethods.rocksdb_flushoptions_create();
        NativeMethods.rocksdb_flushoptions_set_wait(flushOptions, 1);
        NativeMethods.rocksdb_flush(_db, flushOptions, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Writes the write-ahead log buffer to its file and, when <paramref name="sync"/>, fsyncs it.</summary>
    /// <param name="sync">True to fsync the log file.</param>
    /// <exception cref="RocksDbException">The write or sync failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void FlushWal(bool sync)
    {
        ThrowIfDisposed();
        NativeMethods.rocksdb_flush_wal(_db, sync ? (byte)1 : (byte)0, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Reads an integer property such as <c>"rocksdb.estimate-num-keys"</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or null when the property is unknown or not an integer.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public ulong? GetIntProperty(string name)
    {
        ThrowIfDisposed();
        return NativeMethods.rocksdb_property_int(_db, name, out var value) == 0 ? value : null;
    }

    /// <summary>Reads a property as text, such as <c>"rocksdb.stats"</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or null when the property is unknown.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public string? GetProperty(string name)
    {
        ThrowIfDisposed();
        var p = NativeMethods.rocksdb_property_value(_db, name);
        if (p == nint.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(p);
        }
        finally
        {
            NativeMethods.rocksdb_free(p);
        }
    }

    /// <summary>
    /// Changes mutable options of the open database in one call (RocksDB's <c>SetOptions</c>), such as
    /// <c>write_buffer_size</c>. Thread-safe with respect to reads and writes.
    /// </summary>
    /// <param name="options">Option names and values as text.</param>
    /// <exception cref="RocksDbException">RocksDB rejected an option or value (then none is changed).</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void SetOptions(params ReadOnlySpan<KeyValuePair<string, string>> options)
    {
        ThrowIfDisposed();
        var names = new nint[options.Length];
        var values = new nint[options.Length];
        try
        {
            for (var i = 0; i < options.Length; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(options[i].Key);
                values[i] = Marshal.StringToCoTaskMemUTF8(options[i].Value);
            }

            nint err;
            fixed (nint* n = names)
            fixed (nint* v = values)
            {
                NativeMethods.rocksdb_set_options(_db, options.Length, n, v, out err);
            }

            RocksDbException.ThrowIfError(err);
        }
        finally
        {
            foreach (var p in names)
            {
                Marshal.FreeCoTaskMem(p);
            }

            foreach (var p in values)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>
    /// RocksDB's statistics (tickers and histograms) as text, <c>"rocksdb.block.cache.hit COUNT : 12"</c> lines,
    /// or null when the database was opened without statistics.
    /// </summary>
    /// <returns>The text, or null.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public string? GetStatistics()
    {
        ThrowIfDisposed();
        var p = NativeMethods.rocksdb_options_statistics_get_string(_options);
        if (p == nint.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(p);
        }
        finally
        {
            NativeMethods.rocksdb_free(p);
        }
    }

    /// <summary>Disposes every open iterator, leaves the memory budget, then closes the database. Idempotent.</summary>
    public void Dispose()
    {
        RocksIterator[] iterators;
        lock (_iteratorsLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            iterators = [.. _openIterators];
            _openIterators.Clear();
        }

        foreach (var iterator in iterators)
        {
            iterator.Dispose();
        }

        _budget.Detach(this);
        _readOptions.Dispose();
        _writeOptions.Dispose();
        _db.Dispose();
        _options.Dispose();
    }

    internal void Forget(RocksIterator iterator)
    {
        lock (_iteratorsLock)
        {
            _openIterators.Remove(iterator);
        }
    }

    private static OptionsHandle CreateOptions(RocksDbOptions options, RocksDbStoreSettings settings, MemoryBudget budget, long writeBufferSize)
    {
        var dbOptions = NativeMethods.rocksdb_options_create();
        try
        {
            NativeMethods.rocksdb_options_set_create_if_missing(dbOptions, 1);
            NativeMethods.rocksdb_options_set_keep_log_file_num(dbOptions, KeepLogFileNum);
            NativeMethods.rocksdb_options_set_write_buffer_size(dbOptions, (nuint)writeBufferSize);
            NativeMethods.rocksdb_options_set_max_write_buffer_number(dbOptions, MemoryBudget.MaxWriteBufferNumber);
            NativeMethods.rocksdb_options_set_arena_block_size(dbOptions, (nuint)MemoryBudget.ArenaBlockSizeFor(writeBufferSize));
            NativeMethods.rocksdb_options_set_max_open_files(dbOptions, settings.MaxOpenFiles);
            NativeMethods.rocksdb_options_set_compression(dbOptions, (int)settings.Compression);
            NativeMethods.rocksdb_options_set_compaction_style(dbOptions, (int)settings.CompactionStyle);
            if (settings.CompactionStyle == RocksDbCompactionStyle.Level)
            {
                NativeMethods.rocksdb_options_set_level_compaction_dynamic_level_bytes(dbOptions, 1);
            }

            if (settings.EnableStatistics)
            {
                NativeMethods.rocksdb_options_enable_statistics(dbOptions);
            }

            using (var table = NativeMethods.rocksdb_block_based_options_create())
            {
                NativeMethods.rocksdb_block_based_options_set_block_cache(table, budget.Cache);

                // Index and filter blocks count against the budget; high priority keeps them cached ahead of data
                // blocks, and level-0 ones (read by every lookup) stay pinned while their file lives.
                NativeMethods.rocksdb_block_based_options_set_cache_index_and_filter_blocks(table, 1);
                NativeMethods.rocksdb_block_based_options_set_cache_index_and_filter_blocks_with_high_priority(table, 1);
                NativeMethods.rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(table, 1);
                if (options.BloomFilterBitsPerKey > 0)
                {
                    // Ownership of the policy passes to the table options (a shared pointer inside RocksDB).
                    NativeMethods.rocksdb_block_based_options_set_filter_policy(
                        table, NativeMethods.rocksdb_filterpolicy_create_bloom_full(options.BloomFilterBitsPerKey));
                }

                // The factory copies the table options (and the cache's shared pointer).
                NativeMethods.rocksdb_options_set_block_based_table_factory(dbOptions, table);
            }

            var raw = settings.RawOptionsString();
            if (raw is null)
            {
                return dbOptions;
            }

            // A copy of the options above, changed by the raw options (shared pointers such as the cache are shared, not copied).
            var custom = NativeMethods.rocksdb_options_create();
            NativeMethods.rocksdb_get_options_from_string(dbOptions, raw, custom, out var err);
            if (err != nint.Zero)
            {
                custom.Dispose();
                RocksDbException.ThrowIfError(err);
            }

            dbOptions.Dispose();
            return custom;
        }
        catch
        {
            dbOptions.Dispose();
            throw;
        }
    }

    private RocksIterator NewIterator(ReadOnlySpan<byte> upperBound, bool hasUpperBound)
    {
        PerfContext.DisableOnThisThread();
        var readOptions = NativeMethods.rocksdb_readoptions_create();
        IteratorHandle? handle = null;
        try
        {
            if (hasUpperBound)
            {
                // The read options keep a native copy of the bound; the iterator keeps the options alive.
                readOptions.SetIterateUpperBound(upperBound);
            }

            lock (_iteratorsLock)
            {
                ThrowIfDisposed();
                handle = NativeMethods.rocksdb_create_iterator(_db, readOptions);
                handle.DependOn(_db, readOptions);
                var iterator = new RocksIterator(this, handle, readOptions);
                _openIterators.Add(iterator);
                return iterator;
            }
        }
        catch
        {
            handle?.Dispose();
            readOptions.Dispose();
            throw;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
