using Confluent.Kafka;

namespace Streams.Serialization;

/// <summary>
/// A serializer and deserializer pair for one type, as Kafka Streams' <c>Serde&lt;T&gt;</c>. Built on
/// Confluent.Kafka's <see cref="ISerializer{T}"/> and <see cref="IDeserializer{T}"/>, so any synchronous
/// Confluent serializer can be used through <see cref="Serdes.From{T}"/>. A null value (a Kafka
/// tombstone) serializes to <see langword="null"/> bytes and deserializes from <c>isNull = true</c>.
/// </summary>
/// <typeparam name="T">The data type.</typeparam>
public interface ISerde<T> : ISerializer<T>, IDeserializer<T>
{
}
