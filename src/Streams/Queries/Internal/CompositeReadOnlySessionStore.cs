using Streams.Dsl;
using Streams.State;

namespace Streams.Queries.Internal;

/// <summary>
/// The session view over every local partition of a store (or the one asked for), as Kafka Streams'
/// <c>CompositeReadOnlySessionStore</c>: reads of one key return the first partition that has it; key-range reads
/// concatenate the partitions (each in the store's order, partitions by number), each copied under its lock.
/// </summary>
internal sealed class CompositeReadOnlySessionStore<TKey, TAggregate>(StoreViewProvider provider, Func<IStateStore, IReadOnlySessionStore<TKey, TAggregate>> adapt)
    : IReadOnlySessionStore<TKey, TAggregate>
{
    public TAggregate? FetchSession(TKey key, long sessionStartMs, long sessionEndMs)
    {
        // Through FindSessions, so that an absent session is told from a present default aggregate (e.g. a count of 0).
        using var sessions = FindSessions(key, sessionEndMs, sessionStartMs);
        while (sessions.MoveNext())
        {
            if (sessions.Current.Key.Window.StartMs == sessionStartMs && sessions.Current.Key.Window.EndMs == sessionEndMs)
            {
                return sessions.Current.Value;
            }
        }

        return default;
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        return provider.FirstNonEmpty(s => adapt(s).FindSessions(key, earliestSessionEndMs, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> FindSessions(TKey? keyFrom, TKey? keyTo, long earliestSessionEndMs, long latestSessionStartMs) =>
        provider.Concat(s => adapt(s).FindSessions(keyFrom, keyTo, earliestSessionEndMs, latestSessionStartMs));

    public IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return provider.FirstNonEmpty(s => adapt(s).Fetch(key));
    }

    public IKeyValueIterator<Windowed<TKey>, TAggregate> Fetch(TKey? keyFrom, TKey? keyTo) => provider.Concat(s => adapt(s).Fetch(keyFrom, keyTo));
}
