using Streams.Processor;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// How records are written to a topic: serdes, sink name and partitioner, as Kafka Streams' <c>Produced</c>.
/// Null serdes fall back to the stream's known serdes, then to <see cref="Serdes.Default{T}"/>.
/// Partitioning is the producer's default (murmur2 of the key bytes, as Kafka's Java client) unless a
/// <see cref="Partitioner"/> is set.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Produced<TKey, TValue>
{
    /// <summary>The key serde, or null.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>The value serde, or null.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>The sink name, or null to generate one.</summary>
    public string? Name { get; init; }

    /// <summary>Chooses the partition(s) of each record, or null for the producer's default partitioning.</summary>
    public IStreamPartitioner<TKey, TValue>? Partitioner { get; init; }

    /// <summary>Writes with a stream partitioner, as Kafka Streams' <c>Produced.streamPartitioner</c>.</summary>
    /// <param name="partitioner">Chooses the partition(s) of each record (multicast, or none to drop it).</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partitioner"/> is null.</exception>
    public static Produced<TKey, TValue> StreamPartitioner(IStreamPartitioner<TKey, TValue> partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return new() { Partitioner = partitioner };
    }

    /// <summary>Writes with the given serdes.</summary>
    /// <param name="keySerde">The key serde.</param>
    /// <param name="valueSerde">The value serde.</param>
    /// <returns>The parameters.</returns>
    public static Produced<TKey, TValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>Names the sink node.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parameters.</returns>
    public static Produced<TKey, TValue> As(string name)
    {
        Named.Validate(name);
        return new() { Name = name };
    }

    /// <summary>A copy with a key serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Produced<TKey, TValue> WithKeySerde(ISerde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with a value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Produced<TKey, TValue> WithValueSerde(ISerde<TValue> serde) => this with { ValueSerde = serde };

    /// <summary>A copy with a stream partitioner, as Kafka Streams' <c>withStreamPartitioner</c>.</summary>
    /// <param name="partitioner">Chooses the partition(s) of each record; null restores the default partitioning.</param>
    /// <returns>The copy.</returns>
    public Produced<TKey, TValue> WithStreamPartitioner(IStreamPartitioner<TKey, TValue>? partitioner) => this with { Partitioner = partitioner };
}
