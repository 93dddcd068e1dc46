using Streams.Processor;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// Parameters of an explicit repartition, as Kafka Streams' <c>Repartitioned</c>: the topic
/// <c>{applicationId}-{name}-repartition</c>, its serdes, its partition count (default: the partition count
/// of the upstream sub-topology's input topics) and its partitioner (default: the producer's, by key).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Repartitioned<TKey, TValue>
{
    /// <summary>
    /// The name (and repartition topic base name; the repartition's nodes are then named <c>{name}-repartition-sink</c>,
    /// <c>-filter</c> and <c>-source</c>), or null to generate <c>KSTREAM-REPARTITION-{n}</c> (see
    /// <see cref="TopologyOptions.NamingStrategy"/>).
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The key serde, or null.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>The value serde, or null.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>The repartition topic's partition count, or null to follow the upstream input topics.</summary>
    public int? NumberOfPartitions { get; init; }

    /// <summary>Chooses the partition(s) of each record written to the repartition topic, or null to partition by key.</summary>
    public IStreamPartitioner<TKey, TValue>? Partitioner { get; init; }

    /// <summary>Repartitions with a stream partitioner, as Kafka Streams' <c>Repartitioned.streamPartitioner</c>.</summary>
    /// <param name="partitioner">Chooses the partition(s) of each record.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partitioner"/> is null.</exception>
    public static Repartitioned<TKey, TValue> StreamPartitioner(IStreamPartitioner<TKey, TValue> partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return new() { Partitioner = partitioner };
    }

    /// <summary>A copy with a stream partitioner, as Kafka Streams' <c>withStreamPartitioner</c>.</summary>
    /// <param name="partitioner">Chooses the partition(s) of each record; null partitions by key.</param>
    /// <returns>The copy.</returns>
    public Repartitioned<TKey, TValue> WithStreamPartitioner(IStreamPartitioner<TKey, TValue>? partitioner) => this with { Partitioner = partitioner };

    /// <summary>Names the repartition.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parameters.</returns>
    public static Repartitioned<TKey, TValue> As(string name)
    {
        Named.Validate(name);
        return new() { Name = name };
    }

    /// <summary>Repartitions with the given serdes.</summary>
    /// <param name="keySerde">The key serde.</param>
    /// <param name="valueSerde">The value serde.</param>
    /// <returns>The parameters.</returns>
    public static Repartitioned<TKey, TValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>A copy with a partition count.</summary>
    /// <param name="partitions">At least 1.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 partition.</exception>
    public Repartitioned<TKey, TValue> WithNumberOfPartitions(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return this with { NumberOfPartitions = partitions };
    }
}
