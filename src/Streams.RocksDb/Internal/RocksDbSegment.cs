using System.Buffers.Binary;
using System.Globalization;
using Streams.State;

namespace Streams.RocksDb.Internal;

/// <summary>
/// One time segment of a segmented store: the keys of the store's one RocksDB database (its default column family)
/// that start with the segment's 8-byte prefix, its id big-endian with the sign bit flipped (so that segments sort by
/// id, negative ids first), holding the records whose segment timestamp lies in <c>[StartMs, StartMs + segmentInterval)</c>.
/// Creating a segment writes nothing (its first record is an ordinary write); dropping it writes one range tombstone
/// over its prefix through the write-ahead log and memtable (O(1) whatever it holds; no column family, no OPTIONS file),
/// whose covered keys compaction removes; files holding only expired segments are deleted at the drop. Reads and writes go to the prefixed keys; returned keys are without the prefix.
/// </summary>
internal sealed class RocksDbSegment
{
    /// <summary>The length of a segment's key prefix.</summary>
    public const int PrefixLength = 8;

    private readonly string _storeName;
    private readonly RocksDbKeyValueBytesStore _store;
    private readonly byte[] _prefix;
    private readonly byte[]? _end;

    /// <summary>The segment <paramref name="id"/> of <paramref name="store"/>, the segmented store's database.</summary>
    public RocksDbSegment(string storeName, RocksDbKeyValueBytesStore store, long id, long startMs)
    {
        _storeName = storeName;
        _store = store;
        Id = id;
        StartMs = startMs;
        Name = SegmentName(storeName, startMs);
        _prefix = Prefix(id);
        _end = RocksDbKeyValueBytesStore.PrefixEnd(_prefix);
    }

    /// <summary>The segment id: segment timestamp / segment interval (floored).</summary>
    public long Id { get; }

    /// <summary>The first timestamp of the segment, epoch milliseconds (id x segment interval).</summary>
    public long StartMs { get; }

    /// <summary><c>{storeName}.{StartMs}</c>, as Kafka Streams' segment names (in errors and logs).</summary>
    public string Name { get; }

    /// <summary>Whether it can be read and written: neither dropped nor closed with its store.</summary>
    public bool IsOpen => !IsDropped && _store.IsOpen;

    /// <summary>Whether the segment was dropped; a dropped segment is never used again.</summary>
    public bool IsDropped { get; private set; }

    /// <summary>The key prefix of segment <paramref name="id"/>: 8 bytes, big-endian, sign bit flipped (unsigned byte order is id order).</summary>
    public static byte[] Prefix(long id)
    {
        var prefix = new byte[PrefixLength];
        BinaryPrimitives.WriteUInt64BigEndian(prefix, unchecked((ulong)id ^ 0x8000_0000_0000_0000UL));
        return prefix;
    }

    /// <summary>The segment id of a stored (prefixed) key.</summary>
    public static long IdOf(ReadOnlySpan<byte> storedKey) =>
        unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(storedKey) ^ 0x8000_0000_0000_0000UL));

    /// <summary>The name of the segment starting at <paramref name="startMs"/> of store <paramref name="storeName"/>.</summary>
    public static string SegmentName(string storeName, long startMs) => storeName + "." + startMs.ToString(CultureInfo.InvariantCulture);

    /// <summary>The start of a segment (column family or directory of the earlier layouts) named <paramref name="name"/> of store <paramref name="storeName"/>, or null when it is not one.</summary>
    public static long? ParseStart(string storeName, string name) =>
        name.Length > storeName.Length + 1
        && name.StartsWith(storeName, StringComparison.Ordinal)
        && name[storeName.Length] == '.'
        && long.TryParse(name.AsSpan(storeName.Length + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start)
            ? start
            : null;

    /// <summary>Reads <paramref name="key"/> in this segment; null when absent.</summary>
    /// <exception cref="InvalidOperationException">The segment was dropped.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        ThrowIfDropped();
        return _store.Get(Prefixed(key, stackalloc byte[Math.Min(key.Length + PrefixLength, 256)]));
    }

    /// <summary>Writes <paramref name="value"/> (null deletes) under <paramref name="key"/> in this segment.</summary>
    /// <exception cref="InvalidOperationException">The segment was dropped.</exception>
    public void Put(ReadOnlySpan<byte> key, byte[]? value)
    {
        ThrowIfDropped();
        _store.Put(Prefixed(key, stackalloc byte[Math.Min(key.Length + PrefixLength, 256)]), value);
    }

    /// <summary>Writes <paramref name="entries"/> (null values delete) into this segment in one write batch.</summary>
    /// <exception cref="InvalidOperationException">The segment was dropped.</exception>
    public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
    {
        ThrowIfDropped();
        var prefixed = new KeyValuePair<byte[], byte[]?>[entries.Count];
        for (var i = 0; i < prefixed.Length; i++)
        {
            var (key, value) = entries[i];
            prefixed[i] = new(Prefixed(key, new byte[key.Length + PrefixLength]).ToArray(), value);
        }

        _store.PutAll(prefixed);
    }

    /// <summary>The keys of this segment in <c>[from, to]</c> (inclusive, null bounds open), in unsigned key-byte order, without the prefix.</summary>
    /// <exception cref="InvalidOperationException">The segment was dropped.</exception>
    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to)
    {
        ThrowIfDropped();
        var start = from is null ? _prefix : Prefixed(from, new byte[from.Length + PrefixLength]).ToArray();

        // [from, to] inclusive: the exclusive upper bound is to's immediate successor, prefix || to || 0x00; when
        // from > to the seek lands past it, an empty range.
        byte[]? upper = _end;
        if (to is not null)
        {
            upper = new byte[PrefixLength + to.Length + 1];
            _prefix.CopyTo(upper, 0);
            to.CopyTo(upper, PrefixLength);
        }

        return _store.RangeWithin(start, upper, PrefixLength);
    }

    /// <summary>
    /// Drops the segment: one range delete over its prefix (O(1) whatever it holds); open iterators keep their view.
    /// Then gives disk back where it is free to: deletes the SST files (below level 0) whose keys all lie in this or
    /// older segments (all expired, segments expire oldest first; a manifest record only when there is such a file),
    /// and marks the files holding this segment for background compaction (a hint, no write).
    /// </summary>
    public void Drop()
    {
        if (IsDropped)
        {
            return;
        }

        IsDropped = true;
        if (!_store.IsOpen)
        {
            return;
        }

        if (_end is not null)
        {
            _store.DeleteRange(_prefix, _end);
        }
        else
        {
            // The last possible segment (prefix 0xFF x 8) has no exclusive end key: its keys go one by one.
            using var all = _store.RangeWithin(_prefix, null, 0);
            while (all.MoveNext())
            {
                _store.Delete(all.Current.Key);
            }
        }

        _store.ReleaseFiles(new byte[PrefixLength], LastKeyBound(_prefix), _prefix);
    }

    /// <summary>A key at least as large as every key of the segment with <paramref name="prefix"/> a real store holds: the prefix, then 64 bytes 0xFF.</summary>
    internal static byte[] LastKeyBound(byte[] prefix)
    {
        var last = new byte[prefix.Length + 64];
        prefix.CopyTo(last, 0);
        last.AsSpan(prefix.Length).Fill(0xFF);
        return last;
    }

    private ReadOnlySpan<byte> Prefixed(ReadOnlySpan<byte> key, Span<byte> buffer)
    {
        var target = buffer.Length >= key.Length + PrefixLength ? buffer[..(key.Length + PrefixLength)] : new byte[key.Length + PrefixLength];
        _prefix.CopyTo(target);
        key.CopyTo(target[PrefixLength..]);
        return target;
    }

    private void ThrowIfDropped()
    {
        if (IsDropped)
        {
            throw new InvalidOperationException($"Segment '{Name}' of state store '{_storeName}' was dropped.");
        }
    }
}
