using System.Diagnostics.CodeAnalysis;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// Serdes, name and grace period of a stream-table join, without their types: the factories of
/// <see cref="Joined{TKey, TValue, TOtherValue}"/> that C# can call without type arguments, as Kafka Streams'
/// <c>Joined.with(...)</c> and <c>Joined.as(...)</c>: <c>orders.Join(customers, Enrich, Joined.As("enrich").WithGracePeriod(TimeSpan.FromSeconds(5)))</c>.
/// The untyped value converts to the <see cref="Joined{TKey, TValue, TOtherValue}"/> the operator expects.
/// </summary>
public sealed record Joined
{
    private Joined()
    {
    }

    /// <summary>The join processor's name, or null to generate one.</summary>
    public string? Name { get; private init; }

    /// <summary>The grace period of a join with a versioned table, or null for none.</summary>
    public TimeSpan? GracePeriod { get; private init; }

    /// <summary>Joins with the given serdes, the types inferred from them, as Kafka Streams' <c>Joined.with(Serde, Serde, Serde)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/>.</typeparam>
    /// <typeparam name="TValue">The stream's value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <typeparam name="TOtherValue">The table's value type, inferred from <paramref name="otherValueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the stream's).</param>
    /// <param name="valueSerde">The stream's value serde (null: the stream's).</param>
    /// <param name="otherValueSerde">The table's value serde (null: the table's).</param>
    /// <returns>The parameters.</returns>
    public static Joined<TKey, TValue, TOtherValue> With<TKey, TValue, TOtherValue>(
        ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, ISerde<TOtherValue>? otherValueSerde) =>
        Joined<TKey, TValue, TOtherValue>.With(keySerde, valueSerde, otherValueSerde);

    /// <summary>Joins with the given serdes, name and grace period, the types inferred from the serdes, as Kafka Streams' <c>Joined.with(Serde, Serde, Serde, String, Duration)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/>.</typeparam>
    /// <typeparam name="TValue">The stream's value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <typeparam name="TOtherValue">The table's value type, inferred from <paramref name="otherValueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the stream's).</param>
    /// <param name="valueSerde">The stream's value serde (null: the stream's).</param>
    /// <param name="otherValueSerde">The table's value serde (null: the table's).</param>
    /// <param name="name">The processor name, or null.</param>
    /// <param name="gracePeriod">The grace period, or null.</param>
    /// <returns>The parameters.</returns>
    public static Joined<TKey, TValue, TOtherValue> With<TKey, TValue, TOtherValue>(
        ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, ISerde<TOtherValue>? otherValueSerde, string? name, TimeSpan? gracePeriod = null) =>
        Joined<TKey, TValue, TOtherValue>.With(keySerde, valueSerde, otherValueSerde, name, gracePeriod);

    /// <summary>Names the join processor (and its buffer store <c>{name}-Buffer</c>), as Kafka Streams' <c>Joined.as(String)</c>.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static Joined As(string name) => new Joined().WithName(name);

    /// <summary>A copy with a processor name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public Joined WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>A copy with a grace period, as Kafka Streams' <c>Joined.withGracePeriod</c> (KIP-923; the table must be versioned).</summary>
    /// <param name="gracePeriod">The grace period, not negative.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gracePeriod"/> is negative.</exception>
    public Joined WithGracePeriod(TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        return this with { GracePeriod = gracePeriod };
    }
}

/// <content>The conversion from the untyped <see cref="Joined"/>.</content>
public sealed partial record Joined<TKey, TValue, TOtherValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Joined.As(string)"/>): same name and grace period, default serdes.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Joined<TKey, TValue, TOtherValue>?(Joined? settings) =>
        settings is null ? null : new() { Name = settings.Name, GracePeriod = settings.GracePeriod };
}
