using System.Buffers.Binary;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.State.Internal;

internal sealed class TimeWindowedSerde<TKey>(ISerde<TKey> inner, long windowSizeMs) : ISerde<Windowed<TKey>>
{
    public byte[] Serialize(Windowed<TKey> data, SerializationContext context)
    {
        var key = inner.Serialize(data.Key, context) ?? [];
        var bytes = new byte[key.Length + 8];
        key.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(key.Length), data.Window.StartMs);
        return bytes;
    }

    public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull || data.Length < 8)
        {
            throw new InvalidDataException($"A windowed key needs at least 8 bytes, got {(isNull ? "null" : data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        var start = BinaryPrimitives.ReadInt64BigEndian(data[^8..]);
        var key = inner.Deserialize(data[..^8], false, context);
        return new Windowed<TKey>(key, WindowKeySchema.WindowFor(start, windowSizeMs));
    }
}
