using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;

namespace Streams.Serialization.Internal;

/// <summary>
/// JSON of <typeparamref name="T"/>, nullable or not (the caller's choice, see <see cref="Serdes.Json{T}(JsonTypeInfo{T})"/>):
/// a tombstone is a null value both ways and never reaches System.Text.Json, which would write <c>null</c> (4 bytes) for
/// it and fail on empty input.
/// </summary>
internal sealed class JsonSerde<T>(JsonTypeInfo<T> typeInfo) : ISerde<T>
{
    public byte[] Serialize(T data, SerializationContext context) =>
        data is null ? null! : JsonSerializer.SerializeToUtf8Bytes(data, typeInfo);

    // isNull: the tombstone's null value (default for a value type), as Confluent's JsonDeserializer returns null.
    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? default! : JsonSerializer.Deserialize(data, typeInfo)!;

    public override string ToString() => $"Json<{typeof(T).Name}>";
}
