namespace Streams.Dsl;

/// <summary>Foreign-key table-table joins (KIP-213), as Kafka Streams' <c>KTable#join</c>/<c>leftJoin</c> with a foreign-key extractor.</summary>
public partial interface IKTable<TKey, TValue>
{
    /// <summary>
    /// Joins every row of this (left) table with the row of <paramref name="other"/> whose key is the foreign key
    /// extracted from the left value, as Kafka Streams' foreign-key <c>KTable#join</c> (KIP-213). The result is keyed
    /// by the left key and updated whenever either side changes: a left update re-joins that row; a right update
    /// re-joins every left row that references it. The tables need not be co-partitioned: each left row subscribes
    /// to its foreign key through the internal topic <c>{applicationId}-{name}-subscription-registration-topic</c>
    /// (partitioned like <paramref name="other"/>), and the right side answers through
    /// <c>{applicationId}-{name}-subscription-response-topic</c> (partitioned like this table); answers computed for
    /// a left value that has changed since are dropped.
    /// <para>
    /// Inner-join rules: a left row with a null foreign key, or whose foreign key has no right row, produces no result
    /// (or deletes the earlier one); deleting a left row or its right row deletes the result (a tombstone is sent even
    /// when no result existed, as Kafka Streams cannot know). Result timestamps are the larger of the two rows'.
    /// </para>
    /// </summary>
    /// <typeparam name="TForeignKey">The right table's key type.</typeparam>
    /// <typeparam name="TOtherValue">The right table's value type.</typeparam>
    /// <typeparam name="TOut">The result value type.</typeparam>
    /// <param name="other">The right table; from the same <see cref="StreamsBuilder"/>.</param>
    /// <param name="foreignKeyExtractor">Extracts the foreign key from a left value; null means "references nothing".</param>
    /// <param name="joiner">Joins a left value and its right value; never called with a missing side.</param>
    /// <param name="tableJoined">Name and partitioners, or null for generated names and default partitioning.</param>
    /// <param name="materialized">
    /// Store name, serdes and options of the result table. The result is always kept in a store (its old values are
    /// what downstream table operators use); without <paramref name="materialized"/> the store is named
    /// <c>KTABLE-FK-JOIN-OUTPUT-STATE-STORE-n</c>, with a changelog and no record cache, and the value serde must be
    /// built in (<see cref="Serialization.Serdes.Default{T}"/>). A <paramref name="materialized"/> without a store name
    /// (not queryable) gives that store its serdes and options, and no record cache either, as Kafka Streams.
    /// </param>
    /// <returns>The joined table, keyed like this table.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> comes from another builder.</exception>
    /// <exception cref="TopologyException">A serde is needed and none is known for a type.</exception>
    IKTable<TKey, TOut> Join<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other,
        Func<TValue, TForeignKey> foreignKeyExtractor,
        Func<TValue, TOtherValue, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null,
        Materialized<TKey, TOut>? materialized = null);

    /// <summary>
    /// As <see cref="Join{TForeignKey, TOtherValue, TOut}(IKTable{TForeignKey, TOtherValue}, Func{TValue, TForeignKey}, Func{TValue, TOtherValue, TOut}, TableJoined{TKey, TForeignKey}?, Materialized{TKey, TOut}?)"/>,
    /// with a foreign-key extractor that also sees the left key (KIP-1104).
    /// </summary>
    /// <typeparam name="TForeignKey">The right table's key type.</typeparam>
    /// <typeparam name="TOtherValue">The right table's value type.</typeparam>
    /// <typeparam name="TOut">The result value type.</typeparam>
    /// <param name="other">The right table; from the same <see cref="StreamsBuilder"/>.</param>
    /// <param name="foreignKeyExtractor">Extracts the foreign key from a left key and value; null means "references nothing".</param>
    /// <param name="joiner">Joins a left value and its right value.</param>
    /// <param name="tableJoined">Name and partitioners, or null.</param>
    /// <param name="materialized">Store name, serdes and options of the result table, or null (see the other overload).</param>
    /// <returns>The joined table, keyed like this table.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> comes from another builder.</exception>
    /// <exception cref="TopologyException">A serde is needed and none is known for a type.</exception>
    IKTable<TKey, TOut> Join<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other,
        Func<TKey, TValue, TForeignKey> foreignKeyExtractor,
        Func<TValue, TOtherValue, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null,
        Materialized<TKey, TOut>? materialized = null);

    /// <summary>
    /// Left-joins every row of this table with the row of <paramref name="other"/> whose key is the foreign key
    /// extracted from the left value, as Kafka Streams' foreign-key <c>KTable#leftJoin</c> (KIP-213): as
    /// <see cref="Join{TForeignKey, TOtherValue, TOut}(IKTable{TForeignKey, TOtherValue}, Func{TValue, TForeignKey}, Func{TValue, TOtherValue, TOut}, TableJoined{TKey, TForeignKey}?, Materialized{TKey, TOut}?)"/>,
    /// except that every left row has a result: the joiner gets null (default) for the right value when the foreign
    /// key has no right row, when the right row is deleted, or when the extracted foreign key is null (Kafka Streams
    /// 4.x, KIP-962). Only deleting the left row deletes the result.
    /// </summary>
    /// <typeparam name="TForeignKey">The right table's key type.</typeparam>
    /// <typeparam name="TOtherValue">The right table's value type.</typeparam>
    /// <typeparam name="TOut">The result value type.</typeparam>
    /// <param name="other">The right table; from the same <see cref="StreamsBuilder"/>.</param>
    /// <param name="foreignKeyExtractor">Extracts the foreign key from a left value; null joins with no right row.</param>
    /// <param name="joiner">Joins a left value and its right value, which is null (default) when there is none.</param>
    /// <param name="tableJoined">Name and partitioners, or null.</param>
    /// <param name="materialized">Store name, serdes and options of the result table, or null (see <c>Join</c>).</param>
    /// <returns>The joined table, keyed like this table.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> comes from another builder.</exception>
    /// <exception cref="TopologyException">A serde is needed and none is known for a type.</exception>
    IKTable<TKey, TOut> LeftJoin<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other,
        Func<TValue, TForeignKey> foreignKeyExtractor,
        Func<TValue, TOtherValue?, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null,
        Materialized<TKey, TOut>? materialized = null);

    /// <summary>
    /// As <see cref="LeftJoin{TForeignKey, TOtherValue, TOut}(IKTable{TForeignKey, TOtherValue}, Func{TValue, TForeignKey}, Func{TValue, TOtherValue, TOut}, TableJoined{TKey, TForeignKey}?, Materialized{TKey, TOut}?)"/>,
    /// with a foreign-key extractor that also sees the left key (KIP-1104).
    /// </summary>
    /// <typeparam name="TForeignKey">The right table's key type.</typeparam>
    /// <typeparam name="TOtherValue">The right table's value type.</typeparam>
    /// <typeparam name="TOut">The result value type.</typeparam>
    /// <param name="other">The right table; from the same <see cref="StreamsBuilder"/>.</param>
    /// <param name="foreignKeyExtractor">Extracts the foreign key from a left key and value; null joins with no right row.</param>
    /// <param name="joiner">Joins a left value and its right value, which is null (default) when there is none.</param>
    /// <param name="tableJoined">Name and partitioners, or null.</param>
    /// <param name="materialized">Store name, serdes and options of the result table, or null (see <c>Join</c>).</param>
    /// <returns>The joined table, keyed like this table.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> comes from another builder.</exception>
    /// <exception cref="TopologyException">A serde is needed and none is known for a type.</exception>
    IKTable<TKey, TOut> LeftJoin<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other,
        Func<TKey, TValue, TForeignKey> foreignKeyExtractor,
        Func<TValue, TOtherValue?, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null,
        Materialized<TKey, TOut>? materialized = null);
}
