using Streams.Serialization;

namespace Streams.Dsl;

/// <summary>
/// Serdes, name and grace period of a stream-table join, as Kafka Streams' <c>Joined</c> (with KIP-923's grace
/// period). The key and value serdes are those of the stream side (they serialize the records the grace period
/// buffers); the other value serde is the table's value serde (kept for parity with Kafka Streams; the table's
/// own store serdes are used to read it). The name names the join processor (and its buffer store
/// <c>{name}-Buffer</c>).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The stream's value type.</typeparam>
/// <typeparam name="TOtherValue">The table's value type.</typeparam>
public sealed partial record Joined<TKey, TValue, TOtherValue>
{
    /// <summary>The key serde, or null to use the stream's.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>The stream's value serde, or null to use the stream's.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>The table's value serde, or null.</summary>
    public ISerde<TOtherValue>? OtherValueSerde { get; init; }

    /// <summary>The join processor's name, or null to generate <c>KSTREAM-JOIN-n</c> / <c>KSTREAM-LEFTJOIN-n</c>.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The grace period, or null for none (the default): how long, in stream time, stream records wait in a buffer
    /// before they are joined, so that table updates that arrive late but within the grace period are seen, as
    /// Kafka Streams' <c>Joined.withGracePeriod</c> (KIP-923). Only allowed when the table is versioned
    /// (materialized with a versioned store) whose history retention is at least the grace period; otherwise the join
    /// is refused with a <see cref="TopologyException"/>, as Kafka Streams refuses it when the topology is built.
    /// </summary>
    /// <remarks>
    /// The buffer keeps its own stream time, the largest timestamp of a stream record it has accepted. A record
    /// at or after <c>streamTime - grace</c> is buffered (a changelogged store, <c>{name}-Buffer</c>); buffered
    /// records whose timestamp is at or before <c>streamTime - grace</c> are joined in timestamp order, each with
    /// the table as of its own timestamp, when a new stream record arrives (table updates and wall-clock time do
    /// not flush the buffer). A record older than <c>streamTime - grace</c> is joined immediately. A zero grace
    /// period joins every record immediately, as without one.
    /// </remarks>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Joins with the given serdes.</summary>
    /// <param name="keySerde">The key serde, or null.</param>
    /// <param name="valueSerde">The stream's value serde, or null.</param>
    /// <param name="otherValueSerde">The table's value serde, or null.</param>
    /// <returns>The parameters.</returns>
    public static Joined<TKey, TValue, TOtherValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, ISerde<TOtherValue>? otherValueSerde) =>
        new() { KeySerde = keySerde, ValueSerde = valueSerde, OtherValueSerde = otherValueSerde };

    /// <summary>Joins with the given serdes, processor name and grace period, as Kafka Streams' <c>Joined.with(keySerde, valueSerde, otherValueSerde, name, gracePeriod)</c>.</summary>
    /// <param name="keySerde">The key serde, or null.</param>
    /// <param name="valueSerde">The stream's value serde, or null.</param>
    /// <param name="otherValueSerde">The table's value serde, or null.</param>
    /// <param name="name">The processor name, or null to generate one.</param>
    /// <param name="gracePeriod">The grace period, or null for none; not negative.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The name is illegal (see <see cref="Named.As"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The grace period is negative.</exception>
    public static Joined<TKey, TValue, TOtherValue> With(
        ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, ISerde<TOtherValue>? otherValueSerde, string? name, TimeSpan? gracePeriod = null)
    {
        var joined = With(keySerde, valueSerde, otherValueSerde);
        joined = name is null ? joined : joined.WithName(name);
        return gracePeriod is { } grace ? joined.WithGracePeriod(grace) : joined;
    }

    /// <summary>Names the join processor, as Kafka Streams' <c>Joined.as</c>.</summary>
    /// <param name="name">The processor name.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The name is illegal (see <see cref="Named.As"/>).</exception>
    public static Joined<TKey, TValue, TOtherValue> As(string name) => new Joined<TKey, TValue, TOtherValue>().WithName(name);

    /// <summary>A copy with a key serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Joined<TKey, TValue, TOtherValue> WithKeySerde(ISerde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with the stream's value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Joined<TKey, TValue, TOtherValue> WithValueSerde(ISerde<TValue> serde) => this with { ValueSerde = serde };

    /// <summary>A copy with the table's value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Joined<TKey, TValue, TOtherValue> WithOtherValueSerde(ISerde<TOtherValue> serde) => this with { OtherValueSerde = serde };

    /// <summary>A copy with a processor name.</summary>
    /// <param name="name">The processor name.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is illegal (see <see cref="Named.As"/>).</exception>
    public Joined<TKey, TValue, TOtherValue> WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>A copy with a grace period (see <see cref="GracePeriod"/>), as Kafka Streams' <c>Joined.withGracePeriod</c>.</summary>
    /// <param name="gracePeriod">The grace period; not negative. Millisecond precision.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gracePeriod"/> is negative.</exception>
    public Joined<TKey, TValue, TOtherValue> WithGracePeriod(TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        return this with { GracePeriod = gracePeriod };
    }
}
