using Streams.Dsl;

namespace Streams.State;

/// <summary>
/// The innermost layer of a session store: one aggregate per key and session, as Kafka Streams'
/// <c>SessionStore&lt;Bytes, byte[]&gt;</c>. A session is a <see cref="Window"/> whose start AND end are
/// inclusive (<c>[start, end]</c>, as Kafka Streams' <c>SessionWindow</c>; a session of one record is
/// <c>[t, t]</c>); times are epoch milliseconds and never negative.
/// <para>
/// Retention: the store tracks its observed stream time (the largest session end written or restored) and
/// keeps a session while <c>end &gt;= observedStreamTime - RetentionPeriodMs</c>; older sessions are expired:
/// reads skip them, writes to them are ignored, and they are eventually deleted.
/// </para>
/// <para>
/// Order: iterators return sessions in the order of their binary key <c>key bytes || end || start</c> (Kafka
/// Streams' <c>SessionKeySchema</c>, times big-endian): the sessions of one key by end, then start; keys of equal
/// length by unsigned bytes. Iterators must be disposed. Not thread-safe.
/// </para>
/// </summary>
public interface ISessionBytesStore : IStateStore
{
    /// <summary>How long a session is kept, in milliseconds counted from its end (against the observed stream time).</summary>
    long RetentionPeriodMs { get; }

    /// <summary>Stores the aggregate of one session; a null value removes the session. Ignored when the session has expired.</summary>
    /// <param name="sessionKey">The key bytes and the session <c>[start, end]</c>.</param>
    /// <param name="value">The aggregate bytes, or null to remove.</param>
    /// <exception cref="ArgumentNullException">The key bytes are null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The session start is negative or its end is before its start.</exception>
    void Put(Windowed<byte[]> sessionKey, byte[]? value);

    /// <summary>Removes one session, as Kafka Streams' <c>SessionStore#remove</c>; same as <see cref="Put"/> with a null value.</summary>
    /// <param name="sessionKey">The key bytes and the exact session <c>[start, end]</c>.</param>
    /// <exception cref="ArgumentNullException">The key bytes are null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The session start is negative or its end is before its start.</exception>
    void Remove(Windowed<byte[]> sessionKey);

    /// <summary>Returns the aggregate of exactly the session <c>[sessionStartMs, sessionEndMs]</c> of <paramref name="key"/>, or null when absent or expired.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="sessionStartMs">The session start, epoch ms.</param>
    /// <param name="sessionEndMs">The session end (inclusive), epoch ms.</param>
    /// <returns>The aggregate bytes or null.</returns>
    byte[]? FetchSession(ReadOnlySpan<byte> key, long sessionStartMs, long sessionEndMs);

    /// <summary>
    /// The sessions of <paramref name="key"/> that end at or after <paramref name="earliestSessionEndMs"/> and start at or
    /// before <paramref name="latestSessionStartMs"/>, as Kafka Streams' <c>findSessions(key, earliestSessionEndTime,
    /// latestSessionStartTime)</c>: with <c>t - gap</c> and <c>t + gap</c> these are the sessions a record at t merges with.
    /// </summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="earliestSessionEndMs">The earliest session end to include, epoch ms.</param>
    /// <param name="latestSessionStartMs">The latest session start to include, epoch ms.</param>
    /// <returns>Sessions and aggregates by end, then start; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[] key, long earliestSessionEndMs, long latestSessionStartMs);

    /// <summary>
    /// The sessions of every key in <c>[keyFrom, keyTo]</c> (unsigned byte order, both inclusive, null = open) that end at or
    /// after <paramref name="earliestSessionEndMs"/> and start at or before <paramref name="latestSessionStartMs"/>.
    /// Empty when <paramref name="keyFrom"/> is after <paramref name="keyTo"/>.
    /// </summary>
    /// <param name="keyFrom">The first key, or null for the first key in the store.</param>
    /// <param name="keyTo">The last key, or null for the last key in the store.</param>
    /// <param name="earliestSessionEndMs">The earliest session end to include, epoch ms.</param>
    /// <param name="latestSessionStartMs">The latest session start to include, epoch ms.</param>
    /// <returns>Sessions and aggregates in binary key order; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[]? keyFrom, byte[]? keyTo, long earliestSessionEndMs, long latestSessionStartMs);

    /// <summary>
    /// The sessions of every key whose end lies in <c>[earliestSessionEndMs, latestSessionEndMs]</c> (both inclusive), by
    /// end, then binary key, as Kafka Streams' time-ordered <c>findSessions(earliestSessionEndTime, latestSessionEndTime)</c>:
    /// the read of a session aggregation that emits on window close. Expired sessions are skipped; empty when the bounds
    /// are reversed. The default implementation scans every session (<see cref="Fetch(byte[], byte[])"/>) and sorts the
    /// matches; stores with an index by end override it.
    /// </summary>
    /// <param name="earliestSessionEndMs">The earliest session end to include, epoch ms.</param>
    /// <param name="latestSessionEndMs">The latest session end to include, epoch ms.</param>
    /// <returns>Sessions and aggregates by end, then binary key; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs)
    {
        var found = new List<KeyValuePair<Windowed<byte[]>, byte[]>>();
        if (earliestSessionEndMs <= latestSessionEndMs)
        {
            using var all = Fetch(null, null);
            while (all.MoveNext())
            {
                var end = all.Current.Key.Window.EndMs;
                if (end >= earliestSessionEndMs && end <= latestSessionEndMs)
                {
                    found.Add(all.Current);
                }
            }
        }

        var ordered = found
            .Select(kv => (Binary: Internal.SessionKeySchema.ToBinary(kv.Key), Entry: kv))
            .OrderBy(e => e.Entry.Key.Window.EndMs)
            .ThenBy(e => e.Binary, Internal.ByteArrayComparer.Instance)
            .Select(e => e.Entry)
            .ToArray();
        return new Internal.EnumeratorIterator<Windowed<byte[]>, byte[]>(ordered, Name, () => IsOpen);
    }

    /// <summary>Every unexpired session of <paramref name="key"/>, as Kafka Streams' <c>fetch(key)</c>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <returns>Sessions and aggregates by end, then start; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[] key);

    /// <summary>Every unexpired session of the keys in <c>[keyFrom, keyTo]</c> (null = open), as Kafka Streams' <c>fetch(keyFrom, keyTo)</c>.</summary>
    /// <param name="keyFrom">The first key, or null.</param>
    /// <param name="keyTo">The last key, or null.</param>
    /// <returns>Sessions and aggregates in binary key order; dispose it.</returns>
    IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo);
}
