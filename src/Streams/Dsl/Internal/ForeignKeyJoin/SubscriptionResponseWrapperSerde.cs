using System.Buffers.Binary;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// Serializes <see cref="SubscriptionResponseWrapper{TOtherValue}"/> in Kafka Streams'
/// <c>SubscriptionResponseWrapperSerde</c> layout: <c>{1 bit hash-is-null}{7 bits version}{16 bytes hash, if any}{right value}</c>,
/// the hash big-endian. The right value is serialized for the topic being written; no value bytes mean no right
/// row (so, as in Kafka Streams, a right value that serializes to zero bytes reads back as absent). The primary
/// partition is not written.
/// </summary>
internal sealed class SubscriptionResponseWrapperSerde<TOtherValue>(ISerde<TOtherValue> foreignValueSerde) : ISerde<SubscriptionResponseWrapper<TOtherValue>>
{
    private const int HashBytes = 16;

    public byte[] Serialize(SubscriptionResponseWrapper<TOtherValue> data, SerializationContext context)
    {
        if (data is null)
        {
            return null!;
        }

        var value = data.HasForeignValue ? foreignValueSerde.Serialize(data.ForeignValue!, context) : null;
        var hashLength = data.OriginalValueHash is null ? 0 : HashBytes;
        var bytes = new byte[1 + hashLength + (value?.Length ?? 0)];
        bytes[0] = data.OriginalValueHash is null
            ? (byte)(SubscriptionResponseWrapper<TOtherValue>.CurrentVersion | 0x80)
            : SubscriptionResponseWrapper<TOtherValue>.CurrentVersion;
        if (data.OriginalValueHash is { } hash)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), hash.H1);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), hash.H2);
        }

        value?.CopyTo(bytes, 1 + hashLength);
        return bytes;
    }

    public SubscriptionResponseWrapper<TOtherValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null!;
        }

        if (data.Length < 1)
        {
            throw new InvalidDataException("A foreign-key join response needs at least 1 byte, got 0.");
        }

        var version = data[0] & 0x7F;
        if (version != SubscriptionResponseWrapper<TOtherValue>.CurrentVersion)
        {
            throw new InvalidDataException(
                $"Foreign-key join response of version {version}: this library reads version {SubscriptionResponseWrapper<TOtherValue>.CurrentVersion}.");
        }

        var offset = 1;
        (long, long)? hash = null;
        if ((data[0] & 0x80) == 0)
        {
            if (data.Length < 1 + HashBytes)
            {
                throw new InvalidDataException($"A foreign-key join response with a hash is truncated ({data.Length} bytes).");
            }

            hash = (BinaryPrimitives.ReadInt64BigEndian(data[1..]), BinaryPrimitives.ReadInt64BigEndian(data[9..]));
            offset += HashBytes;
        }

        return data.Length > offset
            ? new SubscriptionResponseWrapper<TOtherValue>(hash, foreignValueSerde.Deserialize(data[offset..], false, context), true, null)
            : new SubscriptionResponseWrapper<TOtherValue>(hash, default, false, null);
    }
}
