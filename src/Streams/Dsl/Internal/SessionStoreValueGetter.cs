using Streams.State;

namespace Streams.Dsl.Internal;

/// <summary>
/// Reads a session-windowed table from its session store, as Kafka Streams' <c>KTableSessionWindowValueGetter</c>:
/// the aggregate of exactly the session of the windowed key, stamped with the session end; null when absent.
/// </summary>
internal sealed class SessionStoreValueGetter<TKey, TAggregate>(IReadOnlySessionStore<TKey, TAggregate> store) : IKTableValueGetter<Windowed<TKey>, TAggregate>
{
    public ValueAndTimestamp<TAggregate>? Get(Windowed<TKey> key)
    {
        if (key.Key is null)
        {
            return null;
        }

        // A ranged lookup instead of FetchSession tells a missing session from a value-type default.
        using var sessions = store.FindSessions(key.Key, key.Window.EndMs, key.Window.StartMs);
        while (sessions.MoveNext())
        {
            if (sessions.Current.Key.Window == key.Window)
            {
                return new ValueAndTimestamp<TAggregate>(sessions.Current.Value, key.Window.EndMs);
            }
        }

        return null;
    }
}

/// <summary>Creates <see cref="SessionStoreValueGetter{TKey, TAggregate}"/> suppliers.</summary>
internal static class SessionStoreValueGetter
{
    public static KTableValueGetterSupplier<Windowed<TKey>, TAggregate> Supplier<TKey, TAggregate>(string storeName) =>
        new([storeName], context => new SessionStoreValueGetter<TKey, TAggregate>(context.GetStateStore<ISessionStore<TKey, TAggregate>>(storeName)));
}
