namespace Streams.Dsl.Internal;

/// <summary>
/// How an aggregation folds one value into the aggregate so far (<paramref name="hasAggregate"/> false:
/// the key or window has none yet). Count, reduce and aggregate are all expressed as one of these.
/// </summary>
internal delegate TAggregate Aggregation<in TKey, in TValue, TAggregate>(TKey key, TValue value, bool hasAggregate, TAggregate? aggregate);

internal static class Aggregations
{
    public static Aggregation<TKey, TValue, long> Count<TKey, TValue>() => (_, _, has, agg) => has ? agg + 1 : 1;

    public static Aggregation<TKey, TValue, TValue> Reduce<TKey, TValue>(Func<TValue, TValue, TValue> reducer)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return (_, value, has, agg) => has ? reducer(agg!, value) : value;
    }

    public static Aggregation<TKey, TValue, TAggregate> Aggregate<TKey, TValue, TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(aggregator);
        return (key, value, has, agg) => aggregator(key, value, has ? agg! : initializer());
    }
}
