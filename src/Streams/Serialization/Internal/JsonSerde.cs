using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;

namespace Streams.Serialization.Internal;

internal sealed class JsonSerde<T>(JsonTypeInfo<T> typeInfo) : ISerde<T?>
{
    public byte[] Serialize(T? data, SerializationContext context) =>
        data is null ? null! : JsonSerializer.SerializeToUtf8Bytes(data, typeInfo);

    public T? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? default : JsonSerializer.Deserialize(data, typeInfo);

    public override string ToString() => $"Json<{typeof(T).Name}>";
}
