namespace Streams.State;

/// <summary>
/// A typed key-value store that keeps, per key, the versions (values with the timestamps they were valid from)
/// written within its history retention, as Kafka Streams' <c>VersionedKeyValueStore</c> (KIP-889, KIP-914,
/// KIP-968). <see cref="Get(TKey)"/> returns the latest version <em>by timestamp</em> (not by arrival order);
/// <see cref="Get(TKey, long)"/> returns the version valid at a point in time.
/// <para>
/// History retention: the store tracks its observed stream time (the largest timestamp put so far). Versions
/// no longer valid at <c>observedStreamTime - historyRetention</c> are not returned by point-in-time reads and
/// are purged; a point-in-time read for a time older than that bound returns only the latest version (when it
/// is valid at that time), never history; a put or delete with a timestamp older than the bound is rejected
/// (<see cref="VersionedKeyValueStore.PutReturnCodeNotPut"/>). The latest version of a key never expires.
/// </para>
/// Not thread-safe: a task uses its stores from one thread.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IVersionedKeyValueStore<TKey, TValue> : IStateStore
{
    /// <summary>The history retention in milliseconds: how far behind the observed stream time versions stay readable.</summary>
    long HistoryRetentionMs { get; }

    /// <summary>
    /// Adds a version of <paramref name="key"/> valid from <paramref name="timestampMs"/>, as Kafka Streams'
    /// <c>VersionedKeyValueStore.put</c>. A put older than the key's latest version is inserted into the history
    /// (shortening the validity of the version before it); a put at the timestamp of an existing version
    /// replaces that version's value. A null value is a delete (a tombstone version).
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="value">The value, or null to delete the key from <paramref name="timestampMs"/> on.</param>
    /// <param name="timestampMs">When the version becomes valid, epoch milliseconds.</param>
    /// <returns>
    /// <see cref="VersionedKeyValueStore.PutReturnCodeValidToUndefined"/> when the put is the key's latest version;
    /// <see cref="VersionedKeyValueStore.PutReturnCodeNotPut"/> when it was rejected for being older than
    /// <c>observedStreamTime - historyRetention</c>; otherwise the put version's valid-to timestamp (exclusive),
    /// the timestamp of the next newer version.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    long Put(TKey key, TValue? value, long timestampMs);

    /// <summary>
    /// Deletes <paramref name="key"/> from <paramref name="timestampMs"/> on (inserts a tombstone version), as
    /// Kafka Streams' <c>VersionedKeyValueStore.delete</c>.
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="timestampMs">When the delete takes effect, epoch milliseconds.</param>
    /// <returns>
    /// The version that was valid at <paramref name="timestampMs"/> before the delete, or null when there was none
    /// or when the delete was rejected for being older than <c>observedStreamTime - historyRetention</c>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    VersionedRecord<TValue>? Delete(TKey key, long timestampMs);

    /// <summary>The latest version of <paramref name="key"/> by timestamp, or null when absent or deleted.</summary>
    /// <param name="key">The key; not null.</param>
    /// <returns>The latest version (its <see cref="VersionedRecord{TValue}.ValidToMs"/> is null), or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    VersionedRecord<TValue>? Get(TKey key);

    /// <summary>
    /// The version of <paramref name="key"/> valid at <paramref name="asOfTimestampMs"/>: the one with the largest
    /// timestamp at or before it, unless that is a delete, as Kafka Streams' <c>get(key, asOfTimestamp)</c>.
    /// Validity is <c>[timestamp, validTo)</c>. When <paramref name="asOfTimestampMs"/> is older than
    /// <c>observedStreamTime - historyRetention</c>, only the latest version is considered.
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="asOfTimestampMs">The point in time, epoch milliseconds.</param>
    /// <returns>The version valid then, or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    VersionedRecord<TValue>? Get(TKey key, long asOfTimestampMs);

    /// <summary>
    /// The versions of <paramref name="key"/> whose validity interval <c>[timestamp, validTo)</c> overlaps
    /// <c>[fromTimestampMs, toTimestampMs]</c>, as Kafka Streams' <c>MultiVersionedKeyQuery</c> (KIP-968). Deletes
    /// are not returned. Versions no longer valid at <c>observedStreamTime - historyRetention</c> are not returned;
    /// when <paramref name="toTimestampMs"/> is older than that bound only the latest version can be.
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="fromTimestampMs">The start of the time range, epoch milliseconds, inclusive.</param>
    /// <param name="toTimestampMs">The end of the time range, epoch milliseconds, inclusive.</param>
    /// <param name="order">Newest first (<see cref="ResultOrder.Descending"/>, also for <see cref="ResultOrder.Any"/>) or oldest first.</param>
    /// <returns>The versions, in the requested order; empty when none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="fromTimestampMs"/> is after <paramref name="toTimestampMs"/>.</exception>
    IReadOnlyList<VersionedRecord<TValue>> GetVersions(TKey key, long fromTimestampMs, long toTimestampMs, ResultOrder order = ResultOrder.Any);

    /// <summary>
    /// The version of <paramref name="key"/> valid at <paramref name="asOf"/>, as Kafka Streams'
    /// <c>VersionedKeyQuery#asOf(Instant)</c>; the same read as <see cref="Get(TKey, long)"/> (a default interface
    /// method converting with <see cref="DateTimeOffset.ToUnixTimeMilliseconds"/>; sub-millisecond precision is dropped).
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="asOf">The point in time.</param>
    /// <returns>The version valid then, or null. Its timestamps stay epoch milliseconds, as the record timestamps they are.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    VersionedRecord<TValue>? Get(TKey key, DateTimeOffset asOf) => Get(key, asOf.ToUnixTimeMilliseconds());

    /// <summary>
    /// The versions of <paramref name="key"/> whose validity overlaps <c>[from, to]</c>, as Kafka Streams'
    /// <c>MultiVersionedKeyQuery#fromTime(Instant)</c>/<c>toTime(Instant)</c>; the same read as
    /// <see cref="GetVersions(TKey, long, long, ResultOrder)"/> (a default interface method converting with
    /// <see cref="DateTimeOffset.ToUnixTimeMilliseconds"/>).
    /// </summary>
    /// <param name="key">The key; not null.</param>
    /// <param name="from">The start of the time range, inclusive.</param>
    /// <param name="to">The end of the time range, inclusive.</param>
    /// <param name="order">Newest first (<see cref="ResultOrder.Descending"/>, also for <see cref="ResultOrder.Any"/>) or oldest first.</param>
    /// <returns>The versions, in the requested order; empty when none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="to"/>.</exception>
    IReadOnlyList<VersionedRecord<TValue>> GetVersions(TKey key, DateTimeOffset from, DateTimeOffset to, ResultOrder order = ResultOrder.Any) =>
        GetVersions(key, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), order);
}
