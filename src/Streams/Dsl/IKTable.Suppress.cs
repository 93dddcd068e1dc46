namespace Streams.Dsl;

/// <content>Suppression of table updates (KIP-328).</content>
public partial interface IKTable<TKey, TValue>
{
    /// <summary>
    /// Holds back updates of this table and emits them later, as Kafka Streams' <c>KTable#suppress</c>: only the
    /// final result per window (<see cref="Suppressed{TKey}.UntilWindowCloses"/>) or the latest value per key after a
    /// time limit (<see cref="Suppressed{TKey}.UntilTimeLimit"/>), both measured in stream time. The buffer is a
    /// changelogged in-memory store. The result is not materialized (<see cref="QueryableStoreName"/> is null); joins
    /// read it as the value last emitted for buffered keys and as this table's value otherwise.
    /// </summary>
    /// <param name="suppressed">What to emit and when, the buffer's limits, name and logging.</param>
    /// <returns>The suppressed table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="suppressed"/> is null.</exception>
    /// <exception cref="TopologyException">
    /// <see cref="Suppressed{TKey}.UntilWindowCloses"/> on a table that does not come from a windowed aggregation
    /// (its grace period is unknown), or no serde is known for the key or value type.
    /// </exception>
    IKTable<TKey, TValue> Suppress(Suppressed<TKey> suppressed);
}
