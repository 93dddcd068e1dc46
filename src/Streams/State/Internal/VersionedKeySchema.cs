using System.Buffers.Binary;

namespace Streams.State.Internal;

/// <summary>
/// How <see cref="KeyValueVersionedBytesStore"/> lays versions out in one ordered key-value bytes store (in memory
/// or RocksDB). A simpler layout than Kafka Streams' <c>RocksDBVersionedStore</c> (a latest-value store plus
/// time segments of older versions) with the same reads:
/// <code>
/// latest  : 0x00 || key                             -> timestamp (8, big-endian) || value
/// history : 0x01 || keyLength (4, BE) || key || ~ts  -> validTo (8, BE; long.MaxValue = open) || kind (1 value, 0 tombstone) || value
/// meta    : 0x02                                    -> observed stream time (8, BE)
/// </code>
/// The latest non-deleted version of a key lives in the latest entry; every older version, and a delete that is
/// the newest version, live in history entries. <c>~ts</c> is the timestamp with its sign bit flipped and then
/// all bits inverted, so that a key's history iterates newest first and a range read starting at <c>~asOf</c>
/// lands on the version valid at <c>asOf</c>. The key length makes a key's history prefix unique.
/// </summary>
internal static class VersionedKeySchema
{
    public const byte LatestTag = 0x00;
    public const byte HistoryTag = 0x01;
    public const byte MetaTag = 0x02;

    /// <summary>The valid-to of a history entry that is the newest version (a tombstone): open-ended.</summary>
    public const long OpenValidTo = long.MaxValue;

    public static readonly byte[] MetaKey = [MetaTag];

    public static byte[] LatestKey(ReadOnlySpan<byte> key)
    {
        var bytes = new byte[key.Length + 1];
        bytes[0] = LatestTag;
        key.CopyTo(bytes.AsSpan(1));
        return bytes;
    }

    public static byte[] HistoryPrefix(ReadOnlySpan<byte> key)
    {
        var bytes = new byte[key.Length + 5];
        bytes[0] = HistoryTag;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), key.Length);
        key.CopyTo(bytes.AsSpan(5));
        return bytes;
    }

    public static byte[] HistoryKey(byte[] prefix, long timestampMs)
    {
        var bytes = new byte[prefix.Length + 8];
        prefix.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(prefix.Length), ~(unchecked((ulong)timestampMs) ^ 0x8000_0000_0000_0000UL));
        return bytes;
    }

    public static long HistoryTimestamp(ReadOnlySpan<byte> historyKey) =>
        unchecked((long)(~BinaryPrimitives.ReadUInt64BigEndian(historyKey[^8..]) ^ 0x8000_0000_0000_0000UL));

    public static byte[] LatestValue(long timestampMs, byte[] value)
    {
        var bytes = new byte[value.Length + 8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestampMs);
        value.CopyTo(bytes, 8);
        return bytes;
    }

    public static long LatestTimestamp(ReadOnlySpan<byte> latestValue) => BinaryPrimitives.ReadInt64BigEndian(latestValue);

    public static byte[] LatestPayload(ReadOnlySpan<byte> latestValue) => latestValue[8..].ToArray();

    public static byte[] HistoryValue(long validToMs, byte[]? value)
    {
        var bytes = new byte[(value?.Length ?? 0) + 9];
        BinaryPrimitives.WriteInt64BigEndian(bytes, validToMs);
        bytes[8] = value is null ? (byte)0 : (byte)1;
        value?.CopyTo(bytes, 9);
        return bytes;
    }

    public static long HistoryValidTo(ReadOnlySpan<byte> historyValue) => BinaryPrimitives.ReadInt64BigEndian(historyValue);

    /// <summary>The version's value, or null for a tombstone.</summary>
    public static byte[]? HistoryPayload(ReadOnlySpan<byte> historyValue) => historyValue[8] == 0 ? null : historyValue[9..].ToArray();

    public static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    public static long ReadInt64(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt64BigEndian(bytes);
}
