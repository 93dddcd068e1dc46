using System.Buffers.Binary;

namespace Streams.State.Internal;

/// <summary>
/// Encodes a window store key as <c>key bytes || window start</c>, the start as 8 big-endian bytes
/// with the sign bit flipped so that unsigned byte order equals numeric order, as the key layout of
/// Kafka Streams' <c>WindowKeySchema</c>. Stores that retain duplicates (stream-stream join windows) append
/// Kafka's 4-byte big-endian sequence number: <c>key bytes || window start || seqnum</c>, so that records with
/// the same key and timestamp are all kept, in arrival order.
/// </summary>
internal static class WindowKeySchema
{
    public const int TimestampSize = 8;

    public const int SequenceNumberSize = 4;

    /// <summary>The bytes after the record key: the window start, plus the sequence number when duplicates are retained.</summary>
    public static int SuffixSize(bool retainDuplicates) => retainDuplicates ? TimestampSize + SequenceNumberSize : TimestampSize;

    public static byte[] ToStoreKey(ReadOnlySpan<byte> key, long windowStartMs)
    {
        var bytes = new byte[key.Length + TimestampSize];
        key.CopyTo(bytes);
        WriteTimestamp(bytes.AsSpan(key.Length), windowStartMs);
        return bytes;
    }

    public static byte[] ToStoreKey(ReadOnlySpan<byte> key, long windowStartMs, int sequenceNumber)
    {
        var bytes = new byte[key.Length + TimestampSize + SequenceNumberSize];
        key.CopyTo(bytes);
        WriteTimestamp(bytes.AsSpan(key.Length), windowStartMs);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(key.Length + TimestampSize), sequenceNumber);
        return bytes;
    }

    /// <summary>The next sequence number after <paramref name="sequenceNumber"/>: positive, wrapping after <see cref="int.MaxValue"/>, as Kafka Streams.</summary>
    public static int NextSequenceNumber(int sequenceNumber) => (sequenceNumber + 1) & int.MaxValue;

    /// <summary>Reads the window start of a store key whose suffix is <paramref name="suffixSize"/> bytes.</summary>
    public static long ReadTimestamp(ReadOnlySpan<byte> storeKey, int suffixSize) =>
        ReadTimestamp(storeKey[..(storeKey.Length - suffixSize + TimestampSize)]);

    public static void WriteTimestamp(Span<byte> destination, long timestampMs) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, unchecked((ulong)timestampMs ^ 0x8000_0000_0000_0000UL));

    public static long ReadTimestamp(ReadOnlySpan<byte> storeKey) =>
        unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(storeKey[^TimestampSize..]) ^ 0x8000_0000_0000_0000UL));

    public static byte[] ExtractKey(byte[] storeKey) => storeKey.AsSpan(0, storeKey.Length - TimestampSize).ToArray();

    /// <summary>The window of a stored start: end = start + size, saturated at <see cref="long.MaxValue"/> (unlimited windows), as Kafka Streams' <c>timeWindowForSize</c>.</summary>
    public static Window WindowFor(long windowStartMs, long windowSizeMs) =>
        new(windowStartMs, windowStartMs > 0 && windowSizeMs > long.MaxValue - windowStartMs ? long.MaxValue : windowStartMs + windowSizeMs);

    public static byte[] ExtractKey(byte[] storeKey, int suffixSize) => storeKey.AsSpan(0, storeKey.Length - suffixSize).ToArray();
}
