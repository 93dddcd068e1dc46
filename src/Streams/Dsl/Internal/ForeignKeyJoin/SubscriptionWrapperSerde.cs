using System.Buffers.Binary;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// Serializes <see cref="SubscriptionWrapper{TKey}"/> in Kafka Streams' <c>SubscriptionWrapperSerde</c> layout:
/// <c>{1 bit hash-is-null}{7 bits version}{1 byte instruction}{16 bytes hash, if any}{primary key}{4 bytes primary partition}</c>,
/// integers big-endian; version 0 (no partition) is read too. The primary key is serialized for the
/// <c>-pk</c> pseudo topic (<see cref="ForeignKeyJoinTopics.PrimaryKeyTopicFor"/>), whatever topic the wrapper
/// itself is written to, so that the same bytes appear in the subscription topic and the subscription store.
/// </summary>
internal sealed class SubscriptionWrapperSerde<TKey>(ISerde<TKey> primaryKeySerde, ForeignKeyJoinTopics topics) : ISerde<SubscriptionWrapper<TKey>>
{
    private const int HashBytes = 16;

    public byte[] Serialize(SubscriptionWrapper<TKey> data, SerializationContext context)
    {
        if (data is null)
        {
            return null!;
        }

        var primaryKey = primaryKeySerde.Serialize(data.PrimaryKey, new SerializationContext(MessageComponentType.Key, topics.PrimaryKeyTopicFor(context.Topic), context.Headers))
            ?? throw new InvalidOperationException("The primary key of a foreign-key join subscription serialized to null.");
        var hashLength = data.Hash is null ? 0 : HashBytes;
        var bytes = new byte[2 + hashLength + primaryKey.Length + 4];
        bytes[0] = data.Hash is null ? (byte)(SubscriptionWrapper<TKey>.CurrentVersion | 0x80) : SubscriptionWrapper<TKey>.CurrentVersion;
        bytes[1] = (byte)data.Instruction;
        if (data.Hash is { } hash)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), hash.H1);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(10), hash.H2);
        }

        primaryKey.CopyTo(bytes, 2 + hashLength);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(bytes.Length - 4), data.PrimaryPartition ?? -1);
        return bytes;
    }

    public SubscriptionWrapper<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null!;
        }

        if (data.Length < 2)
        {
            throw new InvalidDataException($"A foreign-key join subscription needs at least 2 bytes, got {data.Length}.");
        }

        var version = data[0] & 0x7F;
        if (version > SubscriptionWrapper<TKey>.CurrentVersion)
        {
            throw new InvalidDataException(
                $"Foreign-key join subscription of version {version}: this library reads versions up to {SubscriptionWrapper<TKey>.CurrentVersion}.");
        }

        var hashIsNull = (data[0] & 0x80) != 0;
        var instruction = data[1] switch
        {
            <= (byte)SubscriptionInstruction.PropagateOnlyIfForeignValue => (SubscriptionInstruction)data[1],
            _ => throw new InvalidDataException($"Unknown foreign-key join subscription instruction {data[1]}."),
        };
        var offset = 2;
        (long, long)? hash = null;
        if (!hashIsNull)
        {
            hash = (BinaryPrimitives.ReadInt64BigEndian(data[2..]), BinaryPrimitives.ReadInt64BigEndian(data[10..]));
            offset += HashBytes;
        }

        var partitionBytes = version > 0 ? 4 : 0;
        if (data.Length < offset + partitionBytes)
        {
            throw new InvalidDataException($"A foreign-key join subscription of version {version} is truncated ({data.Length} bytes).");
        }

        var primaryKey = primaryKeySerde.Deserialize(
            data[offset..^partitionBytes], false, new SerializationContext(MessageComponentType.Key, topics.PrimaryKeyTopicFor(context.Topic), context.Headers));
        int? partition = version > 0 && BinaryPrimitives.ReadInt32BigEndian(data[^4..]) is var p and >= 0 ? p : null;
        return new SubscriptionWrapper<TKey>(hash, instruction, primaryKey, partition);
    }
}
