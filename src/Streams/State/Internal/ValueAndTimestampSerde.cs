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

        var value = inner.Serialize(data.Value, context);
        if (value is null)
        {
            return null!;
        }

        var bytes = new byte[value.Length + 8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, data.TimestampMs);
        value.CopyTo(bytes, 8);
        return bytes;
    }

    public ValueAndTimestamp<TValue>? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null;
        }

        if (data.Length < 8)
        {
            throw new InvalidDataException($"A timestamped value needs at least 8 bytes, got {data.Length}.");
        }

        var ts = BinaryPrimitives.ReadInt64BigEndian(data);
        return new ValueAndTimestamp<TValue>(inner.Deserialize(data[8..], false, context), ts);
    }
}
