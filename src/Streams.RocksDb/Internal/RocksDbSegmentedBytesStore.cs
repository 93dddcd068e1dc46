using Streams.Runtime.Internal;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.RocksDb.Internal;

/// <summary>
/// An ordered bytes store split into time segments, each its own RocksDB database, as Kafka Streams'
/// <c>RocksDBSegmentedBytesStore</c> over <c>KeyValueSegments</c>. A record's segment timestamp (a window's start, a
/// session's end; read from the key by the store's key schema) picks its segment: id = timestamp / segment interval
/// (floored), directory <c>{taskDir}/rocksdb/{storeName}/{storeName}.{id x interval}</c>.
/// <para>
/// Expiry, as Kafka Streams' <c>Segments</c>: the observed stream time is the largest segment timestamp written or
/// restored (on open, the largest in the newest segment on disk). The oldest live segment is
/// <c>segmentId(observedStreamTime - retention)</c>; every older segment is dropped, its database closed and its
/// directory deleted at once, as soon as stream time moves past it, and a write into it is skipped (counted and logged
/// through <see cref="DroppedRecords.ExpiredWrite"/>; a restored record is skipped silently). At most
/// <c>retention / interval + 1</c> segments are live (more briefly, while an iterator still reads a dropped one).
/// </para>
/// <para>
/// Segments open lazily: on open the store lists the segment directories and opens only the newest (to recover the
/// stream time); the others open on first read or write. Every segment is a database of the store's
/// <see cref="RocksDbOptions"/>: it counts against their memory budget (block cache; the write buffer allowance is
/// split among all open databases, segments included) and gets the store's <see cref="RocksDbOptions.ConfigureStore"/>
/// settings under the store's name. Reads merge the byte ranges of the segments concerned into one key order, so the
/// store reads like one sorted key-value store. Restoration groups each batch into one write batch per segment.
/// </para>
/// <para>
/// Layout changes are migrated on open, never misread: a directory written by the single-database layout (a RocksDB
/// database directly in <c>{storeName}</c>) or segments written with another segment interval (recorded in the file
/// <c>.segment-interval</c>) are moved aside to <c>.{storeName}.migrating</c>, copied record by record into the right
/// segments (expired ones left out) and deleted; an interrupted migration starts over on the next open. Not thread-safe.
/// </para>
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A state store releases its resources in Close, which the runtime always calls.")]
internal sealed class RocksDbSegmentedBytesStore : IStateRestoreCallback
{
    /// <summary>The smallest default segment interval, 60 s, as Kafka Streams.</summary>
    public const long MinimumSegmentIntervalMs = 60_000;

    /// <summary>The file in the store directory that records the segment interval the segments were written with.</summary>
    public const string IntervalFileName = ".segment-interval";

    private const int MigrationBatchSize = 10_000;

    private readonly RocksDbOptions _options;
    private readonly Func<byte[], long?> _segmentTimestamp;
    private readonly SortedDictionary<long, RocksDbSegment> _segments = [];
    private readonly List<RocksDbSegment> _retired = [];
    private IStateStoreContext? _context;

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

    /// <summary>The live segments (opened or not), oldest first.</summary>
    public IReadOnlyList<RocksDbSegment> Segments => [.. _segments.Values];

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
            PrepareLayout(Path.Combine(rocksDir, "." + Name + ".migrating"));
            FindSegments();
            RecoverStreamTime();
            DropExpired();
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

        segment.Store.Put(key, value);
        return true;
    }

    /// <summary>Reads <paramref name="key"/> from the segment of <paramref name="timestampMs"/>; null when absent or the segment does not exist.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key, long timestampMs)
    {
        ThrowIfClosed();
        return _segments.TryGetValue(SegmentId(timestampMs), out var segment) ? segment.Store.Get(key) : null;
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
                segment.Store.PutAll(batch);
            }
        }
    }

    /// <summary>Flushes the write-ahead log of every open segment, and deletes dropped segments no iterator reads any more.</summary>
    public void Flush()
    {
        ThrowIfClosed();
        foreach (var segment in _segments.Values)
        {
            segment.Flush();
        }

        DropRetired();
    }

    /// <summary>Closes every segment (and the iterators open on them); the files stay, except those of dropped segments.</summary>
    public void Close()
    {
        foreach (var segment in _segments.Values)
        {
            segment.Close();
        }

        foreach (var segment in _retired)
        {
            segment.Drop();
        }

        _segments.Clear();
        _retired.Clear();
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

    private RocksDbSegment NewSegment(long id) =>
        new(Name, StoreDirectory!, id, id * SegmentIntervalMs, _options, _context!.TaskId.ToString());

    private void DropExpired()
    {
        var minLive = MinLiveSegmentId();
        while (_segments.Count > 0 && _segments.First() is var (id, segment) && id < minLive)
        {
            _segments.Remove(id);
            _retired.Add(segment);
        }

        DropRetired();
    }

    /// <summary>Drops expired segments, except those an open iterator still reads (they go once it is disposed, at the next drop or flush).</summary>
    private void DropRetired()
    {
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            if (_retired[i].OpenIterators == 0)
            {
                _retired[i].Drop();
                _retired.RemoveAt(i);
            }
        }
    }

    private void FindSegments()
    {
        foreach (var dir in Directory.EnumerateDirectories(StoreDirectory!))
        {
            if (RocksDbSegment.ParseStart(Name, Path.GetFileName(dir)) is { } start && start % SegmentIntervalMs == 0)
            {
                var id = start / SegmentIntervalMs;
                if (!_segments.ContainsKey(id))
                {
                    // Not written (and opened) by a migration just now.
                    _segments[id] = NewSegment(id);
                }
            }
        }
    }

    /// <summary>The stream time is the largest segment timestamp of the newest segment holding any record (the newest segments are read until one has records).</summary>
    private void RecoverStreamTime()
    {
        foreach (var segment in _segments.Values.Reverse())
        {
            using (var all = segment.Store.Range(null, null))
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

    /// <summary>Moves an older layout aside and copies it into segments (see the class remarks).</summary>
    private void PrepareLayout(string migrating)
    {
        var storeDir = StoreDirectory!;
        var intervalFile = Path.Combine(storeDir, IntervalFileName);
        if (File.Exists(Path.Combine(storeDir, "CURRENT")))
        {
            // The single-database layout: the whole directory is one RocksDB database.
            DeleteIfExists(migrating);
            Directory.Move(storeDir, migrating);
        }
        else if (Directory.Exists(storeDir) && WrittenInterval(intervalFile) != SegmentIntervalMs
            && Directory.EnumerateDirectories(storeDir).Any(d => RocksDbSegment.ParseStart(Name, Path.GetFileName(d)) is not null))
        {
            // Segments of another interval: their time spans do not match this store's segments.
            DeleteIfExists(migrating);
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

        if (!Directory.Exists(migrating))
        {
            return;
        }

        // Whatever segments exist were written by an interrupted migration (or are about to be rewritten): start over.
        foreach (var dir in Directory.EnumerateDirectories(storeDir).ToArray())
        {
            Directory.Delete(dir, recursive: true);
        }

        string[] sources = File.Exists(Path.Combine(migrating, "CURRENT")) ? [migrating] : Directory.GetDirectories(migrating);
        foreach (var source in sources)
        {
            Migrate(source);
        }

        Flush();
        Directory.Delete(migrating, recursive: true);
    }

    private void Migrate(string sourceDir)
    {
        var source = new RocksDbKeyValueBytesStore(Name, _options);
        source.OpenSegment(sourceDir, _context!.TaskId.ToString(), "migration");
        try
        {
            // First the stream time, so that records already expired are left out; then the copy.
            using (var all = source.Range(null, null))
            {
                while (all.MoveNext())
                {
                    if (_segmentTimestamp(all.Current.Key) is { } timestamp)
                    {
                        Observe(timestamp);
                    }
                }
            }

            var pending = new List<KeyValuePair<byte[], byte[]?>>(MigrationBatchSize);
            using (var all = source.Range(null, null))
            {
                while (all.MoveNext())
                {
                    pending.Add(new(all.Current.Key, all.Current.Value));
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
            source.Close();
        }
    }

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
