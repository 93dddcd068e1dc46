using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>Session-windowed keys as <c>key || end || start</c>, as Kafka Streams' <c>SessionWindowedSerde</c>.</summary>
internal sealed class SessionWindowedSerde<TKey>(ISerde<TKey> inner) : ISerde<Windowed<TKey>>
{
    public byte[] Serialize(Windowed<TKey> data, SerializationContext context)
    {
        var key = inner.Serialize(data.Key, context) ?? [];
        return SessionKeySchema.ToBinary(key, data.Window.StartMs, data.Window.EndMs);
    }

    public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull || data.Length < SessionKeySchema.SuffixSize)
        {
            throw new InvalidDataException(
                $"A session-windowed key needs at least {SessionKeySchema.SuffixSize} bytes, got {(isNull ? "null" : data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        var key = inner.Deserialize(SessionKeySchema.ExtractKey(data), false, context);
        return new Windowed<TKey>(key, new Window(SessionKeySchema.ExtractStart(data), SessionKeySchema.ExtractEnd(data)));
    }
}
