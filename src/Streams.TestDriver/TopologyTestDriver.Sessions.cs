using Streams.State;

namespace Streams.TestDriver;

/// <content>Session stores.</content>
public sealed partial class TopologyTestDriver
{
    /// <summary>
    /// Returns a session store (the store of a session-windowed aggregation), as Kafka Streams' <c>getSessionStore</c>.
    /// Sessions are read with <c>Fetch(key)</c>, <c>FindSessions</c> and <c>FetchSession</c>; their windows are
    /// <c>[start, end]</c> with an inclusive end.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TAggregate">The aggregate type.</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store, or null when the topology has no store of that name.</returns>
    /// <exception cref="InvalidOperationException">The store is not a session store of these types; the message says what it is.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public ISessionStore<TKey, TAggregate>? GetSessionStore<TKey, TAggregate>(string name) => GetStateStore(name) switch
    {
        null => null,
        ISessionStore<TKey, TAggregate> sessions => sessions,
        var other => throw WrongKind(other, typeof(ISessionStore<TKey, TAggregate>)),
    };
}
