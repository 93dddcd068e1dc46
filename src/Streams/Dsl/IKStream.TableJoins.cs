namespace Streams.Dsl;

public partial interface IKStream<TKey, TValue>
{
    /// <summary>
    /// Joins each record with the table's value for the same key, as Kafka Streams' <c>join(KTable, ValueJoiner, Joined)</c>:
    /// as <see cref="Join{TTableValue, TValueOut}(IKTable{TKey, TTableValue}, Func{TValue, TTableValue, TValueOut}, Named)"/>,
    /// with serdes, name and, for a versioned table, a grace period from <paramref name="joined"/>. With a versioned
    /// table the lookup is as of the stream record's timestamp (KIP-914); with a grace period stream records are
    /// buffered so that late table updates within the grace period are joined (KIP-923, see <see cref="Joined{TKey, TValue, TOtherValue}.GracePeriod"/>).
    /// Records with a null key or value are dropped; records without a table row are dropped.
    /// </summary>
    /// <typeparam name="TTableValue">The table's value type.</typeparam>
    /// <typeparam name="TValueOut">The result value type.</typeparam>
    /// <param name="table">A table from the same builder, co-partitioned with this stream.</param>
    /// <param name="joiner">Combines the stream value and the table value.</param>
    /// <param name="joined">Serdes, processor name and grace period.</param>
    /// <returns>The joined stream; records keep the stream record's key and timestamp.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table comes from another builder.</exception>
    /// <exception cref="TopologyException">A grace period is set but the table is not versioned, or its history retention is shorter than the grace period; the stream needs repartitioning; or a serde for the buffer is unknown.</exception>
    IKStream<TKey, TValueOut> Join<TTableValue, TValueOut>(IKTable<TKey, TTableValue> table, Func<TValue, TTableValue, TValueOut> joiner, Joined<TKey, TValue, TTableValue> joined);

    /// <summary>
    /// Joins each record with the table's value for the same key, or null, as Kafka Streams'
    /// <c>leftJoin(KTable, ValueJoiner, Joined)</c>: as <see cref="Join{TTableValue, TValueOut}(IKTable{TKey, TTableValue}, Func{TValue, TTableValue, TValueOut}, Joined{TKey, TValue, TTableValue})"/>
    /// but records without a table row (or with a null key, KIP-962) are joined with null; records with a null value are dropped.
    /// </summary>
    /// <typeparam name="TTableValue">The table's value type.</typeparam>
    /// <typeparam name="TValueOut">The result value type.</typeparam>
    /// <param name="table">A table from the same builder, co-partitioned with this stream.</param>
    /// <param name="joiner">Combines the stream value and the table value (null when there is no row).</param>
    /// <param name="joined">Serdes, processor name and grace period.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table comes from another builder.</exception>
    /// <exception cref="TopologyException">A grace period is set but the table is not versioned, or its history retention is shorter than the grace period; the stream needs repartitioning; or a serde for the buffer is unknown.</exception>
    IKStream<TKey, TValueOut> LeftJoin<TTableValue, TValueOut>(IKTable<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, Joined<TKey, TValue, TTableValue> joined);
}
