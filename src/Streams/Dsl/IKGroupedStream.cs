using Streams.State;
namespace Streams.Dsl;

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

/// <content>Session windows.</content>
public partial interface IKGroupedStream<TKey, TValue>
{
    /// <summary>Windows the grouped stream into sessions, as Kafka Streams' <c>windowedBy(SessionWindows)</c>.</summary>
    /// <param name="windows">The inactivity gap and grace period.</param>
    /// <returns>The session-windowed stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="windows"/> is null.</exception>
    ISessionWindowedKStream<TKey, TValue> WindowedBy(SessionWindows windows);
}
