using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>The hash a foreign-key join compares to recognize stale responses: Murmur3 128-bit of the serialized left value, as Kafka Streams.</summary>
internal static class ValueHash
{
    /// <summary>Hashes <paramref name="value"/> serialized for the join's <c>-vh</c> pseudo topic (a value serialized to null hashes as empty).</summary>
    public static (long, long) Of<TValue>(ISerde<TValue> valueSerde, TValue value, SerializationContext context) =>
        Murmur3.Hash128(valueSerde.Serialize(value, context) ?? []);
}
