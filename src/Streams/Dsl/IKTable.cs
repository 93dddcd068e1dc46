using Streams.State;
namespace Streams.Dsl;

/// <summary>
/// A changelog stream read as a table: the latest value per key, as Kafka Streams' <c>KTable</c>.
/// Aggregations produce tables; every update is forwarded downstream (no record cache in this version).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public partial interface IKTable<TKey, TValue>
{
    /// <summary>
    /// The store name to query the table with, or null when the table is not materialized under a name the user gave
    /// (<c>Materialized.As</c>), as Kafka Streams' <c>queryableStoreName</c>: a store with a generated name is internal.
    /// </summary>
    string? QueryableStoreName { get; }

    /// <summary>
    /// The stream of updates of this table, as Kafka Streams' <c>toStream</c>; deletes appear as tombstones
    /// (<see cref="Processor.Record{TKey, TValue}.IsTombstone"/>): null values, or for a non-nullable value type
    /// (<see cref="long"/>, <see cref="int"/>, ...) a <c>default</c> value flagged as a tombstone, which a sink writes as a
    /// null value (read it back with <see cref="Serialization.Serdes.Nullable{T}(Serialization.ISerde{T})"/>) and
    /// aggregations, joins and <c>ToTable</c> treat as a delete. <c>Map</c> and <c>MapValues</c> keep such a record a
    /// tombstone (<c>MapValues</c> without calling its mapper); predicates and other functions receive its <c>default</c>.
    /// </summary>
    /// <param name="named">The processor name, or null to generate <c>KTABLE-TOSTREAM-n</c>.</param>
    /// <returns>The update stream.</returns>
    IKStream<TKey, TValue?> ToStream(Named? named = null);

    /// <summary>Keeps the rows that satisfy <paramref name="predicate"/>; other rows become deletes, as Kafka Streams' <c>KTable#filter</c>.</summary>
    /// <param name="predicate">The predicate over key and value.</param>
    /// <param name="materialized">Materializes the filtered table in its own store when given.</param>
    /// <param name="named">The processor name, or null to generate <c>KTABLE-FILTER-n</c>.</param>
    /// <returns>The filtered table.</returns>
    IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>Drops the rows that satisfy <paramref name="predicate"/>, as Kafka Streams' <c>KTable#filterNot</c>.</summary>
    /// <param name="predicate">The predicate over key and value.</param>
    /// <param name="materialized">Materializes the filtered table in its own store when given.</param>
    /// <param name="named">The processor name, or null to generate <c>KTABLE-FILTER-n</c>.</param>
    /// <returns>The filtered table.</returns>
    IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>Maps every row's value, as Kafka Streams' <c>KTable#mapValues</c>; deletes stay deletes.</summary>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="mapper">Maps key and value to the new value.</param>
    /// <param name="materialized">Materializes the mapped table in its own store when given (it then needs a value serde).</param>
    /// <param name="named">The processor name, or null to generate <c>KTABLE-MAPVALUES-n</c>.</param>
    /// <returns>The mapped table.</returns>
    IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Materialized<TKey, TValueOut>? materialized = null, Named? named = null);
}
