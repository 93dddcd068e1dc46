using Streams.State.Internal;

namespace Streams.State;

/// <content>The in-memory session store.</content>
public static partial class Stores
{
    /// <summary>
    /// An in-memory session store, as Kafka Streams' <c>Stores.inMemorySessionStore</c>: restored from its changelog on
    /// start; sessions are kept while <c>end &gt;= observedStreamTime - retention</c> and deleted eagerly afterwards.
    /// </summary>
    /// <param name="name">The store name; also names the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <param name="retentionPeriod">How long a session is kept, counted from its end; not negative, millisecond precision.
    /// A session-windowed aggregation needs at least inactivity gap + grace.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retentionPeriod"/> is negative.</exception>
    public static ISessionBytesStoreSupplier InMemorySessionStore(string name, TimeSpan retentionPeriod)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var retention = (long)retentionPeriod.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(retention, nameof(retentionPeriod));
        return new InMemorySessionBytesStoreSupplier(name, retention);
    }
}
