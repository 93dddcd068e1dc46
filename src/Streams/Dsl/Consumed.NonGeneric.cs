using System.Diagnostics.CodeAnalysis;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// How a source topic is read, without its types: the factories of <see cref="Consumed{TKey, TValue}"/> that C# can call
/// without type arguments, as Kafka Streams' <c>Consumed.with(...)</c> and <c>Consumed.as(...)</c>.
/// <c>builder.Stream("clicks", Consumed.With(Serdes.String, Serdes.String))</c> is an <c>IKStream&lt;string?, string?&gt;</c>:
/// the types come from the serdes, and <see cref="Serdes.String"/> is an <c>ISerde&lt;string?&gt;</c> because a
/// tombstone is a null value. <see cref="As(string)"/> carries no type and converts to the <see cref="Consumed{TKey, TValue}"/>
/// the operator expects.
/// </summary>
public sealed record Consumed
{
    private Consumed(string name) => Name = name;

    /// <summary>The source node name.</summary>
    public string Name { get; }

    /// <summary>Reads with the given serdes, the types inferred from them, as Kafka Streams' <c>Consumed.with(Serde, Serde)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/> (<c>string?</c> for <see cref="Serdes.String"/>).</typeparam>
    /// <typeparam name="TValue">The value type, inferred from <paramref name="valueSerde"/>; nullable when the serde reads tombstones as null.</typeparam>
    /// <param name="keySerde">The key serde (null: <see cref="Serdes.Default{T}"/>).</param>
    /// <param name="valueSerde">The value serde (null: <see cref="Serdes.Default{T}"/>).</param>
    /// <returns>The parameters.</returns>
    public static Consumed<TKey, TValue> With<TKey, TValue>(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) =>
        Consumed<TKey, TValue>.With(keySerde, valueSerde);

    /// <summary>
    /// Reads with a timestamp extractor, the types inferred from it, as Kafka Streams' <c>Consumed.with(TimestampExtractor)</c>.
    /// A lambda has no type to infer from: write <c>Consumed.With(keySerde, valueSerde).WithTimestampExtractor((key, value, ts, partitionTime) =&gt; ...)</c>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="extractor">The extractor.</param>
    /// <returns>The parameters.</returns>
    public static Consumed<TKey, TValue> With<TKey, TValue>(TimestampExtractor<TKey, TValue> extractor) =>
        Consumed<TKey, TValue>.With(extractor);

    /// <summary>Names the source node, as Kafka Streams' <c>Consumed.as(String)</c>; converts to the operator's <see cref="Consumed{TKey, TValue}"/>.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static Consumed As(string name)
    {
        Named.Validate(name);
        return new(name);
    }
}

/// <content>The conversion from the untyped <see cref="Consumed"/>.</content>
public sealed partial record Consumed<TKey, TValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Consumed.As(string)"/>): same name, default serdes.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Consumed<TKey, TValue>?(Consumed? settings) => settings is null ? null : new() { Name = settings.Name };
}
