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

/// <summary>
/// A table fully replicated on every instance, loaded from its topic before processing starts, as Kafka
/// Streams' <c>GlobalKTable</c>. Joined from streams by a key selector; not co-partitioned.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IGlobalKTable<TKey, TValue>
{
    /// <summary>The name of the global store behind the table.</summary>
    string QueryableStoreName { get; }
}

/// <summary>A stream grouped by key, ready to aggregate, as Kafka Streams' <c>KGroupedStream</c>. Records with a null key or value are dropped by aggregations.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public partial interface IKGroupedStream<TKey, TValue>
{
    /// <summary>Counts records per key, as Kafka Streams' <c>count</c>.</summary>
    /// <param name="materialized">Store name and options; null generates a name.</param>
    /// <returns>The table of counts.</returns>
    IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null);

    /// <summary>Combines values per key, the first value being the initial aggregate, as Kafka Streams' <c>reduce</c>.</summary>
    /// <param name="reducer">Combines the aggregate so far with a new value.</param>
    /// <param name="materialized">Store name and options.</param>
    /// <returns>The table of reduced values.</returns>
    IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null);

    /// <summary>Aggregates values per key, as Kafka Streams' <c>aggregate</c>.</summary>
    /// <typeparam name="TAggregate">The aggregate type.</typeparam>
    /// <param name="initializer">Creates the initial aggregate of a key.</param>
    /// <param name="aggregator">Adds a value to the aggregate.</param>
    /// <param name="materialized">Store name, serdes and options; the aggregate needs a serde unless it is a built-in type.</param>
    /// <returns>The table of aggregates.</returns>
    IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null);

    /// <summary>Windows the grouped stream by time, as Kafka Streams' <c>windowedBy(Windows)</c>.</summary>
    /// <param name="windows">Tumbling or hopping windows with a grace period.</param>
    /// <returns>The windowed stream.</returns>
    ITimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows);
}

/// <summary>
/// A grouped stream windowed by time, as Kafka Streams' <c>TimeWindowedKStream</c>. Results are tables
/// keyed by <see cref="Windowed{TKey}"/>; each update of a window is forwarded with the largest record
/// timestamp of the window. Records later than the grace period are dropped and counted.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public partial interface ITimeWindowedKStream<TKey, TValue>
{
    /// <summary>Counts records per key and window.</summary>
    /// <param name="materialized">Store name and options.</param>
    /// <returns>The windowed table of counts.</returns>
    IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null);

    /// <summary>Combines values per key and window.</summary>
    /// <param name="reducer">Combines the aggregate so far with a new value.</param>
    /// <param name="materialized">Store name and options.</param>
    /// <returns>The windowed table.</returns>
    IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null);

    /// <summary>Aggregates values per key and window.</summary>
    /// <typeparam name="TAggregate">The aggregate type.</typeparam>
    /// <param name="initializer">Creates the initial aggregate of a window.</param>
    /// <param name="aggregator">Adds a value to the aggregate.</param>
    /// <param name="materialized">Store name, serdes, retention and options.</param>
    /// <returns>The windowed table.</returns>
    IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null);
}
