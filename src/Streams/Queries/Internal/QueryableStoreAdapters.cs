using Streams.State;

namespace Streams.Queries.Internal;

/// <summary>
/// Checks that a store instance is of the kind and types a query asked for and adapts it to the read-only view, as the
/// <c>accepts</c>/<c>create</c> pair of Kafka Streams' <c>QueryableStoreType</c>s: plain key-value and window views
/// accept timestamped stores too (timestamps dropped); anything else is an <see cref="InvalidStateStoreException"/> that
/// names the store, its actual kind and the asked kind.
/// </summary>
internal static class QueryableStoreAdapters
{
    public static IReadOnlyKeyValueStore<TKey, TValue> KeyValue<TKey, TValue>(IStateStore store) => store switch
    {
        IKeyValueStore<TKey, TValue> plain => plain,
        ITimestampedKeyValueStore<TKey, TValue> timestamped => new ReadOnlyKeyValueStoreFacade<TKey, TValue>(timestamped),
        _ => throw WrongKind(store, $"KeyValueStore<{Describe(typeof(TKey))}, {Describe(typeof(TValue))}>"),
    };

    public static IReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>> TimestampedKeyValue<TKey, TValue>(IStateStore store) =>
        store as ITimestampedKeyValueStore<TKey, TValue>
            ?? throw WrongKind(store, $"TimestampedKeyValueStore<{Describe(typeof(TKey))}, {Describe(typeof(TValue))}>");

    public static IReadOnlyWindowStore<TKey, TValue> Window<TKey, TValue>(IStateStore store) => store switch
    {
        IWindowStore<TKey, TValue> plain => plain,
        ITimestampedWindowStore<TKey, TValue> timestamped => new ReadOnlyWindowStoreFacade<TKey, TValue>(timestamped),
        _ => throw WrongKind(store, $"WindowStore<{Describe(typeof(TKey))}, {Describe(typeof(TValue))}>"),
    };

    public static IReadOnlyWindowStore<TKey, ValueAndTimestamp<TValue>> TimestampedWindow<TKey, TValue>(IStateStore store) =>
        store as ITimestampedWindowStore<TKey, TValue>
            ?? throw WrongKind(store, $"TimestampedWindowStore<{Describe(typeof(TKey))}, {Describe(typeof(TValue))}>");

    public static IReadOnlySessionStore<TKey, TValue> Session<TKey, TValue>(IStateStore store) =>
        store as ISessionStore<TKey, TValue>
            ?? throw WrongKind(store, $"SessionStore<{Describe(typeof(TKey))}, {Describe(typeof(TValue))}>");

    /// <summary>Whether a store declared with <paramref name="factoryKind"/> (the topology's kind) can answer <paramref name="kind"/>.</summary>
    public static bool Compatible(string factoryKind, QueryableStoreKind kind) => kind switch
    {
        QueryableStoreKind.KeyValue or QueryableStoreKind.TimestampedKeyValue => factoryKind == "KeyValue",
        QueryableStoreKind.Window or QueryableStoreKind.TimestampedWindow => factoryKind == "Window",
        QueryableStoreKind.Session => factoryKind == "Session",
        _ => false,
    };

    /// <summary>The wrong-kind error: names the store, what it is and what was asked.</summary>
    public static InvalidStateStoreException WrongKind(IStateStore store, string asked) =>
        new($"Store '{store.Name}' is a {Describe(store)}; it cannot be queried as {asked}.");

    /// <summary>The wrong-kind error when no instance is local: names the store, its declared kind and what was asked.</summary>
    public static InvalidStateStoreException WrongKind(string storeName, string factoryKind, QueryableStoreKind asked) =>
        new($"Store '{storeName}' is a {factoryKind} store; it cannot be queried as a {asked} store.");

    /// <summary>The store's kind and types, e.g. <c>TimestampedKeyValueStore&lt;String, Int64&gt;</c>.</summary>
    public static string Describe(IStateStore store)
    {
        Type[] kinds =
        [
            typeof(ITimestampedKeyValueStore<,>), typeof(ITimestampedWindowStore<,>), typeof(IKeyValueStore<,>),
            typeof(IWindowStore<,>), typeof(ISessionStore<,>), typeof(IVersionedKeyValueStore<,>),
        ];
        var interfaces = store.GetType().GetInterfaces();
        foreach (var kind in kinds)
        {
            var match = interfaces.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == kind);
            if (match is not null)
            {
                return Describe(match)[1..];
            }
        }

        return store.GetType().Name;
    }

    private static string Describe(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }
}
