using Confluent.Kafka;

namespace Streams.Serialization.Internal;

/// <summary>Null as null bytes, anything else through the inner serde: see <see cref="Serdes.Nullable{T}(ISerde{T})"/>.</summary>
internal sealed class NullableSerde<T>(ISerde<T> inner) : ISerde<T?>
    where T : struct
{
    public byte[] Serialize(T? data, SerializationContext context) => data is { } value ? inner.Serialize(value, context) : null!;

    public T? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? null : inner.Deserialize(data, false, context);

    public override string ToString() => $"Nullable({inner})";
}
