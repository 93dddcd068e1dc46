using System.Globalization;
using Streams.RocksDb.Native;

namespace Streams.RocksDb.Internal;

/// <summary>
/// One time segment of a segmented store: a column family named <c>{storeName}.{segmentStartMs}</c> (Kafka Streams'
/// segment name) of the store's one RocksDB database, holding the records whose segment timestamp lies in
/// <c>[StartMs, StartMs + segmentInterval)</c>. Creating a segment creates the column family (a manifest record, no
/// directory or database of its own); dropping it drops the column family, whose files RocksDB deletes once nothing
/// reads them. Its key-value view (<see cref="Store"/>) reads and writes that column family only.
/// </summary>
internal sealed class RocksDbSegment
{
    private readonly string _storeName;
    private readonly RocksDbKeyValueBytesStore _store;

    /// <summary>Wraps <paramref name="family"/>, a column family of the store's database, as the segment <paramref name="id"/>.</summary>
    public RocksDbSegment(string storeName, RocksColumnFamily family, long id, long startMs, RocksDbOptions options, string taskId)
    {
        _storeName = storeName;
        Id = id;
        StartMs = startMs;
        Name = family.Name;
        Family = family;
        _store = new RocksDbKeyValueBytesStore(storeName, options);
        _store.OpenColumnFamily(family, taskId, Name);
    }

    /// <summary>The segment id: segment timestamp / segment interval (floored).</summary>
    public long Id { get; }

    /// <summary>The first timestamp of the segment, epoch milliseconds (id x segment interval).</summary>
    public long StartMs { get; }

    /// <summary><c>{storeName}.{StartMs}</c>, the name of its column family, as Kafka Streams' segment names.</summary>
    public string Name { get; }

    /// <summary>Its column family.</summary>
    public RocksColumnFamily Family { get; }

    /// <summary>Whether it can be read and written: neither dropped nor closed with its store.</summary>
    public bool IsOpen => _store.IsOpen;

    /// <summary>Whether the segment was dropped; a dropped segment is never used again.</summary>
    public bool IsDropped { get; private set; }

    /// <summary>The number of iterators open on its column family.</summary>
    public int OpenIterators => Family.IsReleased ? 0 : Family.OpenIteratorCount;

    /// <summary>The segment's key-value store (its column family).</summary>
    /// <exception cref="InvalidOperationException">The segment was dropped.</exception>
    public RocksDbKeyValueBytesStore Store =>
        IsDropped ? throw new InvalidOperationException($"Segment '{Name}' of state store '{_storeName}' was dropped.") : _store;

    /// <summary>The name of the segment starting at <paramref name="startMs"/> of store <paramref name="storeName"/>.</summary>
    public static string SegmentName(string storeName, long startMs) => storeName + "." + startMs.ToString(CultureInfo.InvariantCulture);

    /// <summary>The start of a segment (column family or, in the earlier layout, directory) named <paramref name="name"/> of store <paramref name="storeName"/>, or null when it is not one.</summary>
    public static long? ParseStart(string storeName, string name) =>
        name.Length > storeName.Length + 1
        && name.StartsWith(storeName, StringComparison.Ordinal)
        && name[storeName.Length] == '.'
        && long.TryParse(name.AsSpan(storeName.Length + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start)
            ? start
            : null;

    /// <summary>Releases its key-value view (metrics, write batch); the column family stays (closed with the database).</summary>
    public void Close() => _store.Close();

    /// <summary>Drops its column family: the whole segment goes at once, in O(1) whatever it holds.</summary>
    public void Drop()
    {
        if (IsDropped)
        {
            return;
        }

        IsDropped = true;
        _store.Close();
        if (!Family.Database.IsDisposed)
        {
            Family.Database.DropColumnFamily(Family);
        }
    }
}
