using Streams.RocksDb.Internal;
using Streams.State;

namespace Streams.RocksDb;

/// <content>The persistent session store.</content>
public static partial class RocksDbStores
{
    /// <summary>
    /// A persistent session store on RocksDB, as Kafka Streams' <c>Stores.persistentSessionStore</c>: keyed by
    /// <c>key || session end || session start</c> (Kafka Streams' <c>SessionKeySchema</c>, also the changelog key), in
    /// time segments of <c>max(retention / 2, 60 s)</c> by session end, each a key prefix (the segment id)
    /// of one RocksDB database per task in <c>{name}/</c>; a segment whose sessions all ended more than the retention period before the
    /// observed stream time is deleted as a whole. Uses the process-wide default <see cref="RocksDbOptions"/>.
    /// </summary>
    /// <param name="name">The store name; also names its directory and the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <param name="retentionPeriod">How long a session is kept, counted from its end; not negative, millisecond precision.
    /// A session-windowed aggregation needs at least inactivity gap + grace.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retentionPeriod"/> is negative.</exception>
    public static ISessionBytesStoreSupplier PersistentSessionStore(string name, TimeSpan retentionPeriod) =>
        PersistentSessionStore(name, retentionPeriod, RocksDbOptions.Default);

    /// <summary>A persistent session store on RocksDB with the given options, as Kafka Streams' <c>Stores.persistentSessionStore</c>.</summary>
    /// <param name="name">The store name; also names its directory and changelog topic.</param>
    /// <param name="retentionPeriod">How long a session is kept, counted from its end; not negative, millisecond precision.</param>
    /// <param name="options">Memory budget and store settings; stores given the same instance share its budget (block cache and memtables).</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retentionPeriod"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static ISessionBytesStoreSupplier PersistentSessionStore(string name, TimeSpan retentionPeriod, RocksDbOptions options) =>
        SessionStore(name, (long)retentionPeriod.TotalMilliseconds, options, nameof(retentionPeriod));

    internal static ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs, RocksDbOptions options, string retentionParam)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(retentionPeriodMs, retentionParam);
        return new RocksDbSessionBytesStoreSupplier(name, retentionPeriodMs, options);
    }
}
