using static Streams.State.Internal.VersionedKeySchema;

namespace Streams.State.Internal;

/// <summary>
/// A versioned bytes store laid over an ordered key-value bytes store (in memory or RocksDB) with the
/// <see cref="VersionedKeySchema"/> layout, with the semantics of Kafka Streams' <c>RocksDBVersionedStore</c>
/// (KIP-889): validity intervals <c>[timestamp, validTo)</c> where validTo is the next newer version's timestamp,
/// out-of-order puts inserted into the history, deletes kept as tombstone versions, and history retention.
/// <para>
/// Retention: the observed stream time is the largest timestamp put so far (persisted at flush, rebuilt by
/// restore). Puts and deletes older than <c>observedStreamTime - historyRetention</c> are rejected; point-in-time
/// reads older than that bound see only the latest version; reads never return versions whose validTo is at or
/// before the bound. Such versions are deleted physically by a scan of the history each time stream time has
/// advanced one segment interval (Kafka Streams drops whole segments at the same cadence).
/// </para>
/// Restore replays the changelog (records stamped with their version timestamps) through the same put logic,
/// skipping records that were too old when they were written.
/// </summary>
internal sealed class KeyValueVersionedBytesStore : IVersionedBytesStore, IRecordBatchingStateRestoreCallback
{
    private const long Unknown = long.MinValue;

    private readonly IKeyValueBytesStore _inner;
    private long _observedStreamTime = Unknown;
    private long _lastPurge = Unknown;
    private bool _observedDirty;

    public KeyValueVersionedBytesStore(IKeyValueBytesStore inner, long historyRetentionMs, long segmentIntervalMs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(historyRetentionMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentIntervalMs);
        _inner = inner;
        HistoryRetentionMs = historyRetentionMs;
        SegmentIntervalMs = segmentIntervalMs;
    }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    public long HistoryRetentionMs { get; }

    /// <summary>How far stream time advances between two purges of expired history, in milliseconds.</summary>
    public long SegmentIntervalMs { get; }

    /// <summary>The largest timestamp put so far, or <see cref="long.MinValue"/> before the first put.</summary>
    internal long ObservedStreamTime => _observedStreamTime;

    /// <summary>The oldest time point-in-time reads and puts still cover: <c>observedStreamTime - historyRetention</c>.</summary>
    private long Bound => _observedStreamTime < long.MinValue + HistoryRetentionMs ? long.MinValue : _observedStreamTime - HistoryRetentionMs;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _inner.Init(new RestoreRedirectingContext(context, this), root);
        if (_inner.Get(MetaKey) is { } meta)
        {
            _observedStreamTime = ReadInt64(meta);
        }
    }

    public long Put(ReadOnlySpan<byte> key, byte[]? value, long timestampMs)
    {
        if (timestampMs < Bound)
        {
            return VersionedKeyValueStore.PutReturnCodeNotPut;
        }

        Observe(timestampMs);
        var validTo = DoPut(key, value, timestampMs);
        PurgeIfDue();
        return validTo;
    }

    public VersionedRecord<byte[]>? Delete(ReadOnlySpan<byte> key, long timestampMs)
    {
        if (timestampMs < Bound)
        {
            return null;
        }

        var prior = Get(key, timestampMs);
        Observe(timestampMs);
        DoPut(key, null, timestampMs);
        PurgeIfDue();
        return prior;
    }

    public VersionedRecord<byte[]>? Get(ReadOnlySpan<byte> key) =>
        _inner.Get(LatestKey(key)) is { } latest ? new VersionedRecord<byte[]>(LatestPayload(latest), LatestTimestamp(latest)) : null;

    public VersionedRecord<byte[]>? Get(ReadOnlySpan<byte> key, long asOfTimestampMs)
    {
        if (_inner.Get(LatestKey(key)) is { } latest && LatestTimestamp(latest) <= asOfTimestampMs)
        {
            return new VersionedRecord<byte[]>(LatestPayload(latest), LatestTimestamp(latest));
        }

        // As Kafka Streams: beyond history retention only the latest version (checked above) can answer.
        if (asOfTimestampMs < Bound)
        {
            return null;
        }

        var found = FindAtOrBefore(HistoryPrefix(key), asOfTimestampMs);
        return found is { Value: { } value } ? new VersionedRecord<byte[]>(value, found.Timestamp, found.ValidTo == OpenValidTo ? null : found.ValidTo) : null;
    }

    public IReadOnlyList<VersionedRecord<byte[]>> GetVersions(ReadOnlySpan<byte> key, long fromTimestampMs, long toTimestampMs, ResultOrder order)
    {
        if (fromTimestampMs > toTimestampMs)
        {
            throw new ArgumentException($"The time range is empty: from {fromTimestampMs} is after to {toTimestampMs}.", nameof(fromTimestampMs));
        }

        var result = new List<VersionedRecord<byte[]>>();
        if (_inner.Get(LatestKey(key)) is { } latest && LatestTimestamp(latest) <= toTimestampMs)
        {
            result.Add(new VersionedRecord<byte[]>(LatestPayload(latest), LatestTimestamp(latest)));
        }

        var bound = Bound;
        if (toTimestampMs >= bound)
        {
            foreach (var version in History(HistoryPrefix(key)))
            {
                if (version.Timestamp > toTimestampMs)
                {
                    continue;
                }

                // Older versions end no later than this one: none of them overlaps the range or is unexpired.
                if (version.ValidTo != OpenValidTo && (version.ValidTo <= fromTimestampMs || version.ValidTo <= bound))
                {
                    break;
                }

                if (version.Value is { } value)
                {
                    result.Add(new VersionedRecord<byte[]>(value, version.Timestamp, version.ValidTo));
                }
            }
        }

        if (order == ResultOrder.Ascending)
        {
            result.Reverse();
        }

        return result;
    }

    public void RestoreBatch(IReadOnlyList<StateRestoreRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            // Records that were too old when written were rejected then; skip them again.
            if (record.TimestampMs < Bound)
            {
                continue;
            }

            Observe(record.TimestampMs);
            DoPut(record.Key, record.Value, record.TimestampMs);
        }

        PurgeIfDue();
    }

    public void Flush()
    {
        if (_observedDirty)
        {
            _inner.Put(MetaKey, Int64(_observedStreamTime));
            _observedDirty = false;
        }

        _inner.Flush();
    }

    public void Close() => _inner.Close();

    private void Observe(long timestampMs)
    {
        if (timestampMs > _observedStreamTime)
        {
            _observedStreamTime = timestampMs;
            _observedDirty = true;
        }
    }

    /// <summary>Inserts one version (null value: tombstone) and returns its valid-to or <c>PutReturnCodeValidToUndefined</c>.</summary>
    private long DoPut(ReadOnlySpan<byte> key, byte[]? value, long timestampMs)
    {
        var latestKey = LatestKey(key);
        var prefix = HistoryPrefix(key);
        var latest = _inner.Get(latestKey);
        if (latest is not null)
        {
            var latestTimestamp = LatestTimestamp(latest);
            if (timestampMs >= latestTimestamp)
            {
                if (timestampMs > latestTimestamp)
                {
                    // The current latest version moves into the history, valid until the new one.
                    _inner.Put(HistoryKey(prefix, latestTimestamp), HistoryValue(timestampMs, LatestPayload(latest)));
                }

                if (value is not null)
                {
                    _inner.Put(latestKey, LatestValue(timestampMs, value));
                }
                else
                {
                    _inner.Delete(latestKey);
                    _inner.Put(HistoryKey(prefix, timestampMs), HistoryValue(OpenValidTo, null));
                }

                return VersionedKeyValueStore.PutReturnCodeValidToUndefined;
            }
        }

        var previous = FindAtOrBefore(prefix, timestampMs);
        if (previous is not null && previous.Timestamp == timestampMs)
        {
            if (previous.ValidTo == OpenValidTo)
            {
                // Replaces a delete that is the newest version.
                if (value is not null)
                {
                    _inner.Delete(HistoryKey(prefix, timestampMs));
                    _inner.Put(latestKey, LatestValue(timestampMs, value));
                }

                return VersionedKeyValueStore.PutReturnCodeValidToUndefined;
            }

            _inner.Put(HistoryKey(prefix, timestampMs), HistoryValue(previous.ValidTo, value));
            return previous.ValidTo;
        }

        long validTo;
        if (previous is not null)
        {
            validTo = previous.ValidTo;
            _inner.Put(HistoryKey(prefix, previous.Timestamp), HistoryValue(timestampMs, previous.Value));
        }
        else
        {
            // Older than every version: valid until the oldest one.
            validTo = OldestTimestamp(prefix) ?? (latest is null ? OpenValidTo : LatestTimestamp(latest));
        }

        if (validTo != OpenValidTo)
        {
            _inner.Put(HistoryKey(prefix, timestampMs), HistoryValue(validTo, value));
            return validTo;
        }

        // The newest version of a key with no latest value (every version so far was a delete).
        if (value is not null)
        {
            _inner.Put(latestKey, LatestValue(timestampMs, value));
        }
        else
        {
            _inner.Put(HistoryKey(prefix, timestampMs), HistoryValue(OpenValidTo, null));
        }

        return VersionedKeyValueStore.PutReturnCodeValidToUndefined;
    }

    /// <summary>The history entry with the largest timestamp at or before <paramref name="timestampMs"/>, or null.</summary>
    private HistoryEntry? FindAtOrBefore(byte[] prefix, long timestampMs)
    {
        using var range = _inner.Range(HistoryKey(prefix, timestampMs), HistoryKey(prefix, long.MinValue));
        return range.MoveNext() ? HistoryEntry.From(range.Current) : null;
    }

    private long? OldestTimestamp(byte[] prefix)
    {
        long? oldest = null;
        using var all = _inner.PrefixScan(prefix);
        while (all.MoveNext())
        {
            oldest = HistoryTimestamp(all.Current.Key);
        }

        return oldest;
    }

    /// <summary>A key's history entries, newest first.</summary>
    private IEnumerable<HistoryEntry> History(byte[] prefix)
    {
        using var all = _inner.PrefixScan(prefix);
        while (all.MoveNext())
        {
            yield return HistoryEntry.From(all.Current);
        }
    }

    /// <summary>Deletes expired history once stream time has moved a segment interval past the last purge.</summary>
    private void PurgeIfDue()
    {
        if (_lastPurge != Unknown && _observedStreamTime - _lastPurge < SegmentIntervalMs)
        {
            return;
        }

        var first = _lastPurge == Unknown;
        _lastPurge = _observedStreamTime;
        if (first)
        {
            return;
        }

        var bound = Bound;
        var expired = new List<KeyValuePair<byte[], byte[]?>>();
        using (var history = _inner.PrefixScan([HistoryTag]))
        {
            while (history.MoveNext())
            {
                var entry = HistoryEntry.From(history.Current);

                // A version no longer valid at the bound, or a delete that is the newest version and at or before
                // the bound (every later put is at or after the bound, so it changes nothing any read can see).
                if (entry.ValidTo == OpenValidTo ? entry.Timestamp <= bound : entry.ValidTo <= bound)
                {
                    expired.Add(new(history.Current.Key, null));
                }
            }
        }

        if (expired.Count > 0)
        {
            _inner.PutAll(expired);
        }
    }

    private sealed record HistoryEntry(long Timestamp, long ValidTo, byte[]? Value)
    {
        public static HistoryEntry From(KeyValuePair<byte[], byte[]> entry) =>
            new(HistoryTimestamp(entry.Key), HistoryValidTo(entry.Value), HistoryPayload(entry.Value));
    }

    /// <summary>Passes the task's context to the inner store, but registers this store's timestamp-aware restore callback.</summary>
    private sealed class RestoreRedirectingContext(IStateStoreContext inner, KeyValueVersionedBytesStore owner) : IStateStoreContext
    {
        public string ApplicationId => inner.ApplicationId;

        public Processor.TaskId TaskId => inner.TaskId;

        public string StateDirectory => inner.StateDirectory;

        public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => inner.Register(store, owner);
    }
}
