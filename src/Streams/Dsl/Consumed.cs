using Streams.Processor;
using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// How a source topic is read: serdes, timestamp extractor and source name, as Kafka Streams'
/// <c>Consumed</c>. Serdes left null fall back to <see cref="Serdes.Default{T}"/> (string, int, long,
/// double, byte[]); other types need one, else building the topology throws <see cref="TopologyException"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Consumed<TKey, TValue>
{
    /// <summary>The key serde, or null for the default.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>The value serde, or null for the default.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>The timestamp extractor, or null to use the Kafka record timestamp.</summary>
    public TimestampExtractor<TKey, TValue>? TimestampExtractor { get; init; }

    /// <summary>The source node name, or null to generate one.</summary>
    public string? Name { get; init; }

    /// <summary>Reads with the given serdes.</summary>
    /// <param name="keySerde">The key serde (null: default).</param>
    /// <param name="valueSerde">The value serde (null: default).</param>
    /// <returns>The parameters.</returns>
    public static Consumed<TKey, TValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>Reads with a timestamp extractor.</summary>
    /// <param name="extractor">The extractor.</param>
    /// <returns>The parameters.</returns>
    public static Consumed<TKey, TValue> With(TimestampExtractor<TKey, TValue> extractor) => new() { TimestampExtractor = extractor };

    /// <summary>Names the source node.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parameters.</returns>
    public static Consumed<TKey, TValue> As(string name)
    {
        Named.Validate(name);
        return new() { Name = name };
    }

    /// <summary>A copy with a key serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Consumed<TKey, TValue> WithKeySerde(ISerde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with a value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Consumed<TKey, TValue> WithValueSerde(ISerde<TValue> serde) => this with { ValueSerde = serde };

    /// <summary>A copy with a timestamp extractor.</summary>
    /// <param name="extractor">The extractor.</param>
    /// <returns>The copy.</returns>
    public Consumed<TKey, TValue> WithTimestampExtractor(TimestampExtractor<TKey, TValue> extractor) => this with { TimestampExtractor = extractor };

    /// <summary>A copy with a source name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The copy.</returns>
    public Consumed<TKey, TValue> WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }
}
