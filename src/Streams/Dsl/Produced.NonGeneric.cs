using System.Diagnostics.CodeAnalysis;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// How records are written to a topic, without their types: the factories of <see cref="Produced{TKey, TValue}"/> that C#
/// can call without type arguments, as Kafka Streams' <c>Produced.with(...)</c> and <c>Produced.as(...)</c>:
/// <c>stream.To("out", Produced.With(Serdes.String, Serdes.Int64))</c>. <see cref="As(string)"/> carries no type and
/// converts to the <see cref="Produced{TKey, TValue}"/> the operator expects.
/// </summary>
public sealed record Produced
{
    private Produced(string name) => Name = name;

    /// <summary>The sink node name.</summary>
    public string Name { get; }

    /// <summary>Writes with the given serdes, the types inferred from them, as Kafka Streams' <c>Produced.with(Serde, Serde)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/> (<c>string?</c> for <see cref="Serdes.String"/>).</typeparam>
    /// <typeparam name="TValue">The value type, inferred from <paramref name="valueSerde"/>; a null value is written as a tombstone.</typeparam>
    /// <param name="keySerde">The key serde (null: the stream's, then the default).</param>
    /// <param name="valueSerde">The value serde (null: the stream's, then the default).</param>
    /// <returns>The parameters.</returns>
    public static Produced<TKey, TValue> With<TKey, TValue>(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) =>
        Produced<TKey, TValue>.With(keySerde, valueSerde);

    /// <summary>Writes with a stream partitioner, the types inferred from it, as Kafka Streams' <c>Produced.streamPartitioner</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="partitioner">Chooses the partition(s) of each record.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partitioner"/> is null.</exception>
    public static Produced<TKey, TValue> StreamPartitioner<TKey, TValue>(IStreamPartitioner<TKey, TValue> partitioner) =>
        Produced<TKey, TValue>.StreamPartitioner(partitioner);

    /// <summary>Names the sink node, as Kafka Streams' <c>Produced.as(String)</c>; converts to the operator's <see cref="Produced{TKey, TValue}"/>.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static Produced As(string name)
    {
        Named.Validate(name);
        return new(name);
    }
}

/// <content>The conversion from the untyped <see cref="Produced"/>.</content>
public sealed partial record Produced<TKey, TValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Produced.As(string)"/>): same name, default serdes and partitioning.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Produced<TKey, TValue>?(Produced? settings) => settings is null ? null : new() { Name = settings.Name };
}
