using System.Runtime.InteropServices;

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
    private readonly DbHandle _db;
    private readonly ReadOptionsHandle _readOptions;
    private readonly WriteOptionsHandle _writeOptions;
    private readonly Lock _iteratorsLock = new();
    private readonly HashSet<RocksIterator> _openIterators = [];
    private bool _disposed;

    private RocksDatabase(string path, OptionsHandle options, DbHandle db)
    {
        Path = path;
        _options = options;
        _db = db;
        _readOptions = NativeMethods.rocksdb_readoptions_create();
        _writeOptions = NativeMethods.rocksdb_writeoptions_create();
    }

    /// <summary>The directory of the database.</summary>
    public string Path { get; }

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
    /// Opens (creating if missing) the database in <paramref name="path"/>, whose parent must exist, with a
    /// block-based table using <paramref name="options"/>' shared LRU block cache and, when its bits per key
    /// are positive, a full bloom filter.
    /// </summary>
    /// <param name="path">The database directory.</param>
    /// <param name="options">Block cache and bloom filter settings.</param>
    /// <returns>The open database; dispose it to close.</returns>
    /// <exception cref="RocksDbException">RocksDB refused to open (locked, corrupt, unreadable directory).</exception>
    public static RocksDatabase Open(string path, RocksDbOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var dbOptions = NativeMethods.rocksdb_options_create();
        try
        {
            NativeMethods.rocksdb_options_set_create_if_missing(dbOptions, 1);
            NativeMethods.rocksdb_options_set_keep_log_file_num(dbOptions, KeepLogFileNum);
            using (var table = NativeMethods.rocksdb_block_based_options_create())
            {
                NativeMethods.rocksdb_block_based_options_set_block_cache(table, options.BlockCache);
                if (options.BloomFilterBitsPerKey > 0)
                {
                    // Ownership of the policy passes to the table options (a shared pointer inside RocksDB).
                    NativeMethods.rocksdb_block_based_options_set_filter_policy(
                        table, NativeMethods.rocksdb_filterpolicy_create_bloom_full(options.BloomFilterBitsPerKey));
                }

                // The factory copies the table options (and the cache's shared pointer).
                NativeMethods.rocksdb_options_set_block_based_table_factory(dbOptions, table);
            }

            var db = NativeMethods.rocksdb_open(dbOptions, path, out var err);
            if (err != nint.Zero)
            {
                db.Dispose();
                RocksDbException.ThrowIfError(err);
            }

            return new RocksDatabase(path, dbOptions, db);
        }
        catch
        {
            dbOptions.Dispose();
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

    /// <summary>Disposes every open iterator, then closes the database. Idempotent.</summary>
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

    private RocksIterator NewIterator(ReadOnlySpan<byte> upperBound, bool hasUpperBound)
    {
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
