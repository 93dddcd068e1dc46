using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// Kafka's <c>LongSerde</c> for a nullable key: eight big-endian bytes, and a null key as null bytes (Kafka Streams tests
/// pipe <c>(Long) null</c> keys through it).
/// </summary>
internal static class NullableInt64Serde
{
    /// <summary>The serde.</summary>
    public static ISerde<long?> Instance { get; } = Serdes.From<long?>(new Serializer(), new Deserializer());

    private sealed class Serializer : ISerializer<long?>
    {
        public byte[] Serialize(long? data, SerializationContext context) =>
            data is { } value ? Serdes.Int64.Serialize(value, context) : null!;
    }

    private sealed class Deserializer : IDeserializer<long?>
    {
        public long? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            isNull ? null : Serdes.Int64.Deserialize(data, false, context);
    }
}
