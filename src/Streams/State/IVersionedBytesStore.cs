namespace Streams.State;

/// <summary>
/// The innermost layer of a versioned key-value store: raw key and value bytes per version, as Kafka Streams'
/// <c>VersionedBytesStore</c>. The semantics (validity intervals, history retention, return codes) are those of
/// <see cref="IVersionedKeyValueStore{TKey, TValue}"/>. Implemented in memory
/// (<see cref="Stores.InMemoryVersionedKeyValueStore"/>) and on RocksDB (<c>Streams.RocksDb.RocksDbStores</c>).
/// Its changelog records carry the version timestamp as their record timestamp, so a store registers an
/// <see cref="IRecordBatchingStateRestoreCallback"/> and restore replays the versions. Not thread-safe.
/// </summary>
public interface IVersionedBytesStore : IStateStore
{
    /// <summary>The history retention in milliseconds.</summary>
    long HistoryRetentionMs { get; }

    /// <summary>Adds a version; a null value is a tombstone. See <see cref="IVersionedKeyValueStore{TKey, TValue}.Put"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes, or null to delete. The store may keep the array: do not modify it afterwards.</param>
    /// <param name="timestampMs">When the version becomes valid, epoch milliseconds.</param>
    /// <returns>The put version's valid-to, or one of the <see cref="VersionedKeyValueStore"/> return codes.</returns>
    long Put(ReadOnlySpan<byte> key, byte[]? value, long timestampMs);

    /// <summary>Inserts a tombstone and returns the version valid at <paramref name="timestampMs"/> before it. See <see cref="IVersionedKeyValueStore{TKey, TValue}.Delete"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="timestampMs">When the delete takes effect, epoch milliseconds.</param>
    /// <returns>The prior version, or null.</returns>
    VersionedRecord<byte[]>? Delete(ReadOnlySpan<byte> key, long timestampMs);

    /// <summary>The latest version, or null. See <see cref="IVersionedKeyValueStore{TKey, TValue}.Get(TKey)"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <returns>The latest version, or null.</returns>
    VersionedRecord<byte[]>? Get(ReadOnlySpan<byte> key);

    /// <summary>The version valid at <paramref name="asOfTimestampMs"/>, or null. See <see cref="IVersionedKeyValueStore{TKey, TValue}.Get(TKey, long)"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="asOfTimestampMs">The point in time, epoch milliseconds.</param>
    /// <returns>The version, or null.</returns>
    VersionedRecord<byte[]>? Get(ReadOnlySpan<byte> key, long asOfTimestampMs);

    /// <summary>The versions overlapping a time range. See <see cref="IVersionedKeyValueStore{TKey, TValue}.GetVersions(TKey, long, long, ResultOrder)"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="fromTimestampMs">The start of the time range, inclusive.</param>
    /// <param name="toTimestampMs">The end of the time range, inclusive.</param>
    /// <param name="order">The order of the result.</param>
    /// <returns>The versions.</returns>
    /// <exception cref="ArgumentException"><paramref name="fromTimestampMs"/> is after <paramref name="toTimestampMs"/>.</exception>
    IReadOnlyList<VersionedRecord<byte[]>> GetVersions(ReadOnlySpan<byte> key, long fromTimestampMs, long toTimestampMs, ResultOrder order);
}
