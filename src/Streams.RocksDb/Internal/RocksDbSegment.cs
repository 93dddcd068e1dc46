using Streams.Runtime.Internal;
using System.Globalization;

namespace Streams.RocksDb.Internal;

/// <summary>
/// One time segment of a segmented store, as Kafka Streams' <c>KeyValueSegment</c>: a RocksDB database of its own in
/// <c>{storeDirectory}/{storeName}.{segmentStartMs}</c> holding the records whose segment timestamp lies in
/// <c>[StartMs, StartMs + segmentInterval)</c>. The database opens on first use (<see cref="Store"/>), with the store's
/// <see cref="RocksDbOptions"/> (its memory budget and its <see cref="RocksDbOptions.ConfigureStore"/> settings, under the
/// store's name). Dropping a segment closes its database and deletes its directory.
/// </summary>
internal sealed class RocksDbSegment
{
    private readonly string _storeName;
    private readonly RocksDbOptions _options;
    private readonly string _taskId;
    private RocksDbKeyValueBytesStore? _store;

    public RocksDbSegment(string storeName, string storeDirectory, long id, long startMs, RocksDbOptions options, string taskId)
    {
        _storeName = storeName;
        _options = options;
        _taskId = taskId;
        Id = id;
        StartMs = startMs;
        Name = SegmentName(storeName, startMs);
        Directory = StateDirectory.ChildPath(storeDirectory, Name, "segment name");
    }

    /// <summary>The segment id: segment timestamp / segment interval (floored).</summary>
    public long Id { get; }

    /// <summary>The first timestamp of the segment, epoch milliseconds (id x segment interval).</summary>
    public long StartMs { get; }

    /// <summary><c>{storeName}.{StartMs}</c>, the name of its directory, as Kafka Streams' segment names.</summary>
    public string Name { get; }

    /// <summary>The segment's database directory.</summary>
    public string Directory { get; }

    /// <summary>Whether its database is open now.</summary>
    public bool IsOpen => _store is { IsOpen: true };

    /// <summary>Whether the segment was dropped (closed and deleted); a dropped segment is never opened again.</summary>
    public bool IsDropped { get; private set; }

    /// <summary>The number of iterators open on its database.</summary>
    public int OpenIterators => _store?.Database?.OpenIteratorCount ?? 0;

    /// <summary>The segment's key-value store, opening its database on first use.</summary>
    /// <exception cref="InvalidOperationException">The segment was dropped.</exception>
    public RocksDbKeyValueBytesStore Store
    {
        get
        {
            if (_store is { IsOpen: true } open)
            {
                return open;
            }

            if (IsDropped)
            {
                throw new InvalidOperationException($"Segment '{Name}' of state store '{_storeName}' was dropped.");
            }

            var store = new RocksDbKeyValueBytesStore(_storeName, _options);
            System.IO.Directory.CreateDirectory(Directory);
            store.OpenSegment(Directory, _taskId, Name);
            _store = store;
            return store;
        }
    }

    /// <summary>The name of the segment starting at <paramref name="startMs"/> of store <paramref name="storeName"/>.</summary>
    public static string SegmentName(string storeName, long startMs) => storeName + "." + startMs.ToString(CultureInfo.InvariantCulture);

    /// <summary>The start of a segment directory named <paramref name="directoryName"/> of store <paramref name="storeName"/>, or null when it is not one.</summary>
    public static long? ParseStart(string storeName, string directoryName) =>
        directoryName.Length > storeName.Length + 1
        && directoryName.StartsWith(storeName, StringComparison.Ordinal)
        && directoryName[storeName.Length] == '.'
        && long.TryParse(directoryName.AsSpan(storeName.Length + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start)
            ? start
            : null;

    /// <summary>Flushes its write-ahead log when open.</summary>
    public void Flush()
    {
        if (IsOpen)
        {
            _store!.Flush();
        }
    }

    /// <summary>Closes its database (if open); the files stay.</summary>
    public void Close()
    {
        _store?.Close();
        _store = null;
    }

    /// <summary>Closes its database and deletes its directory: the whole segment goes at once.</summary>
    public void Drop()
    {
        Close();
        IsDropped = true;
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
