using Streams.Runtime.Internal;
using System.Diagnostics.CodeAnalysis;
using Streams.RocksDb.Native;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Internal;

/// <summary>
/// A key-value bytes store in a RocksDB database at <c>{taskStateDirectory}/rocksdb/{name}</c>, as Kafka
/// Streams' <c>RocksDBStore</c>. Keys are ordered by unsigned bytes (RocksDB's default comparator); writes go
/// through the write-ahead log, and <see cref="Flush"/> fsyncs it (outside <see cref="StoreFlush.WithoutSync"/>; then <see cref="Close"/> does), so every write before a commit survives a
/// crash. Range and prefix iterators are point-in-time views; those still open when the store closes are
/// closed with it. Not thread-safe: a task uses its stores from one thread.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A state store releases its resources in IStateStore.Close, which the runtime always calls.")]
internal sealed class RocksDbKeyValueBytesStore : IKeyValueBytesStore, INativeRestoreCallback
{
    private const string EstimateNumKeys = "rocksdb.estimate-num-keys";

    private readonly RocksDbOptions _options;
    private RocksDatabase? _db;
    private RocksColumnFamily? _family;
    private RocksWriteBatch? _batch;
    private IDisposable? _metrics;
    private bool _unsynced;

    public RocksDbKeyValueBytesStore(string name)
        : this(name, RocksDbOptions.Default)
    {
    }

    public RocksDbKeyValueBytesStore(string name, RocksDbOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _options = options;
    }

    public string Name { get; }

    public bool Persistent => true;

    public bool IsOpen => _db is not null && _family is not { IsReleased: true };

    /// <summary>The database directory, set by <see cref="Init"/>.</summary>
    public string? DbDirectory { get; private set; }

    /// <summary>The open database, for tests and benchmarks; null while closed.</summary>
    internal RocksDatabase? Database => _db;

    /// <summary>The column family it reads and writes when it is one segment of a segmented store's database; else null.</summary>
    internal RocksColumnFamily? ColumnFamily => _family;

    public long ApproximateNumEntries
    {
        get
        {
            var db = Db();
            var n = (_family is null ? db.GetIntProperty(EstimateNumKeys) : _family.GetIntProperty(EstimateNumKeys)) ?? 0;
            return n > long.MaxValue ? long.MaxValue : (long)n;
        }
    }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(root);
        if (IsOpen)
        {
            throw new InvalidOperationException($"State store '{Name}' is already open.");
        }

        var dir = StateDirectory.ChildPath(Path.Combine(context.StateDirectory, "rocksdb"), Name, "store name");
        DbDirectory = dir;
        _db = Open(dir);
        _batch = new RocksWriteBatch();
        _metrics = RocksDbStoreMetrics.Register(_db, Name, context.TaskId.ToString());
        try
        {
            context.Register(root, this);
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <summary>
    /// Opens the database in <paramref name="dir"/> with every column family it holds, without registering it with a
    /// task: the database of a segmented store (<see cref="RocksDbSegmentedBytesStore"/>), whose segments are its column
    /// families (<see cref="OpenColumnFamily"/>) and which registers the store as a whole. The store's name selects its
    /// settings (<see cref="RocksDbOptions.ConfigureStore"/>, called once per open) and names it in errors; open errors
    /// (lock, corruption with <see cref="RocksDbOptions.OnCorruption"/>, options) are handled as for a key-value store.
    /// Its statistics are published as the store's; the properties per segment. It takes <paramref name="shares"/> shares
    /// of the memory budget's write buffer allowance (the live segments at most), each segment's memtables sized as one.
    /// </summary>
    internal RocksDatabase OpenSegmented(string dir, string taskId, int shares = 1)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException($"State store '{Name}' is already open.");
        }

        DbDirectory = dir;
        _db = Open(dir, withColumnFamilies: true, shares);
        _batch = new RocksWriteBatch();
        _metrics = RocksDbStoreMetrics.RegisterStatistics(_db, Name, taskId);
        return _db;
    }

    /// <summary>
    /// Opens the database in <paramref name="dir"/> (its default column family only) without registering it with a
    /// task: the database of a segmented store (<see cref="RocksDbSegmentedBytesStore"/>), whose segments are key
    /// prefixes of it (<see cref="RocksDbSegment"/>) and which registers the store as a whole. Open errors, settings,
    /// one write buffer share and metrics (statistics and properties, per store) as for a key-value store.
    /// </summary>
    internal RocksDatabase OpenUnregistered(string dir, string taskId)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException($"State store '{Name}' is already open.");
        }

        DbDirectory = dir;
        _db = Open(dir);
        _batch = new RocksWriteBatch();
        _metrics = RocksDbStoreMetrics.Register(_db, Name, taskId);
        return _db;
    }

    /// <summary>
    /// The keys in <c>[from, upperBoundExclusive)</c> (no upper bound when null), in key order, each returned without
    /// its first <paramref name="keyOffset"/> bytes: a segment's range under its key prefix.
    /// </summary>
    internal IKeyValueIterator<byte[], byte[]> RangeWithin(byte[] from, byte[]? upperBoundExclusive, int keyOffset)
    {
        var db = Db();
        var iterator = upperBoundExclusive is null ? db.NewIterator(_family) : db.NewIterator(upperBoundExclusive, _family);
        try
        {
            iterator.Seek(from);
            return new RocksDbRangeIterator(iterator, Name, keyOffset: keyOffset);
        }
        catch
        {
            iterator.Dispose();
            throw;
        }
    }

    /// <summary>Deletes every key in <c>[begin, end)</c> with one range tombstone (through the write-ahead log), in O(1) whatever the range holds.</summary>
    internal void DeleteRange(byte[] begin, byte[] end)
    {
        var db = Db();
        var batch = _batch!;
        try
        {
            batch.DeleteRange(begin, end, _family);
            db.Write(batch);
        }
        catch (RocksDbException e)
        {
            throw Failed("deleting a key range", e);
        }
        finally
        {
            batch.Clear();
        }
    }

    /// <summary>
    /// Gives back the disk of deleted key ranges: deletes the SST files (below level 0) whose keys all lie in
    /// <c>[first, last]</c> (RocksDB's <c>DeleteFilesInRange</c>; a manifest record only when it deletes any), then marks
    /// the files overlapping <c>[hintFrom, last]</c> for background compaction (<c>SuggestCompactRange</c>, a hint).
    /// </summary>
    internal void ReleaseFiles(byte[] first, byte[] last, byte[] hintFrom)
    {
        var db = Db();
        try
        {
            db.DeleteFilesInRange(first, last);
            db.SuggestCompactRange(hintFrom, last);
        }
        catch (RocksDbException e)
        {
            throw Failed("deleting the files of expired segments", e);
        }
    }

    /// <summary>
    /// Binds this store to <paramref name="family"/>, one segment of a segmented store's database (opened by
    /// <see cref="OpenSegmented"/>, which keeps owning it): reads, writes, batches and iterators go to that column family;
    /// <see cref="Close"/> leaves the database open. Metrics are tagged with <paramref name="segmentName"/>.
    /// </summary>
    internal void OpenColumnFamily(RocksColumnFamily family, string taskId, string segmentName)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (IsOpen)
        {
            throw new InvalidOperationException($"State store '{Name}' segment '{segmentName}' is already open.");
        }

        DbDirectory = family.Database.Path;
        _db = family.Database;
        _family = family;
        _batch = new RocksWriteBatch();
        _metrics = RocksDbStoreMetrics.Register(family, Name, taskId, segmentName);
    }

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        var db = Db();
        try
        {
            return db.Get(key, _family);
        }
        catch (RocksDbException e)
        {
            throw Failed("reading a key", e);
        }
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value)
    {
        if (value is null)
        {
            Delete(key);
            return;
        }

        var db = Db();
        try
        {
            db.Put(key, value, _family);
        }
        catch (RocksDbException e)
        {
            throw Failed("writing a key", e);
        }
    }

    public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var db = Db();
        var batch = _batch!;
        try
        {
            foreach (var (key, value) in entries)
            {
                if (value is null)
                {
                    batch.Delete(key, _family);
                }
                else
                {
                    batch.Put(key, value, _family);
                }
            }

            db.Write(batch);
        }
        catch (RocksDbException e)
        {
            throw Failed("writing a batch", e);
        }
        finally
        {
            batch.Clear();
        }
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        var db = Db();
        try
        {
            db.Delete(key, _family);
        }
        catch (RocksDbException e)
        {
            throw Failed("deleting a key", e);
        }
    }

    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to)
    {
        var db = Db();

        // [from, to] inclusive: the exclusive upper bound is to's immediate successor, to || 0x00.
        // When from > to, from >= to || 0x00, so the seek lands past the bound: an empty range.
        RocksIterator iterator;
        if (to is null)
        {
            iterator = db.NewIterator(_family);
        }
        else
        {
            Span<byte> bound = to.Length < 256 ? stackalloc byte[to.Length + 1] : new byte[to.Length + 1];
            to.CopyTo(bound);
            bound[^1] = 0;
            iterator = db.NewIterator(bound, _family);
        }

        return Positioned(iterator, from);
    }

    public IKeyValueIterator<byte[], byte[]> ReverseRange(byte[]? from, byte[]? to)
    {
        // [from, to] inclusive, backwards: position on the last key at or before to, stop below from.
        var iterator = Db().NewIterator(_family);
        try
        {
            if (to is null)
            {
                iterator.SeekToLast();
            }
            else
            {
                iterator.SeekForPrev(to);
            }

            return new RocksDbRangeIterator(iterator, Name, reverse: true, lowerBound: from);
        }
        catch
        {
            iterator.Dispose();
            throw;
        }
    }

    public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var db = Db();
        var end = PrefixEnd(prefix);
        var iterator = end is null ? db.NewIterator(_family) : db.NewIterator(end, _family);
        return Positioned(iterator, prefix);
    }

    public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records) => PutAll(records);

    /// <summary>A write batch for restored records, written by <see cref="IRestoreWriteBatch.Write"/> into this store.</summary>
    public IRestoreWriteBatch CreateRestoreBatch() => new NativeRestoreBatch(this);

    public void Flush()
    {
        var db = Db();
        try
        {
            // Inside StoreFlush.WithoutSync (the test driver's commit after every record) the log is written but not
            // fsynced; Close syncs it.
            var sync = StoreFlush.SyncRequired;
            db.FlushWal(sync);
            _unsynced = !sync;
        }
        catch (RocksDbException e)
        {
            throw Failed("flushing", e);
        }
    }

    /// <summary>Closes the store: its database, unless it is one column family of a database owned elsewhere (a segment).</summary>
    public void Close()
    {
        if (_unsynced && _db is not null)
        {
            _unsynced = false;
            try
            {
                _db.FlushWal(sync: true);
            }
            catch (RocksDbException)
            {
                // Best effort: what was flushed is in the log file already; closing must still release the database.
            }
        }

        _metrics?.Dispose();
        _metrics = null;
        _batch?.Dispose();
        _batch = null;
        if (_family is null)
        {
            _db?.Dispose();
        }

        _db = null;
        _family = null;
    }

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>, or null when there is none.</summary>
    internal static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var i = prefix.Length - 1;
        while (i >= 0 && prefix[i] == 0xFF)
        {
            i--;
        }

        if (i < 0)
        {
            return null;
        }

        var end = prefix[..(i + 1)].ToArray();
        end[i]++;
        return end;
    }

    private RocksDbRangeIterator Positioned(RocksIterator iterator, byte[]? from)
    {
        try
        {
            if (from is null)
            {
                iterator.SeekToFirst();
            }
            else
            {
                iterator.Seek(from);
            }

            return new RocksDbRangeIterator(iterator, Name);
        }
        catch
        {
            iterator.Dispose();
            throw;
        }
    }

    private RocksDatabase Open(string dir, bool withColumnFamilies = false, int shares = 1)
    {
        var settings = new RocksDbStoreSettings(Name, dir);
        if (_options.ConfigureStore is { } configure)
        {
            try
            {
                configure(Name, settings);
            }
            catch (Exception e)
            {
                throw new StateStoreException($"State store '{Name}': the RocksDbOptions.ConfigureStore callback failed: {e.Message}", e);
            }
        }

        try
        {
            Directory.CreateDirectory(dir);
            return withColumnFamilies ? RocksDatabase.OpenWithColumnFamilies(dir, _options, settings, shares) : RocksDatabase.Open(dir, _options, settings);
        }
        catch (RocksDbException e) when (e.Kind == RocksDbStatusKind.Locked)
        {
            throw new StateStoreException(
                $"State store '{Name}' cannot open its RocksDB directory '{dir}': the directory is locked by another open store. "
                + "Another Streams instance (in this process or another one) uses the same state directory: give each instance "
                + $"its own state directory, or stop the other instance first. RocksDB said: {e.Message}", e);
        }
        catch (RocksDbException e) when (e.Kind == RocksDbStatusKind.Corruption)
        {
            throw Corrupt(dir, e);
        }
        catch (RocksDbException e) when (e.Kind == RocksDbStatusKind.InvalidArgument && settings.RawOptions.Count > 0)
        {
            throw new StateStoreException(
                $"State store '{Name}' cannot open its RocksDB directory '{dir}': RocksDB rejected the options set by "
                + $"RocksDbOptions.ConfigureStore ({settings.RawOptionsString()}): {e.Message}", e);
        }
        catch (RocksDbException e)
        {
            throw new StateStoreException(
                $"State store '{Name}' cannot open its RocksDB directory '{dir}': {e.Message}. Check that the directory is "
                + $"readable and writable and the disk is not full; if the data is damaged, delete '{dir}' to restore the "
                + "store from its changelog topic.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException($"State store '{Name}' cannot create its RocksDB directory '{dir}': {e.Message}", e);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException { InnerException: NativeImport.NativeLoadException })
        {
            // RocksDbSharp resolves the library in its Native type's static constructor: a missing or unloadable file
            // surfaces as that type's TypeInitializationException around a NativeLoadException listing the paths tried.
            throw new StateStoreException(
                $"State store '{Name}' needs the native RocksDB library (librocksdb.so / rocksdb.dll), which the RocksDB NuGet "
                + $"package carries under runtimes/<rid>/native; it was not found or did not load for this platform: {(e.InnerException ?? e).Message}", e);
        }
    }

    private StateStoreException Corrupt(string dir, RocksDbException e)
    {
        if (_options.OnCorruption == RocksDbCorruptionHandling.Wipe)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception deleteError) when (deleteError is IOException or UnauthorizedAccessException)
            {
                return new StateStoreException(
                    $"State store '{Name}' found its RocksDB directory '{dir}' corrupt and could not delete it "
                    + $"(RocksDbOptions.OnCorruption is Wipe): {deleteError.Message}. Delete '{dir}' and restart: the store "
                    + $"is then restored from its changelog topic. RocksDB said: {e.Message}", e);
            }

            return new StateStoreWipedException(
                Name,
                $"State store '{Name}' found its RocksDB directory '{dir}' corrupt and deleted it (RocksDbOptions.OnCorruption "
                + "is Wipe). A StreamsApplication creates the task again on empty state and rebuilds the store from the beginning "
                + $"of its changelog topic in the same start; a store opened by other code opens empty next time. RocksDB said: {e.Message}", e);
        }

        return new StateStoreException(
            $"State store '{Name}' cannot open its RocksDB directory '{dir}': its data is corrupt. Delete the directory "
            + $"'{dir}' and restart: the store is then restored from its changelog topic (or set RocksDbOptions.OnCorruption "
            + $"to Wipe to have corrupt stores deleted automatically). The files are left in place for inspection. RocksDB said: {e.Message}", e);
    }

    private StateStoreException Failed(string operation, RocksDbException e) =>
        new($"State store '{Name}' failed {operation} in '{DbDirectory}': {e.Message}", e);

    private RocksDatabase Db() =>
        _db is { } db && _family is not { IsReleased: true } ? db : throw new ObjectDisposedException(Name, $"State store '{Name}' is not open.");

    /// <summary>Restored records in a RocksDB write batch: filled from the Kafka client's buffers, written whole.</summary>
    private sealed class NativeRestoreBatch(RocksDbKeyValueBytesStore store) : IRestoreWriteBatch
    {
        private readonly RocksWriteBatch _batch = new();

        public int Count { get; private set; }

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            _batch.Put(key, value, store._family);
            Count++;
        }

        public void Delete(ReadOnlySpan<byte> key)
        {
            _batch.Delete(key, store._family);
            Count++;
        }

        public void Write()
        {
            var db = store.Db();
            try
            {
                db.Write(_batch);
            }
            catch (RocksDbException e)
            {
                throw store.Failed("writing a restore batch", e);
            }
            finally
            {
                Clear();
            }
        }

        public void Clear()
        {
            _batch.Clear();
            Count = 0;
        }

        public void Dispose() => _batch.Dispose();
    }
}
