using System.Buffers.Binary;

namespace Streams.State.Internal;

/// <summary>
/// Encodes a window store key as <c>key bytes || window start</c>, the start as 8 big-endian bytes
/// with the sign bit flipped so that unsigned byte order equals numeric order, as the key layout of
/// Kafka Streams' <c>WindowKeySchema</c> (without its sequence number).
/// </summary>
internal static class WindowKeySchema
{
    public const int TimestampSize = 8;

    public static byte[] ToStoreKey(ReadOnlySpan<byte> key, long windowStartMs)
    {
        var bytes = new byte[key.Length + TimestampSize];
        key.CopyTo(bytes);
        WriteTimestamp(bytes.AsSpan(key.Length), windowStartMs);
        return bytes;
    }

    public static void WriteTimestamp(Span<byte> destination, long timestampMs) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, unchecked((ulong)timestampMs ^ 0x8000_0000_0000_0000UL));

    public static long ReadTimestamp(ReadOnlySpan<byte> storeKey) =>
        unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(storeKey[^TimestampSize..]) ^ 0x8000_0000_0000_0000UL));

    public static byte[] ExtractKey(byte[] storeKey) => storeKey.AsSpan(0, storeKey.Length - TimestampSize).ToArray();

    /// <summary>The window of a stored start: end = start + size, saturated at <see cref="long.MaxValue"/> (unlimited windows), as Kafka Streams' <c>timeWindowForSize</c>.</summary>
    public static Dsl.Window WindowFor(long windowStartMs, long windowSizeMs) =>
        new(windowStartMs, windowStartMs > 0 && windowSizeMs > long.MaxValue - windowStartMs ? long.MaxValue : windowStartMs + windowSizeMs);
}
