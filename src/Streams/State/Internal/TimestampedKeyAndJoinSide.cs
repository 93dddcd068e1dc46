using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The key of a stream-stream join's outer store: the record key, its timestamp and the side it came from, as
/// Kafka Streams' <c>TimestampedKeyAndJoinSide</c>.
/// </summary>
internal readonly record struct TimestampedKeyAndJoinSide<TKey>(TKey Key, long TimestampMs, bool IsLeftSide)
{
    public static TimestampedKeyAndJoinSide<TKey> Left(TKey key, long timestampMs) => new(key, timestampMs, true);

    public static TimestampedKeyAndJoinSide<TKey> Right(TKey key, long timestampMs) => new(key, timestampMs, false);
}

/// <summary>
/// Serializes a <see cref="TimestampedKeyAndJoinSide{TKey}"/> as <c>timestamp || side || key bytes</c> (timestamp as in
/// <see cref="WindowKeySchema"/>, side 1 for left and 0 for right), as Kafka Streams' <c>TimestampedKeyAndJoinSideSerde</c>:
/// the outer store iterates by timestamp first, right before left at equal timestamps.
/// </summary>
internal sealed class TimestampedKeyAndJoinSideSerde<TKey>(ISerde<TKey> keySerde) : ISerde<TimestampedKeyAndJoinSide<TKey>>
{
    private const int PrefixSize = WindowKeySchema.TimestampSize + 1;

    public byte[] Serialize(TimestampedKeyAndJoinSide<TKey> data, SerializationContext context)
    {
        var key = keySerde.Serialize(data.Key, context);
        var bytes = new byte[PrefixSize + key.Length];
        WindowKeySchema.WriteTimestamp(bytes, data.TimestampMs);
        bytes[WindowKeySchema.TimestampSize] = data.IsLeftSide ? (byte)1 : (byte)0;
        key.CopyTo(bytes, PrefixSize);
        return bytes;
    }

    public TimestampedKeyAndJoinSide<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        new(
            keySerde.Deserialize(data[PrefixSize..], false, context),
            WindowKeySchema.ReadTimestamp(data[..WindowKeySchema.TimestampSize]),
            data[WindowKeySchema.TimestampSize] == 1);
}
