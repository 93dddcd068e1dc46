using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The foreign-key serde of the subscription topic: a null foreign key (left-join subscriptions of rows that
/// reference nothing) is written as a null Kafka key and read back as null (default), whatever the inner serde
/// does with null.
/// </summary>
internal sealed class NullableKeySerde<T>(ISerde<T> inner) : ISerde<T>
{
    public byte[] Serialize(T data, SerializationContext context) => data is null ? null! : inner.Serialize(data, context);

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? default! : inner.Deserialize(data, false, context);
}
