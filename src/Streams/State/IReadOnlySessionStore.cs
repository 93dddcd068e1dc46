using Streams.Dsl;

namespace Streams.State;

/// <summary>
/// Read access to a typed session store, as Kafka Streams' <c>ReadOnlySessionStore</c>. Sessions are
/// <see cref="Windowed{TKey}"/> keys whose <see cref="Window"/> is <c>[start, end]</c> with both bounds inclusive
/// (Kafka Streams' <c>SessionWindow</c>), in epoch milliseconds. Iterators must be disposed (<c>foreach</c> does it).
/// Time bounds are given either as <see cref="DateTimeOffset"/> (as Kafka Streams' <c>Instant</c> overloads) or as
/// epoch milliseconds (the unit of record timestamps); the <see cref="DateTimeOffset"/> overloads are default
/// interface methods that convert with <see cref="DateTimeOffset.ToUnixTimeMilliseconds"/> (sub-millisecond
/// precision is dropped) and call the millisecond ones, so existing implementations keep compiling.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TAggregate">The aggregate type.</typeparam>
public interface IReadOnlySessionStore<TKey, TAggregate>
{
    /// <summary>
    /// The aggregate of exactly the session <c>[sessionStartMs, sessionEndMs]</c> of <paramref name="key"/>, as Kafka
    /// Streams' <c>fetchSession</c>; <c>default</c> when absent or expired (for value-type aggregates use
    /// <see cref="FindSessions(TKey, long, long)"/> to tell absence from a zero).
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="sessionStartMs">The session start, epoch ms.</param>
    /// <param name="sessionEndMs">The session end (inclusive), epoch ms.</param>
    /// <returns>The aggregate or default.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    TAggregate? FetchSession(TKey key, long sessionStartMs, long sessionEndMs);

    /// <summary>
    /// The sessions of <paramref name="key"/> that end at or after <paramref name="earliestSessionEndMs"/> and start at
    /// or before <paramref name="latestSessionStartMs"/>, by end then start, as Kafka Streams' <c>findSessions</c>.
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="earliestSessionEndMs">The earliest session end to include, epoch ms.</param>
    /// <param name="latestSessionStartMs">The latest session start to include, epoch ms.</param>
    /// <returns>Sessions and aggregates; dispose it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs);

    /// <summary>
    /// The sessions of the keys whose serialized bytes lie in <c>[keyFrom, keyTo]</c> (null = open), filtered as
    /// <see cref="FindSessions(TKey, long, long)"/>, in serialized key order, as Kafka Streams' ranged <c>findSessions</c>.
    /// </summary>
    /// <param name="keyFrom">The first key, or null.</param>
    /// <param name="keyTo">The last key, or null.</param>
    /// <param name="earliestSessionEndMs">The earliest session end to include, epoch ms.</param>
    /// <param name="latestSessionStartMs">The latest session start to include, epoch ms.</param>
    /// <returns>Sessions and aggregates; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey? keyFrom, TKey? keyTo, long earliestSessionEndMs, long latestSessionStartMs);

    /// <summary>Every unexpired session of <paramref name="key"/>, by end then start, as Kafka Streams' <c>fetch(key)</c>.</summary>
    /// <param name="key">The key; not null.</param>
    /// <returns>Sessions and aggregates; dispose it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey key);

    /// <summary>Every unexpired session of the keys in <c>[keyFrom, keyTo]</c> (null = open), as Kafka Streams' <c>fetch(keyFrom, keyTo)</c>.</summary>
    /// <param name="keyFrom">The first key, or null.</param>
    /// <param name="keyTo">The last key, or null.</param>
    /// <returns>Sessions and aggregates; dispose it.</returns>
    IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey? keyFrom, TKey? keyTo);

    /// <summary>
    /// The aggregate of exactly the session <c>[sessionStart, sessionEnd]</c> of <paramref name="key"/>, as Kafka
    /// Streams' <c>ReadOnlySessionStore#fetchSession(K, Instant, Instant)</c>; the same read as
    /// <see cref="FetchSession(TKey, long, long)"/>.
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="sessionStart">The session start.</param>
    /// <param name="sessionEnd">The session end (inclusive).</param>
    /// <returns>The aggregate, or default when absent or expired.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    TAggregate? FetchSession(TKey key, DateTimeOffset sessionStart, DateTimeOffset sessionEnd) =>
        FetchSession(key, sessionStart.ToUnixTimeMilliseconds(), sessionEnd.ToUnixTimeMilliseconds());

    /// <summary>
    /// The sessions of <paramref name="key"/> that end at or after <paramref name="earliestSessionEnd"/> and start at
    /// or before <paramref name="latestSessionStart"/>, by end then start, as Kafka Streams'
    /// <c>ReadOnlySessionStore#findSessions(K, Instant, Instant)</c>; the same read as
    /// <see cref="FindSessions(TKey, long, long)"/>.
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="earliestSessionEnd">The earliest session end to include.</param>
    /// <param name="latestSessionStart">The latest session start to include.</param>
    /// <returns>Sessions and aggregates; dispose it, or enumerate it with <c>foreach</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey key, DateTimeOffset earliestSessionEnd, DateTimeOffset latestSessionStart) =>
        FindSessions(key, earliestSessionEnd.ToUnixTimeMilliseconds(), latestSessionStart.ToUnixTimeMilliseconds());

    /// <summary>
    /// The sessions of the keys in <c>[keyFrom, keyTo]</c> (null = open), filtered as
    /// <see cref="FindSessions(TKey, DateTimeOffset, DateTimeOffset)"/>, as Kafka Streams'
    /// <c>ReadOnlySessionStore#findSessions(K, K, Instant, Instant)</c>; the same read as
    /// <see cref="FindSessions(TKey, TKey, long, long)"/>.
    /// </summary>
    /// <param name="keyFrom">The first key, or null.</param>
    /// <param name="keyTo">The last key, or null.</param>
    /// <param name="earliestSessionEnd">The earliest session end to include.</param>
    /// <param name="latestSessionStart">The latest session start to include.</param>
    /// <returns>Sessions and aggregates; dispose it, or enumerate it with <c>foreach</c>.</returns>
    IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey? keyFrom, TKey? keyTo, DateTimeOffset earliestSessionEnd, DateTimeOffset latestSessionStart) =>
        FindSessions(keyFrom, keyTo, earliestSessionEnd.ToUnixTimeMilliseconds(), latestSessionStart.ToUnixTimeMilliseconds());
}
