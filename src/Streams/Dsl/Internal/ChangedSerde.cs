using Confluent.Kafka;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Serializes a <see cref="Change{TValue}"/> for a repartition topic, in the format of Kafka Streams'
/// <c>ChangedSerializer</c>/<c>ChangedDeserializer</c> (3.5+): the values, an "is latest" byte (always 1 here: no
/// versioned tables) and a trailing encoding flag:
/// <c>{old}{isLatest}{3}</c>, <c>{new}{isLatest}{4}</c>, <c>{varint newLength}{new}{old}{isLatest}{5}</c>.
/// The older flags 0 (old only), 1 (new only) and 2 (both) without the "is latest" byte are read too. The varint is
/// Kafka's zig-zag <c>ByteUtils.writeVarint</c>.
/// </summary>
internal sealed class ChangedSerde<TValue>(ISerde<TValue> inner) : ISerde<Change<TValue>>
{
    private const byte IsLatest = 1;

    public byte[] Serialize(Change<TValue> data, SerializationContext context)
    {
        var @new = data.HasNewValue ? inner.Serialize(data.NewValue!, context) : null;
        var old = data.HasOldValue ? inner.Serialize(data.OldValue!, context) : null;
        if (@new is null && old is null)
        {
            throw new StreamsException("Both old and new values are null in ChangedSerde, which is not allowed.");
        }

        if (@new is not null && old is not null)
        {
            Span<byte> length = stackalloc byte[5];
            var lengthSize = WriteVarint(@new.Length, length);
            var bytes = new byte[lengthSize + @new.Length + old.Length + 2];
            length[..lengthSize].CopyTo(bytes);
            @new.CopyTo(bytes, lengthSize);
            old.CopyTo(bytes, lengthSize + @new.Length);
            bytes[^2] = IsLatest;
            bytes[^1] = 5;
            return bytes;
        }

        var single = @new ?? old!;
        var result = new byte[single.Length + 2];
        single.CopyTo(result, 0);
        result[^2] = IsLatest;
        result[^1] = @new is not null ? (byte)4 : (byte)3;
        return result;
    }

    public Change<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull || data.Length == 0)
        {
            throw new InvalidDataException("A serialized Change needs at least its encoding flag.");
        }

        var flag = data[^1];
        var body = flag >= 3 ? data[..^2] : data[..^1];
        switch (flag)
        {
            case 0 or 3:
                return new Change<TValue>(default, false, inner.Deserialize(body, false, context), true);
            case 1 or 4:
                return new Change<TValue>(inner.Deserialize(body, false, context), true, default, false);
            case 2 or 5:
                var newLength = ReadVarint(body, out var read);
                if (newLength < 0 || read + newLength > body.Length)
                {
                    throw new InvalidDataException($"A serialized Change declares a new value of {newLength} bytes in {body.Length} bytes.");
                }

                var newBytes = body.Slice(read, newLength);
                return new Change<TValue>(
                    inner.Deserialize(newBytes, false, context), true, inner.Deserialize(body[(read + newLength)..], false, context), true);
            default:
                throw new InvalidDataException($"Unknown encoding flag {flag} of a serialized Change.");
        }
    }

    private static int WriteVarint(int value, Span<byte> destination)
    {
        var v = (uint)((value << 1) ^ (value >> 31));
        var i = 0;
        while ((v & ~0x7Fu) != 0)
        {
            destination[i++] = (byte)((v & 0x7F) | 0x80);
            v >>= 7;
        }

        destination[i++] = (byte)v;
        return i;
    }

    private static int ReadVarint(ReadOnlySpan<byte> source, out int read)
    {
        uint value = 0;
        var shift = 0;
        read = 0;
        while (true)
        {
            if (read >= source.Length || shift > 28)
            {
                throw new InvalidDataException("Malformed varint in a serialized Change.");
            }

            var b = source[read++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }

            shift += 7;
        }

        return (int)(value >> 1) ^ -(int)(value & 1);
    }
}
