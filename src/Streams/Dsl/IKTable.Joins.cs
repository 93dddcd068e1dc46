namespace Streams.Dsl;

public partial interface IKTable<TKey, TValue>
{
    /// <summary>
    /// Joins this table with another table on the primary key, as Kafka Streams' <c>KTable#join(KTable, ValueJoiner, Named, Materialized)</c>:
    /// the result has a row for every key present in both tables. An update of either side looks up the other side's current
    /// value (through its store or value getter) and forwards the new joined value together with the old one (the side's old value
    /// joined with the other side); a delete on either side deletes the joined row (a tombstone, only when there was a row), and an
    /// update while the other side has no row forwards nothing. The result timestamp is the larger of both sides' timestamps. Both
    /// tables must come from the same builder and be co-partitioned (tables are keyed, so no repartition is needed).
    /// </summary>
    /// <typeparam name="TOtherValue">The other table's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="other">The other table.</param>
    /// <param name="joiner">Combines this value and the other value; a null result deletes the row.</param>
    /// <param name="named">The name of the merge processor (<c>{name}</c>) and of the two join processors (<c>{name}-join-this</c>, <c>{name}-join-other</c>); null generates <c>KTABLE-MERGE-n</c>, <c>KTABLE-JOINTHIS-n</c>, <c>KTABLE-JOINOTHER-n</c>.</param>
    /// <param name="materialized">Materializes the joined table in its own queryable store when given (default name <c>KTABLE-MERGE-STATE-STORE-n</c>); it then needs a value serde unless the type has a built-in one.</param>
    /// <returns>The joined table; joinable again through its store or value getter.</returns>
    /// <exception cref="ArgumentException">The other table comes from another builder.</exception>
    /// <exception cref="TopologyException">The materialized table has no serde for its key or value type.</exception>
    IKTable<TKey, TValueOut> Join<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other, Func<TValue, TOtherValue, TValueOut> joiner, Named? named = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>
    /// Left-joins this table with another table on the primary key, as Kafka Streams' <c>KTable#leftJoin(KTable, ValueJoiner, Named, Materialized)</c>:
    /// the result has a row for every key of this table, joined with the other table's value or null. Updates of this table forward
    /// the new and old joined values; a delete of this table deletes the row. Updates and deletes of the other table change the row
    /// only while this table has the key (a delete of the other side joins this value with null). The result timestamp is the larger
    /// of both sides' timestamps (this side's alone when the other has no row).
    /// </summary>
    /// <typeparam name="TOtherValue">The other table's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="other">The other table.</param>
    /// <param name="joiner">Combines this value and the other value (null when the other table has no row); a null result deletes the row.</param>
    /// <param name="named">The name of the merge processor and, suffixed, of the join processors; null generates names.</param>
    /// <param name="materialized">Materializes the joined table in its own queryable store when given.</param>
    /// <returns>The joined table.</returns>
    /// <exception cref="ArgumentException">The other table comes from another builder.</exception>
    /// <exception cref="TopologyException">The materialized table has no serde for its key or value type.</exception>
    IKTable<TKey, TValueOut> LeftJoin<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other, Func<TValue, TOtherValue?, TValueOut> joiner, Named? named = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>
    /// Outer-joins this table with another table on the primary key, as Kafka Streams' <c>KTable#outerJoin(KTable, ValueJoiner, Named, Materialized)</c>:
    /// the result has a row for every key of either table, joined with null for a missing side. An update of either side forwards the
    /// new and old joined values; the row is deleted only when both sides are gone. The result timestamp is the larger of the
    /// timestamps of the sides that have a row.
    /// </summary>
    /// <typeparam name="TOtherValue">The other table's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="other">The other table.</param>
    /// <param name="joiner">Combines this value and the other value; either (never both) may be null; a null result deletes the row.</param>
    /// <param name="named">The name of the merge processor and, suffixed, of the join processors; null generates names.</param>
    /// <param name="materialized">Materializes the joined table in its own queryable store when given.</param>
    /// <returns>The joined table.</returns>
    /// <exception cref="ArgumentException">The other table comes from another builder.</exception>
    /// <exception cref="TopologyException">The materialized table has no serde for its key or value type.</exception>
    IKTable<TKey, TValueOut> OuterJoin<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other, Func<TValue?, TOtherValue?, TValueOut> joiner, Named? named = null, Materialized<TKey, TValueOut>? materialized = null);
}
