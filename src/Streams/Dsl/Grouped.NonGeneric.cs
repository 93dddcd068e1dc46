using System.Diagnostics.CodeAnalysis;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// Serdes and name of a grouping, without their types: the factories of <see cref="Grouped{TKey, TValue}"/> that C# can
/// call without type arguments, as Kafka Streams' <c>Grouped.with(...)</c> and <c>Grouped.as(...)</c>:
/// <c>stream.GroupBy((k, order) =&gt; order.Region, Grouped.As("by-region"))</c>. <see cref="As(string)"/> carries no type
/// and converts to the <see cref="Grouped{TKey, TValue}"/> the operator expects.
/// </summary>
public sealed record Grouped
{
    private Grouped(string name) => Name = name;

    /// <summary>The grouping's name (and its repartition topic's).</summary>
    public string Name { get; }

    /// <summary>Groups with the given serdes, the types inferred from them, as Kafka Streams' <c>Grouped.with(Serde, Serde)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/> (<c>string?</c> for <see cref="Serdes.String"/>).</typeparam>
    /// <typeparam name="TValue">The value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the stream's, then the default).</param>
    /// <param name="valueSerde">The value serde (null: the stream's, then the default).</param>
    /// <returns>The parameters.</returns>
    public static Grouped<TKey, TValue> With<TKey, TValue>(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) =>
        Grouped<TKey, TValue>.With(keySerde, valueSerde);

    /// <summary>
    /// Names the grouping and its repartition topic <c>{applicationId}-{name}-repartition</c>, as Kafka Streams'
    /// <c>Grouped.as(String)</c>; converts to the operator's <see cref="Grouped{TKey, TValue}"/>.
    /// </summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static Grouped As(string name)
    {
        Named.Validate(name);
        return new(name);
    }
}

/// <content>The conversion from the untyped <see cref="Grouped"/>.</content>
public sealed partial record Grouped<TKey, TValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Grouped.As(string)"/>): same name, default serdes.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Grouped<TKey, TValue>?(Grouped? settings) => settings is null ? null : new() { Name = settings.Name };
}
