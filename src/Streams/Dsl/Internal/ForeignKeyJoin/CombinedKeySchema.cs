using System.Buffers.Binary;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The byte layout of <see cref="CombinedKey{TForeignKey, TKey}"/>, as Kafka Streams' <c>CombinedKeySchema</c>:
/// <c>{4-byte big-endian foreign key length}{foreign key}{primary key}</c>, so that the prefix
/// <c>{length}{foreign key}</c> selects exactly the subscribers of one foreign key (the length stops a foreign
/// key from matching a longer one it is a prefix of). Foreign keys are serialized for the <c>-fk</c> pseudo
/// topic, primary keys for the <c>-pk</c> one.
/// </summary>
internal sealed class CombinedKeySchema<TForeignKey, TKey>(ISerde<TForeignKey> foreignKeySerde, ISerde<TKey> primaryKeySerde, string foreignKeyTopic, string primaryKeyTopic)
{
    private readonly SerializationContext _foreignKeyContext = new(MessageComponentType.Key, foreignKeyTopic);
    private readonly SerializationContext _primaryKeyContext = new(MessageComponentType.Key, primaryKeyTopic);

    public byte[] ToBytes(TForeignKey foreignKey, TKey primaryKey)
    {
        var fk = SerializeForeignKey(foreignKey);
        var pk = primaryKeySerde.Serialize(primaryKey, _primaryKeyContext)
            ?? throw new InvalidOperationException("A primary key of a foreign-key join serialized to null.");
        var bytes = new byte[4 + fk.Length + pk.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, fk.Length);
        fk.CopyTo(bytes, 4);
        pk.CopyTo(bytes, 4 + fk.Length);
        return bytes;
    }

    /// <summary>The prefix shared by every combined key of <paramref name="foreignKey"/>.</summary>
    public byte[] PrefixBytes(TForeignKey foreignKey)
    {
        var fk = SerializeForeignKey(foreignKey);
        var bytes = new byte[4 + fk.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, fk.Length);
        fk.CopyTo(bytes, 4);
        return bytes;
    }

    public CombinedKey<TForeignKey, TKey> FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            throw new InvalidDataException($"A foreign-key join subscription key needs at least 4 bytes, got {data.Length}.");
        }

        var fkLength = BinaryPrimitives.ReadInt32BigEndian(data);
        if (fkLength < 0 || fkLength > data.Length - 4)
        {
            throw new InvalidDataException($"A foreign-key join subscription key announces a {fkLength}-byte foreign key but has {data.Length - 4} bytes after the length.");
        }

        var foreignKey = foreignKeySerde.Deserialize(data.Slice(4, fkLength), false, _foreignKeyContext);
        var primaryKey = primaryKeySerde.Deserialize(data[(4 + fkLength)..], false, _primaryKeyContext);
        return new CombinedKey<TForeignKey, TKey>(foreignKey, primaryKey);
    }

    private byte[] SerializeForeignKey(TForeignKey foreignKey) =>
        foreignKeySerde.Serialize(foreignKey, _foreignKeyContext) ?? throw new InvalidOperationException("A foreign key serialized to null.");
}
