using Confluent.Kafka;

namespace Streams.Serialization.Internal;

internal sealed class SerdeAdapter<T>(ISerializer<T> serializer, IDeserializer<T> deserializer, string name) : ISerde<T>
{
    public byte[] Serialize(T data, SerializationContext context) => serializer.Serialize(data, context);

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull && default(T) is null ? default! : deserializer.Deserialize(data, isNull, context);

    public override string ToString() => name;
}
