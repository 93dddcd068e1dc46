namespace Streams.Dsl;

/// <content>Re-grouping a table for aggregation.</content>
public partial interface IKTable<TKey, TValue>
{
    /// <summary>
    /// Re-groups the table by a new key (and value) for aggregation, as Kafka Streams' <c>KTable#groupBy</c>. Every
    /// update is sent through the repartition topic <c>{applicationId}-{name}-repartition</c> (name: the grouping's,
    /// else the aggregation store's) as a subtraction of the old row and an addition of the new one: one record when
    /// both select the same key, two when the row moves to another key (subtraction first). A row whose selected key
    /// or value is null is not sent (dropped and counted).
    /// </summary>
    /// <typeparam name="TKeyOut">The new key type.</typeparam>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="selector">Maps a row to its new key and value.</param>
    /// <param name="grouped">Serdes for the repartition topic and the name (of the select processor and the topic); null uses built-in serdes.</param>
    /// <returns>The grouped table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="selector"/> is null.</exception>
    IKGroupedTable<TKeyOut, TValueOut> GroupBy<TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> selector, Grouped<TKeyOut, TValueOut>? grouped = null);
}
