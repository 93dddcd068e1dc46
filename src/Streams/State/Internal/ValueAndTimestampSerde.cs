using System.Buffers.Binary;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// Serializes <see cref="ValueAndTimestamp{TValue}"/> as the 8-byte big-endian timestamp followed by the
/// value bytes, the layout of Kafka Streams' <c>ValueAndTimestampSerializer</c>. Null stays null.
/// </summary>
internal sealed class ValueAndTimestampSerde<TValue>(ISerde<TValue> inner) : ISerde<ValueAndTimestamp<TValue>?>
{
    public ISerde<TValue> Inner => inner;

    public byte[] Serialize(ValueAndTimestamp<TValue>? data, SerializationContext context)
    {
        if (data is null)
        {
            return null!;
        }

        return SerializeParts(inner, data.Value, data.TimestampMs, context)!;
    }

    /// <summary>The bytes of <c>new ValueAndTimestamp(value, timestampMs)</c> (8-byte big-endian timestamp, then the value's bytes), or null when <paramref name="inner"/> writes none.</summary>
    internal static byte[]? SerializeParts(ISerde<TValue> inner, TValue value, long timestampMs, SerializationContext context)
    {
        var serialized = inner.Serialize(value, context);
        if (serialized is null)
        {
            return null;
        }

        var bytes = new byte[serialized.Length + 8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestampMs);
        serialized.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>As <see cref="DeserializeParts"/>, false (default value, timestamp 0) for null bytes: a store without the key.</summary>
    /// <exception cref="InvalidDataException">Fewer than 8 bytes.</exception>
    internal static bool TryDeserializeParts(ISerde<TValue> inner, byte[]? data, SerializationContext context, out TValue value, out long timestampMs)
    {
        if (data is null)
        {
            value = default!;
            timestampMs = 0;
            return false;
        }

        value = DeserializeParts(inner, data, context, out timestampMs);
        return true;
    }

    /// <summary>The value and timestamp of non-null bytes written by <see cref="SerializeParts"/>.</summary>
    /// <exception cref="InvalidDataException">Fewer than 8 bytes.</exception>
    internal static TValue DeserializeParts(ISerde<TValue> inner, ReadOnlySpan<byte> data, SerializationContext context, out long timestampMs)
    {
        if (data.Length < 8)
        {
            throw new InvalidDataException($"A timestamped value needs at least 8 bytes, got {data.Length}.");
        }

        timestampMs = BinaryPrimitives.ReadInt64BigEndian(data);
        return inner.Deserialize(data[8..], false, context);
    }

    public ValueAndTimestamp<TValue>? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null;
        }

        var value = DeserializeParts(inner, data, context, out var ts);
        return new ValueAndTimestamp<TValue>(value, ts);
    }
}
