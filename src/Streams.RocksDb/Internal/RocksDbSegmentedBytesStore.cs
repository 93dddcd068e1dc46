using Streams.Runtime.Internal;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Streams.Processor.Internal;
using Streams.RocksDb.Native;
using Streams.State;

namespace Streams.RocksDb.Internal;

/// <summary>
/// An ordered bytes store split into time segments, as Kafka Streams' <c>RocksDBSegmentedBytesStore</c>, but with all
/// segments in one RocksDB database per store and task (in <c>{taskDir}/rocksdb/{storeName}</c>), in its default column
/// family, each segment a key prefix instead of a database of its own. A record's segment timestamp (a window's start, a
/// session's end; read from the key by the store's key schema) picks its segment: id = timestamp / segment interval
/// (floored), prefix = the id's 8 bytes big-endian, sign bit flipped (<see cref="RocksDbSegment.Prefix"/>), so that the
/// segments lie in id order; Kafka's name <c>{storeName}.{id x interval}</c> only names it in logs.
/// <para>
/// Expiry, as Kafka Streams' <c>Segments</c>: the observed stream time is the largest segment timestamp written or
/// restored (on open, the largest in the newest segment). The oldest live segment is
/// <c>segmentId(observedStreamTime - retention)</c>; every older segment is dropped (one range delete over its prefix,
/// in O(1) whatever it holds) as soon as stream time moves past it, and a write into it is skipped (counted and logged
/// through <see cref="DroppedRecords.ExpiredWrite"/>; a restored record is skipped silently). At most
/// <c>retention / interval + 1</c> segments are live.
/// </para>
/// <para>
/// A new segment writes nothing of its own: no directory, file, column family, manifest record or OPTIONS file, so that
/// a replay racing through event time creates and drops segments for the price of one range tombstone each (through the
/// write-ahead log into the memtable). At the drop the SST files holding only expired segments are deleted (RocksDB's
/// DeleteFilesInRange, which skips level 0; a manifest record only when it deletes a file) and the files holding the
/// segment are marked for background compaction (a hint, no write), which drops the covered keys; on open the files
/// holding only expired segments are deleted again. On open the segments are found by seeking from prefix to next prefix. The database has
/// the store's <see cref="RocksDbOptions"/> (memory budget, table options and <see cref="RocksDbOptions.ConfigureStore"/>
/// settings, under the store's name) and, like a key-value store, one memtable and one write buffer share of the budget;
/// its properties and statistics are published per store. <see cref="Flush"/> syncs its write-ahead log. Reads merge the
/// byte ranges of the segments concerned into one key order, so the store reads like one sorted key-value store; an
/// iterator reads the database as of its creation, so a segment dropped under an open iterator stays readable to it.
/// Restoration groups each batch into one write batch per segment.
/// </para>
/// <para>
/// Layout changes are migrated on open, never misread: the store directory records the segment interval (the file
/// <c>.segment-interval</c>) and the layout (the file <c>.segment-layout</c>, <c>key-prefix</c>). A directory written by
/// the single-database layout (a RocksDB database directly in <c>{storeName}</c>, without the interval file), by the
/// column-family-per-segment layout (no layout file), by the database-per-segment layout (sub-directories
/// <c>{storeName}.{start}</c>, each a database), or with another segment interval is moved aside to
/// <c>.{storeName}.migrating</c>, copied record by record into the right segments (expired ones left out) and deleted;
/// an interrupted migration starts over on the next open. Not thread-safe.
/// </para>
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A state store releases its resources in Close, which the runtime always calls.")]
internal sealed class RocksDbSegmentedBytesStore : IStateRestoreCallback
{
    /// <summary>The smallest default segment interval, 60 s, as Kafka Streams.</summary>
    public const long MinimumSegmentIntervalMs = 60_000;

    /// <summary>The file in the store directory that records the segment interval the segments were written with.</summary>
    public const string IntervalFileName = ".segment-interval";

    /// <summary>The file in the store directory that records the layout of the segments: <see cref="LayoutKeyPrefix"/>.</summary>
    public const string LayoutFileName = ".segment-layout";

    /// <summary>The layout of this version: all segments in the default column family, each a key prefix.</summary>
    public const string LayoutKeyPrefix = "key-prefix";

    private const int MigrationBatchSize = 10_000;

    private readonly RocksDbOptions _options;
    private readonly Func<byte[], long?> _segmentTimestamp;
    private readonly SortedDictionary<long, RocksDbSegment> _segments = [];
    private IStateStoreContext? _context;
    private RocksDbKeyValueBytesStore? _main;
    private RocksDatabase? _db;

    /// <param name="name">The store name: names its directory and its segments.</param>
    /// <param name="retentionPeriodMs">How long records are kept, from their segment timestamp, in milliseconds.</param>
    /// <param name="segmentIntervalMs">The time span of one segment, in milliseconds; positive.</param>
    /// <param name="options">Memory budget and store settings of every segment.</param>
    /// <param name="segmentTimestamp">The key schema: a stored key's segment timestamp, or null for a key the schema does not know (skipped).</param>
    public RocksDbSegmentedBytesStore(string name, long retentionPeriodMs, long segmentIntervalMs, RocksDbOptions options, Func<byte[], long?> segmentTimestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(retentionPeriodMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentIntervalMs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(segmentTimestamp);
        Name = name;
        RetentionPeriodMs = retentionPeriodMs;
        SegmentIntervalMs = segmentIntervalMs;
        _options = options;
        _segmentTimestamp = segmentTimestamp;
    }

    public string Name { get; }

    public long RetentionPeriodMs { get; }

    public long SegmentIntervalMs { get; }

    public bool IsOpen { get; private set; }

    /// <summary>The largest segment timestamp written, restored or found on open; <see cref="long.MinValue"/> before any.</summary>
    public long ObservedStreamTime { get; private set; } = long.MinValue;

    /// <summary>The store's directory, <c>{taskDir}/rocksdb/{name}</c>, set by <see cref="Init"/>.</summary>
    public string? StoreDirectory { get; private set; }

    /// <summary>The live segments, oldest first.</summary>
    public IReadOnlyList<RocksDbSegment> Segments => [.. _segments.Values];

    /// <summary>The store's database, whose default column family holds every segment; null while closed.</summary>
    internal RocksDatabase? Database => _db;

    /// <summary>
    /// The segments live at most, <c>retention / interval + 1</c> (Kafka Streams' <c>numSegments</c>; at most 1024).
    /// </summary>
    public int MaxLiveSegments => (int)Math.Clamp((RetentionPeriodMs / SegmentIntervalMs) + 1, 1, 1024);

    /// <summary>Kafka Streams' default segment interval of window and session stores: <c>max(retention / 2, 60 s)</c>.</summary>
    public static long DefaultSegmentIntervalMs(long retentionPeriodMs) => Math.Max(retentionPeriodMs / 2, MinimumSegmentIntervalMs);

    /// <summary>The segment id of <paramref name="timestampMs"/>: the timestamp divided by the interval, floored.</summary>
    public long SegmentId(long timestampMs)
    {
        var id = timestampMs / SegmentIntervalMs;
        return timestampMs % SegmentIntervalMs < 0 ? id - 1 : id;
    }

    /// <summary>The id of the oldest live segment at the observed stream time; <see cref="long.MinValue"/> before any record.</summary>
    public long MinLiveSegmentId() =>
        ObservedStreamTime == long.MinValue ? long.MinValue : SegmentId(SaturatingMinus(ObservedStreamTime, RetentionPeriodMs));

    /// <summary>Opens the store: migrates an older layout, finds the existing segments, recovers the stream time and registers for restoration.</summary>
    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(root);
        if (IsOpen)
        {
            throw new InvalidOperationException($"State store '{Name}' is already open.");
        }

        _context = context;
        ObservedStreamTime = long.MinValue;
        var rocksDir = Path.Combine(context.StateDirectory, "rocksdb");
        StoreDirectory = StateDirectory.ChildPath(rocksDir, Name, "store name");
        IsOpen = true;
        try
        {
            var migrating = Path.Combine(rocksDir, "." + Name + ".migrating");
            PrepareLayout(migrating);
            _main = new RocksDbKeyValueBytesStore(Name, _options);
            _db = _main.OpenUnregistered(StoreDirectory, context.TaskId.ToString());
            FindSegments();
            Migrate(migrating);
            RecoverStreamTime();
            DropExpired();
            DeleteExpiredFiles();
            context.Register(root, this);
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> (null deletes) under <paramref name="key"/> in the segment of <paramref name="timestampMs"/>,
    /// after advancing the stream time (which may drop segments). Returns false, counting it as dropped, when that segment has expired.
    /// </summary>
    public bool Put(ReadOnlySpan<byte> key, byte[]? value, long timestampMs)
    {
        ThrowIfClosed();
        Observe(timestampMs);
        var segment = LiveSegmentOrNull(SegmentId(timestampMs));
        if (segment is null)
        {
            DroppedRecords.ExpiredWrite(
                _context!, Name, timestampMs,
                string.Create(CultureInfo.InvariantCulture, $"its segment {SegmentId(timestampMs) * SegmentIntervalMs} is before the oldest live segment {MinLiveSegmentId() * SegmentIntervalMs} at stream time {ObservedStreamTime} minus retention {RetentionPeriodMs}"));
            return false;
        }

        segment.Put(key, value);
        return true;
    }

    /// <summary>Reads <paramref name="key"/> from the segment of <paramref name="timestampMs"/>; null when absent or the segment does not exist.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key, long timestampMs)
    {
        ThrowIfClosed();
        return _segments.TryGetValue(SegmentId(timestampMs), out var segment) ? segment.Get(key) : null;
    }

    /// <summary>
    /// The keys in <c>[from, to]</c> (inclusive, null bounds open) of the live segments that may hold segment timestamps in
    /// <c>[timeFromMs, timeToMs]</c>, merged into unsigned key-byte order. Callers filter the timestamps they need.
    /// </summary>
    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to, long timeFromMs, long timeToMs)
    {
        ThrowIfClosed();
        var segments = timeFromMs > timeToMs
            ? []
            : _segments.Where(s => s.Key >= SegmentId(timeFromMs) && s.Key <= SegmentId(timeToMs)).Select(s => s.Value).ToArray();
        return new SegmentsMergeIterator(segments, from, to, Name, () => IsOpen);
    }

    /// <summary>Restores a batch of changelog records: each into its segment (one write batch per segment); records of expired segments are skipped.</summary>
    public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        ThrowIfClosed();
        var batches = new Dictionary<RocksDbSegment, List<KeyValuePair<byte[], byte[]?>>>();
        foreach (var record in records)
        {
            if (_segmentTimestamp(record.Key) is not { } timestamp)
            {
                continue;
            }

            Observe(timestamp);
            if (LiveSegmentOrNull(SegmentId(timestamp)) is { } segment)
            {
                if (!batches.TryGetValue(segment, out var batch))
                {
                    batches[segment] = batch = [];
                }

                batch.Add(record);
            }
        }

        foreach (var (segment, batch) in batches)
        {
            // A segment dropped by a later record of the same batch has expired: its records are not written.
            if (!segment.IsDropped)
            {
                segment.PutAll(batch);
            }
        }
    }

    /// <summary>Syncs the write-ahead log of the store's database (the segments' writes and range deletes).</summary>
    public void Flush()
    {
        ThrowIfClosed();
        _main!.Flush();
    }

    /// <summary>Closes the database (disposing the iterators open on it); the live segments stay on disk.</summary>
    public void Close()
    {
        _main?.Close();
        _main = null;
        _db = null;
        _segments.Clear();
        IsOpen = false;
    }

    private static long SaturatingMinus(long a, long b) => a < long.MinValue + b ? long.MinValue : a - b;

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(!IsOpen, Name);

    private void Observe(long timestampMs)
    {
        if (timestampMs > ObservedStreamTime)
        {
            ObservedStreamTime = timestampMs;
            DropExpired();
        }
    }

    private RocksDbSegment? LiveSegmentOrNull(long id)
    {
        if (id < MinLiveSegmentId())
        {
            return null;
        }

        if (!_segments.TryGetValue(id, out var segment))
        {
            segment = NewSegment(id);
            _segments[id] = segment;
        }

        return segment;
    }

    private RocksDbSegment NewSegment(long id)
    {
        return new RocksDbSegment(Name, _main!, id, id * SegmentIntervalMs);
    }

    private void DropExpired()
    {
        var minLive = MinLiveSegmentId();
        while (_segments.Count > 0 && _segments.First() is var (id, segment) && id < minLive)
        {
            _segments.Remove(id);
            segment.Drop();
        }
    }

    /// <summary>Deletes the files holding only expired segments (keys before the oldest live segment's prefix), such as those that left level 0 since their segments were dropped.</summary>
    private void DeleteExpiredFiles()
    {
        if (ObservedStreamTime == long.MinValue || MinLiveSegmentId() == long.MinValue)
        {
            return;
        }

        var last = RocksDbSegment.LastKeyBound(RocksDbSegment.Prefix(MinLiveSegmentId() - 1));
        _main!.ReleaseFiles(new byte[RocksDbSegment.PrefixLength], last, last);
    }

    /// <summary>Finds the segments holding any key: seeks to the first key, reads its prefix, then seeks to the next prefix.</summary>
    private void FindSegments()
    {
        byte[] from = new byte[RocksDbSegment.PrefixLength];
        while (true)
        {
            long id;
            using (var keys = _main!.RangeWithin(from, null, 0))
            {
                if (!keys.MoveNext())
                {
                    return;
                }

                id = RocksDbSegment.IdOf(keys.Current.Key);
            }

            _segments[id] = new RocksDbSegment(Name, _main, id, id * SegmentIntervalMs);
            if (RocksDbKeyValueBytesStore.PrefixEnd(RocksDbSegment.Prefix(id)) is not { } next)
            {
                return;
            }

            from = next;
        }
    }

    /// <summary>The stream time is the largest segment timestamp of the newest segment holding any record (the newest segments are read until one has records).</summary>
    private void RecoverStreamTime()
    {
        foreach (var segment in _segments.Values.Reverse())
        {
            using (var all = segment.Range(null, null))
            {
                while (all.MoveNext())
                {
                    if (_segmentTimestamp(all.Current.Key) is { } timestamp && timestamp > ObservedStreamTime)
                    {
                        ObservedStreamTime = timestamp;
                    }
                }
            }

            if (ObservedStreamTime != long.MinValue)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Moves an older layout aside to <paramref name="migrating"/> (see the class remarks) and makes sure the store
    /// directory records this interval. When <paramref name="migrating"/> exists already, an earlier migration was
    /// interrupted: the store directory holds a partial copy, deleted here, and the copy starts over.
    /// </summary>
    private void PrepareLayout(string migrating)
    {
        var storeDir = StoreDirectory!;
        var intervalFile = Path.Combine(storeDir, IntervalFileName);
        var layoutFile = Path.Combine(storeDir, LayoutFileName);
        var hasDatabase = File.Exists(Path.Combine(storeDir, "CURRENT"));
        if (Directory.Exists(migrating))
        {
            DeleteIfExists(storeDir);
        }
        else if (hasDatabase && (!File.Exists(intervalFile) || WrittenInterval(intervalFile) != SegmentIntervalMs || WrittenLayout(layoutFile) != LayoutKeyPrefix))
        {
            // The single-database layout (no interval file: the whole directory is one key-value database), segments of
            // another interval (their time spans do not match this store's segments), or the column-family-per-segment
            // layout (no layout file: each segment a column family, keys without prefix).
            Directory.Move(storeDir, migrating);
        }
        else if (!hasDatabase && Directory.Exists(storeDir)
            && Directory.EnumerateDirectories(storeDir).Any(d => RocksDbSegment.ParseStart(Name, Path.GetFileName(d)) is not null))
        {
            // The database-per-segment layout: a sub-directory per segment, each a database (of this interval or not).
            Directory.CreateDirectory(migrating);
            foreach (var dir in Directory.EnumerateDirectories(storeDir).ToArray())
            {
                Directory.Move(dir, Path.Combine(migrating, Path.GetFileName(dir)));
            }
        }

        Directory.CreateDirectory(storeDir);
        if (WrittenInterval(intervalFile) != SegmentIntervalMs)
        {
            File.WriteAllText(intervalFile, SegmentIntervalMs.ToString(CultureInfo.InvariantCulture));
        }

        if (WrittenLayout(layoutFile) != LayoutKeyPrefix)
        {
            File.WriteAllText(layoutFile, LayoutKeyPrefix);
        }
    }

    /// <summary>Copies every database in <paramref name="migrating"/> (if it exists) into the segments, then deletes it.</summary>
    private void Migrate(string migrating)
    {
        if (!Directory.Exists(migrating))
        {
            return;
        }

        // The store directory was emptied when the source was moved aside (or deleted when an earlier migration was
        // interrupted): there are no segments yet.
        string[] sources = File.Exists(Path.Combine(migrating, "CURRENT"))
            ? [migrating]
            : [.. Directory.GetDirectories(migrating).Where(d => File.Exists(Path.Combine(d, "CURRENT")))];
        foreach (var source in sources)
        {
            MigrateDatabase(source);
        }

        Flush();
        Directory.Delete(migrating, recursive: true);
    }

    /// <summary>Copies every column family of the database in <paramref name="sourceDir"/> (the default one included) into the segments.</summary>
    private void MigrateDatabase(string sourceDir)
    {
        var taskId = _context!.TaskId.ToString();

        // A key-prefix store of another interval: its keys carry the segment prefix of that interval.
        var keyOffset = WrittenLayout(Path.Combine(sourceDir, LayoutFileName)) == LayoutKeyPrefix ? RocksDbSegment.PrefixLength : 0;
        var source = new RocksDbKeyValueBytesStore(Name, _options);
        var families = new List<RocksDbKeyValueBytesStore>();
        var db = source.OpenSegmented(sourceDir, taskId);
        try
        {
            families.Add(source);
            foreach (var family in db.ColumnFamilies)
            {
                var view = new RocksDbKeyValueBytesStore(Name, _options);
                view.OpenColumnFamily(family, taskId, "migration");
                families.Add(view);
            }

            // First the stream time, so that records already expired are left out; then the copy.
            foreach (var family in families)
            {
                using var all = family.Range(null, null);
                while (all.MoveNext())
                {
                    if (all.Current.Key.Length >= keyOffset && _segmentTimestamp(all.Current.Key[keyOffset..]) is { } timestamp)
                    {
                        Observe(timestamp);
                    }
                }
            }

            var pending = new List<KeyValuePair<byte[], byte[]?>>(MigrationBatchSize);
            foreach (var family in families)
            {
                using var all = family.Range(null, null);
                while (all.MoveNext())
                {
                    if (all.Current.Key.Length >= keyOffset)
                    {
                        pending.Add(new(all.Current.Key[keyOffset..], all.Current.Value));
                    }

                    if (pending.Count == MigrationBatchSize)
                    {
                        RestoreBatch(pending);
                        pending.Clear();
                    }
                }
            }

            RestoreBatch(pending);
        }
        finally
        {
            foreach (var family in families.Skip(1))
            {
                family.Close();
            }

            source.Close();
        }
    }

    private static string? WrittenLayout(string layoutFile) => File.Exists(layoutFile) ? File.ReadAllText(layoutFile).Trim() : null;

    private static long? WrittenInterval(string intervalFile) =>
        File.Exists(intervalFile) && long.TryParse(File.ReadAllText(intervalFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var interval)
            ? interval
            : null;

    private static void DeleteIfExists(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
