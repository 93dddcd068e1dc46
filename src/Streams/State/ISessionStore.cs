using Streams.Dsl;

namespace Streams.State;

/// <summary>
/// A typed session store, as Kafka Streams' <c>SessionStore</c>: the store of session-windowed aggregations
/// (<c>ISessionWindowedKStream</c>). Values are plain aggregates; the timestamp of a session's updates is its end.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TAggregate">The aggregate type.</typeparam>
public interface ISessionStore<TKey, TAggregate> : IStateStore, IReadOnlySessionStore<TKey, TAggregate>
{
    /// <summary>Stores the aggregate of one session; a null aggregate removes it. Ignored when the session has expired.</summary>
    /// <param name="sessionKey">The key (not null) and the session <c>[start, end]</c>.</param>
    /// <param name="aggregate">The aggregate, or null to remove.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The session start is negative or its end is before its start.</exception>
    void Put(Windowed<TKey> sessionKey, TAggregate? aggregate);

    /// <summary>
    /// The sessions of every key whose end lies in <c>[earliestSessionEndMs, latestSessionEndMs]</c> (both inclusive), by
    /// end, then serialized key, as Kafka Streams' <c>SessionStore#findSessions(earliestSessionEndTime,
    /// latestSessionEndTime)</c>: the read of a session aggregation that emits on window close.
    /// </summary>
    /// <param name="earliestSessionEndMs">The earliest session end to include, epoch ms.</param>
    /// <param name="latestSessionEndMs">The latest session end to include, epoch ms.</param>
    /// <returns>Sessions and aggregates; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs);

    /// <summary>
    /// The sessions of every key whose end lies in <c>[earliestSessionEnd, latestSessionEnd]</c> (both inclusive), as
    /// Kafka Streams' <c>SessionStore#findSessions(Instant, Instant)</c>; the same read as
    /// <see cref="FindSessionsByEnd(long, long)"/>.
    /// </summary>
    /// <param name="earliestSessionEnd">The earliest session end to include.</param>
    /// <param name="latestSessionEnd">The latest session end to include.</param>
    /// <returns>Sessions and aggregates; dispose it, or enumerate it with <c>foreach</c>.</returns>
    IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessionsByEnd(DateTimeOffset earliestSessionEnd, DateTimeOffset latestSessionEnd) =>
        FindSessionsByEnd(earliestSessionEnd.ToUnixTimeMilliseconds(), latestSessionEnd.ToUnixTimeMilliseconds());

    /// <summary>Removes one session, as Kafka Streams' <c>SessionStore#remove</c>.</summary>
    /// <param name="sessionKey">The key (not null) and the exact session <c>[start, end]</c>.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The session start is negative or its end is before its start.</exception>
    void Remove(Windowed<TKey> sessionKey);
}
