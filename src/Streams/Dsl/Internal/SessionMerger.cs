namespace Streams.Dsl.Internal;

/// <summary>
/// How a session-windowed aggregation folds one existing session's aggregate into the aggregate so far
/// (<paramref name="hasAggregate"/> false: nothing folded yet, the initializer's value is due), as Kafka Streams'
/// <c>Merger</c> applied to <c>initializer()</c> and the found sessions in order.
/// </summary>
internal delegate TAggregate SessionMerger<in TKey, TAggregate>(TKey key, bool hasAggregate, TAggregate? aggregate, TAggregate sessionAggregate);

internal static class SessionMergers
{
    /// <summary>Count: counts add up (Kafka Streams: <c>(k, a, b) -&gt; a + b</c>).</summary>
    public static SessionMerger<TKey, long> Count<TKey>() => (_, has, agg, session) => has ? agg + session : session;

    /// <summary>Reduce: the reducer combines the earlier aggregate with the later one, as Kafka Streams' reduce merger.</summary>
    public static SessionMerger<TKey, TValue> Reduce<TKey, TValue>(Func<TValue, TValue, TValue> reducer)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return (_, has, agg, session) => has ? reducer(agg!, session) : session;
    }

    /// <summary>Aggregate: the user's merger, starting from <c>initializer()</c>.</summary>
    public static SessionMerger<TKey, TAggregate> Aggregate<TKey, TAggregate>(Func<TAggregate> initializer, Func<TKey, TAggregate, TAggregate, TAggregate> merger)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(merger);
        return (key, has, agg, session) => merger(key, has ? agg! : initializer(), session);
    }
}
