using System.Diagnostics.CodeAnalysis;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// Parameters of an explicit repartition, without their types: the factories of <see cref="Repartitioned{TKey, TValue}"/>
/// that C# can call without type arguments, as Kafka Streams' <c>Repartitioned.with(...)</c> and <c>Repartitioned.as(...)</c>:
/// <c>stream.Repartition(Repartitioned.As("by-user").WithNumberOfPartitions(6))</c>. The untyped value converts to the
/// <see cref="Repartitioned{TKey, TValue}"/> the operator expects.
/// </summary>
public sealed record Repartitioned
{
    private Repartitioned()
    {
    }

    /// <summary>The name (and repartition topic base name), or null to generate one.</summary>
    public string? Name { get; private init; }

    /// <summary>The repartition topic's partition count, or null to follow the upstream input topics.</summary>
    public int? NumberOfPartitions { get; private init; }

    /// <summary>Repartitions with the given serdes, the types inferred from them, as Kafka Streams' <c>Repartitioned.with(Serde, Serde)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/>.</typeparam>
    /// <typeparam name="TValue">The value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the stream's, then the default).</param>
    /// <param name="valueSerde">The value serde (null: the stream's, then the default).</param>
    /// <returns>The parameters.</returns>
    public static Repartitioned<TKey, TValue> With<TKey, TValue>(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) =>
        Repartitioned<TKey, TValue>.With(keySerde, valueSerde);

    /// <summary>Repartitions with a stream partitioner, the types inferred from it, as Kafka Streams' <c>Repartitioned.streamPartitioner</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="partitioner">Chooses the partition(s) of each record.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partitioner"/> is null.</exception>
    public static Repartitioned<TKey, TValue> StreamPartitioner<TKey, TValue>(IStreamPartitioner<TKey, TValue> partitioner) =>
        Repartitioned<TKey, TValue>.StreamPartitioner(partitioner);

    /// <summary>Names the repartition and its topic, as Kafka Streams' <c>Repartitioned.as(String)</c>.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static Repartitioned As(string name)
    {
        Named.Validate(name);
        return new() { Name = name };
    }

    /// <summary>A copy with a partition count.</summary>
    /// <param name="partitions">The partition count, at least 1.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is less than 1.</exception>
    public Repartitioned WithNumberOfPartitions(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return this with { NumberOfPartitions = partitions };
    }
}

/// <content>The conversion from the untyped <see cref="Repartitioned"/>.</content>
public sealed partial record Repartitioned<TKey, TValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Repartitioned.As(string)"/>): same name and partition count, default serdes and partitioner.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Repartitioned<TKey, TValue>?(Repartitioned? settings) =>
        settings is null ? null : new() { Name = settings.Name, NumberOfPartitions = settings.NumberOfPartitions };
}
