using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// Serdes and name for a grouping, as Kafka Streams' <c>Grouped</c>. The name, when given, names the
/// repartition topic <c>{applicationId}-{name}-repartition</c> that <c>GroupBy</c> creates.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Grouped<TKey, TValue>
{
    /// <summary>The key serde, or null.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>The value serde, or null.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>
    /// The name, or null: the repartition topic is then named after the aggregation's store
    /// (<c>{store}-repartition</c>), generated when the store name is (see <see cref="TopologyOptions.NamingStrategy"/>).
    /// </summary>
    public string? Name { get; init; }

    /// <summary>Groups with the given serdes.</summary>
    /// <param name="keySerde">The key serde.</param>
    /// <param name="valueSerde">The value serde.</param>
    /// <returns>The parameters.</returns>
    public static Grouped<TKey, TValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>Names the grouping (and its repartition topic).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parameters.</returns>
    public static Grouped<TKey, TValue> As(string name)
    {
        Named.Validate(name);
        return new() { Name = name };
    }

    /// <summary>A copy with a key serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Grouped<TKey, TValue> WithKeySerde(ISerde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with a value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Grouped<TKey, TValue> WithValueSerde(ISerde<TValue> serde) => this with { ValueSerde = serde };
}
