using Streams.State;
namespace Streams.Dsl;

/// <content>Emit strategy.</content>
public partial interface ITimeWindowedKStream<TKey, TValue>
{
    /// <summary>
    /// A copy of this windowed stream whose aggregations forward results as <paramref name="emitStrategy"/> says, as
    /// Kafka Streams' <c>TimeWindowedKStream#emitStrategy</c> (KIP-825). With <see cref="Dsl.EmitStrategy.OnWindowClose"/>
    /// each window's final result is forwarded exactly once, when stream time passes the window end plus the grace
    /// period (time windows: <c>windowEnd &lt;= streamTime - grace</c>; sliding windows: <c>windowEnd &lt; streamTime - grace</c>),
    /// with the largest record timestamp of the window; nothing is forwarded when the record cache flushes (as Kafka
    /// Streams, time windows keep the cache as a read/write cache, sliding windows do not use it), and the last emitted
    /// close time is kept in a companion store <c>{storeName}-emit-final-metadata</c> (changelogged with the window store)
    /// so that a restart neither emits a window again nor skips one.
    /// </summary>
    /// <param name="emitStrategy">The strategy; <see cref="Dsl.EmitStrategy.OnWindowUpdate"/> is the default.</param>
    /// <returns>The windowed stream with the strategy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="emitStrategy"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="Dsl.EmitStrategy.OnWindowClose"/> with <see cref="UnlimitedWindows"/>, whose window never closes.</exception>
    ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy emitStrategy);
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
