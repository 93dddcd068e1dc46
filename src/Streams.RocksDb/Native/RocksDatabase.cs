using System.Runtime.InteropServices;
using RocksDbSharp;
using PackageDb = RocksDbSharp.RocksDb;
using Streams.RocksDb.Internal;

namespace Streams.RocksDb.Native;

/// <summary>
/// One open RocksDB database, a thin layer over the RocksDB NuGet package (<c>RocksDbSharp.RocksDb</c>, RocksDB 11.12):
/// span-based point reads and writes, write batches, iterators and flushes, with the write-ahead log on (RocksDB's
/// default). It adds what the stores need around the package: the shared memory budget (block cache and write buffer
/// manager), the project's <see cref="RocksDbException"/> (the package's errors are rethrown as it, message kept and
/// classified), tracking of open iterators (they cannot outlive it: it disposes them when it is disposed, after which
/// they throw <see cref="ObjectDisposedException"/>), and the perf-context switch. Like a RocksDB <c>DB*</c> it may be
/// read and written from several threads, but <see cref="Dispose"/> must not race with other calls' use of returned
/// iterators. (Named <c>RocksDatabase</c>, not <c>RocksDb</c>, because a type named like the <c>Streams.RocksDb</c>
/// namespace could not be named unqualified from any <c>Streams.*</c> namespace.)
/// <para>
/// A database opened with <see cref="OpenWithColumnFamilies"/> holds the time segments of one segmented store as column
/// families (<see cref="RocksColumnFamily"/>): the reads, writes and iterators below then take the family; the database
/// takes as many shares of the memory budget as it may have live segments, each family sized as one share (the default
/// family stays empty).
/// </para>
/// </summary>
internal sealed unsafe class RocksDatabase : IDisposable, IMemtableOwner
{
    // Each reopen of a directory rotates RocksDB's LOG file into LOG.old.*; keep a few, not RocksDB's 1000.
    private const int KeepLogFileNum = 5;

    private readonly DbOptions _options;
    private readonly DbOptions? _rawOptions;
    private readonly MemoryBudget _budget;
    private readonly PackageDb _db;
    private readonly ReadOptions _readOptions = new();
    private readonly WriteOptions _writeOptions = new();
    private readonly Lock _iteratorsLock = new();
    private readonly HashSet<RocksIterator> _openIterators = [];
    private readonly ColumnFamilyOptions? _familyOptions;
    private readonly ColumnFamilyOptions? _defaultFamilyOptions;
    private readonly Dictionary<string, RocksColumnFamily>? _families;
    private readonly Lock _familiesLock = new();
    private bool _disposed;

    private RocksDatabase(
        string path, DbOptions options, DbOptions? rawOptions, PackageDb db, MemoryBudget budget,
        ColumnFamilyOptions? familyOptions = null, ColumnFamilyOptions? defaultFamilyOptions = null)
    {
        Path = path;
        _options = options;
        _rawOptions = rawOptions;
        _db = db;
        _budget = budget;
        _familyOptions = familyOptions;
        _defaultFamilyOptions = defaultFamilyOptions;
        _families = familyOptions is null ? null : new Dictionary<string, RocksColumnFamily>(StringComparer.Ordinal);
    }

    /// <summary>The directory of the database.</summary>
    public string Path { get; }

    /// <summary>The memory budget this database counts against.</summary>
    public MemoryBudget Budget => _budget;

    /// <summary>The write buffer size last applied to this database by its budget, in bytes; null once disposed.</summary>
    public long? WriteBufferSize => _budget.WriteBufferSizeOf(this);

    /// <summary>Whether it was opened with column families (<see cref="OpenWithColumnFamilies"/>).</summary>
    public bool HasColumnFamilies => _families is not null;

    /// <summary>Whether it is disposed (closed).</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Its live column families other than the default one (none unless opened with <see cref="OpenWithColumnFamilies"/>).</summary>
    public IReadOnlyList<RocksColumnFamily> ColumnFamilies
    {
        get
        {
            lock (_familiesLock)
            {
                return _families is null ? [] : [.. _families.Values];
            }
        }
    }

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
    /// block cache, write buffer manager and write buffer sizing of <paramref name="options"/>' memory budget, a
    /// block-based table that keeps index and filter blocks in that cache, a full bloom filter when its bits per key are
    /// positive, and the per-store <paramref name="settings"/>. The database counts against the budget until it is disposed.
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
        try
        {
            var dbOptions = CreateOptions(new DbOptions(), options, settings, budget, writeBufferSize);
            var rawOptions = WithRawOptions(dbOptions, settings);
            var db = Call(() => PackageDb.Open(rawOptions ?? dbOptions, path));
            var database = new RocksDatabase(path, dbOptions, rawOptions, db, budget);
            budget.Attach(database, writeBufferSize);
            return database;
        }
        catch
        {
            budget.CancelOpen();
            throw;
        }
    }

    /// <summary>
    /// Opens (creating if missing) the database in <paramref name="path"/> with every column family it holds, for the
    /// segments of one segmented store: the options are those of <see cref="Open"/> (shared cache, write buffer manager,
    /// table options, per-store <paramref name="settings"/>), applied to the database and to every column family. The
    /// database takes <paramref name="shares"/> shares of the budget's write buffer allowance until it is disposed, and
    /// every column family other than the default one (created now or later) gets the write buffer size of one share,
    /// resized with <see cref="SetOptions(ReadOnlySpan{KeyValuePair{string, string}})"/> when other databases open or close; creating or dropping a column family
    /// changes no share. The default family, left empty, gets the smallest write buffer.
    /// </summary>
    /// <param name="path">The database directory.</param>
    /// <param name="options">The shared memory budget and bloom filter settings.</param>
    /// <param name="settings">Per-store settings; null for their defaults.</param>
    /// <param name="shares">The write buffer shares to take: the number of column families expected to be live at most.</param>
    /// <returns>The open database; dispose it to close (which releases every column family handle).</returns>
    /// <exception cref="RocksDbException">RocksDB refused to open (locked, corrupt, unreadable directory, invalid raw option).</exception>
    public static RocksDatabase OpenWithColumnFamilies(string path, RocksDbOptions options, RocksDbStoreSettings? settings = null, int shares = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        settings ??= new RocksDbStoreSettings(System.IO.Path.GetFileName(path), path);
        var budget = options.Budget;
        var dbOptions = CreateOptions(new DbOptions(), options, settings, budget, MemoryBudget.MinWriteBufferSize);
        var rawOptions = WithRawOptions(dbOptions, settings);
        var effective = rawOptions ?? dbOptions;

        // RocksDB opens a database only with every column family it holds; a missing database has just the default one.
        string[] names = File.Exists(System.IO.Path.Combine(path, "CURRENT")) ? [.. Call(() => PackageDb.ListColumnFamilies(effective, path))] : [];
        var families = names.Where(n => n != RocksDbSharp.ColumnFamilies.DefaultName).ToArray();
        var writeBufferSize = budget.BeginOpen(shares);
        try
        {
            var defaultFamily = FamilyOptions(options, settings, budget, MemoryBudget.MinWriteBufferSize);
            var familyOptions = FamilyOptions(options, settings, budget, writeBufferSize);
            var descriptors = new ColumnFamilies(defaultFamily);
            foreach (var name in families)
            {
                descriptors.Add(name, familyOptions);
            }

            var db = Call(() => PackageDb.Open(effective, path, descriptors));
            var database = new RocksDatabase(path, dbOptions, rawOptions, db, budget, familyOptions, defaultFamily);
            foreach (var name in families)
            {
                database._families![name] = new RocksColumnFamily(database, name, db.GetColumnFamily(name));
            }

            budget.Attach(database, writeBufferSize, shares);
            return database;
        }
        catch
        {
            budget.CancelOpen(shares);
            throw;
        }
    }

    /// <summary>
    /// Creates the column family <paramref name="name"/> (one new segment), with the database's column family options
    /// and the write buffer size of one of its budget shares. No directory, no files until its memtable is flushed: a
    /// record in the database's manifest (and, as after every column family change, a new OPTIONS file).
    /// </summary>
    /// <param name="name">The column family name; not one that exists.</param>
    /// <returns>The new column family.</returns>
    /// <exception cref="RocksDbException">RocksDB refused (the name exists, an I/O error).</exception>
    /// <exception cref="InvalidOperationException">The database was not opened with column families.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public RocksColumnFamily CreateColumnFamily(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfDisposed();
        var families = _families ?? throw new InvalidOperationException($"RocksDB database '{Path}' was not opened with column families.");
        var writeBufferSize = _budget.WriteBufferSizeOf(this) ?? MemoryBudget.MinWriteBufferSize;
        var options = _familyOptions!;
        options.SetWriteBufferSize((ulong)writeBufferSize).SetArenaBlockSize((ulong)MemoryBudget.ArenaBlockSizeFor(writeBufferSize));
        lock (_familiesLock)
        {
            var handle = Call(() => _db.CreateColumnFamily(options, name));
            var family = new RocksColumnFamily(this, name, handle);
            families.Add(name, family);
            return family;
        }
    }

    /// <summary>
    /// Drops <paramref name="family"/> (one expired segment) and releases its native handle: RocksDB forgets it at once
    /// and deletes its files once nothing reads them. Iterators still open on it are disposed first. Idempotent.
    /// </summary>
    /// <param name="family">A column family of this database.</param>
    /// <exception cref="RocksDbException">RocksDB refused to drop it.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void DropColumnFamily(RocksColumnFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        ThrowIfDisposed();
        if (family.Database != this)
        {
            throw new ArgumentException($"Column family '{family.Name}' belongs to another database.", nameof(family));
        }

        if (family.IsReleased)
        {
            return;
        }

        RocksIterator[] iterators;
        lock (_iteratorsLock)
        {
            iterators = [.. _openIterators.Where(i => i.Family == family)];
        }

        foreach (var iterator in iterators)
        {
            iterator.Dispose();
        }

        lock (_familiesLock)
        {
            Call(() => _db.DropColumnFamily(family.Name));
            _families!.Remove(family.Name);
            family.Release(destroyHandle: true);
        }
    }

    /// <summary>Reads the value of <paramref name="key"/> (one copy out of RocksDB).</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <returns>The value, or null when the key is absent.</returns>
    /// <exception cref="RocksDbException">The read failed.</exception>
    /// <exception cref="ObjectDisposedException">The database (or the column family) is closed.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key, RocksColumnFamily? family = null)
    {
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        try
        {
            return _db.Get(key, Family(family), _readOptions);
        }
        catch (RocksDbSharp.RocksDbSharpException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes (may be empty).</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The database (or the column family) is closed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, RocksColumnFamily? family = null)
    {
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        try
        {
            _db.Put(key, value, Family(family), _writeOptions);
        }
        catch (RocksDbSharp.RocksDbSharpException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Deletes <paramref name="key"/> (a no-op when absent).</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The database (or the column family) is closed.</exception>
    public void Delete(ReadOnlySpan<byte> key, RocksColumnFamily? family = null)
    {
        ThrowIfDisposed();
        PerfContext.DisableOnThisThread();
        try
        {
            _db.Remove(key, Family(family), _writeOptions);
        }
        catch (RocksDbSharp.RocksDbSharpException e)
        {
            throw Translate(e);
        }
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
        try
        {
            _db.Write(batch.Batch, _writeOptions);
        }
        catch (RocksDbSharp.RocksDbSharpException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Creates an iterator over the whole database or column family (unpositioned: seek it first).</summary>
    /// <param name="family">The column family; null for the default one.</param>
    /// <returns>The iterator; dispose it.</returns>
    /// <exception cref="ObjectDisposedException">The database (or the column family) is closed.</exception>
    public RocksIterator NewIterator(RocksColumnFamily? family = null) => NewIterator(default, hasUpperBound: false, family);

    /// <summary>Creates an iterator that stops before <paramref name="upperBoundExclusive"/> (unpositioned: seek it first).</summary>
    /// <param name="upperBoundExclusive">The first key not to return.</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <returns>The iterator; dispose it.</returns>
    /// <exception cref="ObjectDisposedException">The database (or the column family) is closed.</exception>
    public RocksIterator NewIterator(ReadOnlySpan<byte> upperBoundExclusive, RocksColumnFamily? family = null) => NewIterator(upperBoundExclusive, hasUpperBound: true, family);

    /// <summary>
    /// Flushes the memtables to SST files and waits for it (RocksDB's <c>DB::Flush</c>): those of the default column
    /// family and of every other one.
    /// </summary>
    /// <exception cref="RocksDbException">The flush failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void Flush()
    {
        ThrowIfDisposed();
        var flushOptions = new FlushOptions().SetWaitForFlush(true);
        Call(() => _db.Flush(flushOptions));
        foreach (var family in ColumnFamilies)
        {
            Call(() => RocksDbSharp.Native.Instance.rocksdb_flush_cf(_db.Handle, flushOptions.Handle, family.Handle.Handle));
        }

        GC.KeepAlive(flushOptions);
    }

    /// <summary>
    /// Deletes the SST files of the default column family whose keys all lie in <c>[begin, end]</c> (RocksDB's
    /// <c>DeleteFilesInRange</c>): their disk space comes back at once, without a compaction. Keys of the range in
    /// files that also hold other keys stay until compaction. A manifest record when it deletes any file; nothing when none.
    /// </summary>
    /// <param name="begin">The first key of the range.</param>
    /// <param name="end">The last key of the range.</param>
    /// <exception cref="RocksDbException">RocksDB refused.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void DeleteFilesInRange(byte[] begin, byte[] end)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(end);
        ThrowIfDisposed();

        // The package has no managed DeleteFilesInRange: its C API binding.
        RocksDbSharp.Native.Instance.rocksdb_delete_file_in_range(_db.Handle, begin, (nuint)begin.Length, end, (nuint)end.Length, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Compacts the whole default column family and waits for it (RocksDB's <c>CompactRange</c>), for tests and benchmarks.</summary>
    /// <exception cref="RocksDbException">The compaction failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    internal void CompactAll()
    {
        ThrowIfDisposed();
        Call(() => _db.CompactRange((byte[]?)null, null));
    }

    /// <summary>
    /// Marks the SST files of the default column family overlapping <c>[begin, end]</c> for compaction (RocksDB's
    /// <c>SuggestCompactRange</c>), a hint: background compaction rewrites them, dropping what range deletes cover, so
    /// their disk space comes back without the caller waiting or writing anything.
    /// </summary>
    /// <param name="begin">The first key of the range.</param>
    /// <param name="end">The last key of the range.</param>
    /// <exception cref="RocksDbException">RocksDB refused.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void SuggestCompactRange(byte[] begin, byte[] end)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(end);
        ThrowIfDisposed();
        RocksDbSharp.Native.Instance.rocksdb_suggest_compact_range(_db.Handle, begin, (nuint)begin.Length, end, (nuint)end.Length, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Writes the write-ahead log buffer to its file and, when <paramref name="sync"/>, fsyncs it.</summary>
    /// <param name="sync">True to fsync the log file.</param>
    /// <exception cref="RocksDbException">The write or sync failed.</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void FlushWal(bool sync)
    {
        ThrowIfDisposed();

        // The package has no managed FlushWal: its C API binding.
        RocksDbSharp.Native.Instance.rocksdb_flush_wal(_db.Handle, sync ? (byte)1 : (byte)0, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Reads an integer property such as <c>"rocksdb.estimate-num-keys"</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or null when the property is unknown or not an integer.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public ulong? GetIntProperty(string name)
    {
        ThrowIfDisposed();
        ulong value;
        return RocksDbSharp.Native.Instance.rocksdb_property_int(_db.Handle, name, (nint)(&value)) == 0 ? value : null;
    }

    /// <inheritdoc cref="IMemtableOwner.GetIntProperty"/>
    /// <remarks>For a database with column families, the sum over all of them (meant for sizes, such as memtable bytes).</remarks>
    ulong? IMemtableOwner.GetIntProperty(string name)
    {
        var total = GetIntProperty(name);
        foreach (var family in ColumnFamilies)
        {
            try
            {
                if (GetIntProperty(name, family) is { } value)
                {
                    total = (total ?? 0) + value;
                }
            }
            catch (ObjectDisposedException)
            {
                // Dropped meanwhile.
            }
        }

        return total;
    }

    /// <summary>Reads a property as text, such as <c>"rocksdb.stats"</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or null when the property is unknown.</returns>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public string? GetProperty(string name)
    {
        ThrowIfDisposed();
        return _db.GetProperty(name);
    }

    /// <summary>
    /// Changes mutable options of the open database in one call (RocksDB's <c>SetOptions</c>), such as
    /// <c>write_buffer_size</c>; for a database opened with column families, those of every column family but the
    /// default one. Thread-safe with respect to reads and writes.
    /// </summary>
    /// <param name="options">Option names and values as text.</param>
    /// <exception cref="RocksDbException">RocksDB rejected an option or value (then none is changed).</exception>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public void SetOptions(params ReadOnlySpan<KeyValuePair<string, string>> options)
    {
        ThrowIfDisposed();
        if (_families is not null)
        {
            // The budget resizes a segmented store's memtables: those of its column families (the default one stays empty).
            lock (_familiesLock)
            {
                foreach (var family in _families.Values)
                {
                    SetFamilyOptions(family, options);
                }
            }

            return;
        }

        var copy = options.ToArray();
        Call(() => _db.SetOptions(copy));
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
        return (_rawOptions ?? _options).GetStatisticsString();
    }

    /// <summary>
    /// Disposes every open iterator, leaves the memory budget (with every column family), then closes the database,
    /// which releases the native handles of its column families. Idempotent.
    /// </summary>
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
        lock (_familiesLock)
        {
            // The package's database destroys the handles of the families it opened or created and has not dropped.
            _db.Dispose();
            foreach (var family in _families?.Values ?? Enumerable.Empty<RocksColumnFamily>())
            {
                family.Release(destroyHandle: false);
            }

            _families?.Clear();
        }

        // The options objects free their native side when finalized; they must outlive the database.
        GC.KeepAlive(_options);
        GC.KeepAlive(_rawOptions);
        GC.KeepAlive(_readOptions);
        GC.KeepAlive(_writeOptions);
        GC.KeepAlive(_familyOptions);
        GC.KeepAlive(_defaultFamilyOptions);
    }

    /// <summary>The number of iterators open on <paramref name="family"/>.</summary>
    internal int OpenIteratorCountOf(RocksColumnFamily family)
    {
        lock (_iteratorsLock)
        {
            return _openIterators.Count(i => i.Family == family);
        }
    }

    /// <summary>Changes mutable options of <paramref name="family"/> (RocksDB's <c>SetOptions(cf, ...)</c>).</summary>
    internal void SetOptions(RocksColumnFamily family, ReadOnlySpan<KeyValuePair<string, string>> options)
    {
        ThrowIfDisposed();
        lock (_familiesLock)
        {
            SetFamilyOptions(family, options);
        }
    }

    /// <summary>Reads an integer property of <paramref name="family"/>; null when unknown or when the family is gone.</summary>
    internal ulong? GetIntProperty(string name, RocksColumnFamily family)
    {
        ThrowIfDisposed();
        lock (_familiesLock)
        {
            // Under the lock: a drop (or close) on the stream thread cannot destroy the handle during the read.
            ObjectDisposedException.ThrowIf(family.IsReleased || _disposed, family);
            ulong value;
            return RocksDbSharp.Native.Instance.rocksdb_property_int_cf(_db.Handle, family.Handle.Handle, name, (nint)(&value)) == 0 ? value : null;
        }
    }

    internal void Forget(RocksIterator iterator)
    {
        lock (_iteratorsLock)
        {
            _openIterators.Remove(iterator);
        }
    }

    /// <summary>Rethrows the package's exception as the project's, with RocksDB's status text and its kind.</summary>
    internal static RocksDbException Translate(RocksDbSharp.RocksDbSharpException e) => new(e.Message, e);

    private static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RocksDbSharp.RocksDbSharpException e)
        {
            throw Translate(e);
        }
    }

    private static void Call(Action call)
    {
        try
        {
            call();
        }
        catch (RocksDbSharp.RocksDbSharpException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Column family options: those of <see cref="CreateOptions"/> (the table, memtable and compaction settings apply per family), raw options applied.</summary>
    private static ColumnFamilyOptions FamilyOptions(RocksDbOptions options, RocksDbStoreSettings settings, MemoryBudget budget, long writeBufferSize)
    {
        var familyOptions = CreateOptions(new ColumnFamilyOptions(), options, settings, budget, writeBufferSize);
        return WithRawOptions(familyOptions, settings) ?? familyOptions;
    }

    private static T CreateOptions<T>(T created, RocksDbOptions options, RocksDbStoreSettings settings, MemoryBudget budget, long writeBufferSize)
        where T : Options<T>
    {
        var dbOptions = created
            .SetCreateIfMissing(true)
            .SetKeepLogFileNum(KeepLogFileNum)
            .SetWriteBufferSize((ulong)writeBufferSize)
            .SetMaxWriteBufferNumber(MemoryBudget.MaxWriteBufferNumber)
            .SetArenaBlockSize((ulong)MemoryBudget.ArenaBlockSizeFor(writeBufferSize))
            .SetMaxOpenFiles(settings.MaxOpenFiles)
            .SetCompression((Compression)(int)settings.Compression)
            .SetCompactionStyle((Compaction)(int)settings.CompactionStyle);
        if (settings.CompactionStyle == RocksDbCompactionStyle.Level)
        {
            dbOptions.SetLevelCompactionDynamicLevelBytes(true);
        }

        if (settings.EnableStatistics)
        {
            dbOptions.EnableStatistics();
        }

        // Memtables are charged to the shared block cache by the budget's write buffer manager (no managed wrapper in
        // the package: its C API binding). The options keep a shared pointer to the manager.
        RocksDbSharp.Native.Instance.rocksdb_options_set_write_buffer_manager(dbOptions.Handle, budget.WriteBufferManager);

        var table = new BlockBasedTableOptions()
            .SetBlockCache(budget.Cache)

            // Index and filter blocks count against the budget; high priority keeps them cached ahead of data
            // blocks, and level-0 ones (read by every lookup) stay pinned while their file lives.
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);
        RocksDbSharp.Native.Instance.rocksdb_block_based_options_set_cache_index_and_filter_blocks_with_high_priority(table.Handle, 1);
        if (options.BloomFilterBitsPerKey > 0)
        {
            // Ownership of the policy passes to the table options (a shared pointer inside RocksDB).
            table.SetFilterPolicy(RocksDbSharp.Native.Instance.rocksdb_filterpolicy_create_bloom_full(options.BloomFilterBitsPerKey));
        }

        // The factory copies the table options (and the cache's shared pointer); the options keep the managed object alive.
        dbOptions.SetBlockBasedTableFactory(table);
        return dbOptions;
    }

    /// <summary>
    /// A copy of <paramref name="dbOptions"/> changed by the store's raw options (shared pointers such as the cache and the
    /// write buffer manager are shared, not copied), or null when it has none.
    /// </summary>
    private static T? WithRawOptions<T>(T dbOptions, RocksDbStoreSettings settings)
        where T : Options<T>, new()
    {
        var raw = settings.RawOptionsString();
        if (raw is null)
        {
            return null;
        }

        var custom = new T();
        var text = Marshal.StringToCoTaskMemUTF8(raw);
        try
        {
            RocksDbSharp.Native.Instance.rocksdb_get_options_from_string(dbOptions.Handle, text, custom.Handle, out var err);
            RocksDbException.ThrowIfError(err);
            return custom;
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    /// <summary>The package's handle of <paramref name="family"/>, or null for the default family.</summary>
    private ColumnFamilyHandle? Family(RocksColumnFamily? family)
    {
        if (family is null)
        {
            return null;
        }

        if (family.Database != this)
        {
            throw new ArgumentException($"Column family '{family.Name}' belongs to another database.", nameof(family));
        }

        return family.Handle;
    }

    private RocksIterator NewIterator(ReadOnlySpan<byte> upperBound, bool hasUpperBound, RocksColumnFamily? family)
    {
        PerfContext.DisableOnThisThread();
        var readOptions = new ReadOptions();
        if (hasUpperBound)
        {
            // The package's ReadOptions keeps a native copy of the bound (freed with the options); the iterator keeps the options alive.
            readOptions.SetIterateUpperBound(upperBound.ToArray());
        }

        lock (_iteratorsLock)
        {
            ThrowIfDisposed();
            var native = _db.NewIterator(Family(family), readOptions);
            var iterator = new RocksIterator(this, native, readOptions, family);
            _openIterators.Add(iterator);
            return iterator;
        }
    }

    /// <summary>SetOptions of one column family; the caller holds the families lock (so that no drop or close destroys its handle meanwhile).</summary>
    private void SetFamilyOptions(RocksColumnFamily family, ReadOnlySpan<KeyValuePair<string, string>> options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var keys = new string[options.Length];
        var values = new string[options.Length];
        for (var i = 0; i < options.Length; i++)
        {
            (keys[i], values[i]) = options[i];
        }

        // The package has no managed SetOptions for a column family: its C API binding.
        RocksDbSharp.Native.Instance.rocksdb_set_options_cf(_db.Handle, family.Handle.Handle, keys.Length, keys, values, out var err);
        RocksDbException.ThrowIfError(err);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
