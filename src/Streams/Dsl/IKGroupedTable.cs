namespace Streams.Dsl;

/// <summary>
/// A table re-grouped by <see cref="IKTable{TKey, TValue}.GroupBy"/>, ready to aggregate, as Kafka Streams'
/// <c>KGroupedTable</c>. Unlike a grouped stream, a row can change or disappear: each aggregation takes an adder
/// for new rows and a subtractor for old ones, and when a row is updated under the same key the subtractor is
/// applied first, then the adder, and one update is forwarded. The result timestamp is the larger of the record's
/// and the aggregate's.
/// </summary>
/// <typeparam name="TKey">The grouping key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IKGroupedTable<TKey, TValue>
{
    /// <summary>
    /// Counts the rows per key, as Kafka Streams' <c>KGroupedTable#count</c>: a new row adds one, a removed (or moved)
    /// row subtracts one. A count that drops to 0 stays in the table as 0.
    /// </summary>
    /// <param name="materialized">Store name and options; null generates <c>KTABLE-AGGREGATE-STATE-STORE-n</c>.</param>
    /// <returns>The table of counts.</returns>
    IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null);

    /// <summary>
    /// Combines the rows per key, as Kafka Streams' <c>KGroupedTable#reduce</c>: the first row of a key is its
    /// aggregate; later rows are combined with <paramref name="adder"/>; rows that are updated, deleted or moved to
    /// another key are taken out with <paramref name="subtractor"/>. A reference-type aggregate the subtractor turns
    /// into null deletes the key.
    /// </summary>
    /// <param name="adder">Combines the aggregate with an added value.</param>
    /// <param name="subtractor">Takes a removed value out of the aggregate.</param>
    /// <param name="materialized">Store name and options; null generates <c>KTABLE-REDUCE-STATE-STORE-n</c>.</param>
    /// <returns>The table of reduced values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="adder"/> or <paramref name="subtractor"/> is null.</exception>
    IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> adder, Func<TValue, TValue, TValue> subtractor, Materialized<TKey, TValue>? materialized = null);

    /// <summary>
    /// Aggregates the rows per key, as Kafka Streams' <c>KGroupedTable#aggregate</c>: a key's aggregate starts from
    /// <paramref name="initializer"/>; added rows go through <paramref name="adder"/>, removed ones through
    /// <paramref name="subtractor"/> (only when the key has an aggregate). A reference-type aggregate the subtractor
    /// turns into null deletes the key.
    /// </summary>
    /// <typeparam name="TAggregate">The aggregate type.</typeparam>
    /// <param name="initializer">Creates the initial aggregate of a key.</param>
    /// <param name="adder">Adds a value to the aggregate.</param>
    /// <param name="subtractor">Removes a value from the aggregate.</param>
    /// <param name="materialized">Store name, serdes and options; the aggregate needs a serde unless it is a built-in type.</param>
    /// <returns>The table of aggregates.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    IKTable<TKey, TAggregate> Aggregate<TAggregate>(
        Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> adder,
        Func<TKey, TValue, TAggregate, TAggregate> subtractor,
        Materialized<TKey, TAggregate>? materialized = null);
}
