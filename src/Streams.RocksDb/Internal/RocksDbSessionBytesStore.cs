using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Internal;

/// <summary>
/// A session bytes store on time segments (key prefixes of one RocksDB database), as Kafka Streams' <c>RocksDBSessionStore</c> over a
/// <c>RocksDBSegmentedBytesStore</c> (<see cref="RocksDbSegmentedBytesStore"/>). Keys are Kafka Streams'
/// <c>SessionKeySchema</c> binary keys <c>key || end || start</c> (times 8 bytes big-endian), which are also the
/// changelog keys, so restoration writes changelog records straight into their segments. A session's segment is that
/// of its end, with Kafka Streams' session segment interval <c>max(retention / 2, 60 s)</c>. Sessions of one key are
/// ordered by end within a segment, and reads merge the segments into key order, so the sessions a record merges
/// with are one short range read per segment.
/// <para>
/// Expiry, as Kafka Streams' session stores: the observed stream time is the largest session end written or restored
/// (on open, the largest end on disk); a session with <c>end &lt; observedStreamTime - retention</c> is expired: reads
/// skip it. Whole segments are dropped (one range delete over its prefix) once their segment is older than that of
/// <c>observedStreamTime - retention</c>; a write into a dropped segment is skipped and counted as an expired-window-record drop.
/// </para>
/// </summary>
internal sealed class RocksDbSessionBytesStore : ISessionBytesStore
{
    private readonly RocksDbSegmentedBytesStore _segments;

    public RocksDbSessionBytesStore(string name, long retentionPeriodMs, RocksDbOptions options, long? segmentIntervalMs = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retentionPeriodMs);
        _segments = new RocksDbSegmentedBytesStore(
            name, retentionPeriodMs, segmentIntervalMs ?? RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(retentionPeriodMs), options,
            binary => binary.Length >= SessionKeySchema.SuffixSize ? SessionKeySchema.ExtractEnd(binary) : null);
    }

    /// <summary>The segments, for tests.</summary>
    internal RocksDbSegmentedBytesStore Segments => _segments;

    public string Name => _segments.Name;

    public bool Persistent => true;

    public bool IsOpen => _segments.IsOpen;

    public long RetentionPeriodMs => _segments.RetentionPeriodMs;

    public void Init(IStateStoreContext context, IStateStore root) => _segments.Init(context, root);

    public void Put(Windowed<byte[]> sessionKey, byte[]? value)
    {
        SessionKeySchema.Validate(sessionKey, nameof(sessionKey));
        _segments.Put(SessionKeySchema.ToBinary(sessionKey), value, sessionKey.Window.EndMs);
    }

    public void Remove(Windowed<byte[]> sessionKey) => Put(sessionKey, null);

    public byte[]? FetchSession(ReadOnlySpan<byte> key, long sessionStartMs, long sessionEndMs)
    {
        if (sessionStartMs < 0 || sessionEndMs < sessionStartMs || IsExpired(sessionEndMs))
        {
            return null;
        }

        Span<byte> binary = key.Length <= 240 ? stackalloc byte[key.Length + SessionKeySchema.SuffixSize] : new byte[key.Length + SessionKeySchema.SuffixSize];
        key.CopyTo(binary);
        SessionKeySchema.WriteSuffix(binary[key.Length..], sessionStartMs, sessionEndMs);
        return _segments.Get(binary, sessionEndMs);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[] key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        return Scan(
            SessionKeySchema.LowerBound(key, earliest),
            SessionKeySchema.UpperBound(key),
            earliest,
            b => SessionKeySchema.IsSessionOf(b, key) && SessionKeySchema.Overlaps(b, earliest, latestSessionStartMs));
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[]? keyFrom, byte[]? keyTo, long earliestSessionEndMs, long latestSessionStartMs)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        if (keyFrom is not null && keyTo is not null && ByteArrayComparer.Instance.Compare(keyFrom, keyTo) > 0)
        {
            return new EnumeratorIterator<Windowed<byte[]>, byte[]>([], Name, () => IsOpen);
        }

        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        return Scan(
            keyFrom,
            keyTo is null ? null : SessionKeySchema.UpperBoundOfRange(keyTo),
            earliest,
            b => SessionKeySchema.KeyInRange(b, keyFrom, keyTo) && SessionKeySchema.Overlaps(b, earliest, latestSessionStartMs));
    }

    /// <summary>
    /// Sessions with end in the range, by end, then binary key. Segments are ordered by end but each is ordered by key
    /// (Kafka Streams uses a separate time-ordered session store for this read), so this reads the segments of the
    /// range and sorts the matches.
    /// </summary>
    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var earliest = Math.Max(earliestSessionEndMs, EarliestLiveEnd());
        var found = new List<(long End, byte[] Binary, byte[] Value)>();
        if (earliest <= latestSessionEndMs)
        {
            using var range = _segments.Range(null, null, earliest, latestSessionEndMs);
            while (range.MoveNext())
            {
                var (binary, value) = range.Current;
                if (binary.Length >= SessionKeySchema.SuffixSize && SessionKeySchema.ExtractEnd(binary) is var end && end >= earliest && end <= latestSessionEndMs)
                {
                    found.Add((end, binary, value));
                }
            }
        }

        var ordered = found
            .OrderBy(e => e.End)
            .ThenBy(e => e.Binary, ByteArrayComparer.Instance)
            .Select(e => new KeyValuePair<Windowed<byte[]>, byte[]>(SessionKeySchema.From(e.Binary), e.Value))
            .ToArray();
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(ordered, Name, () => IsOpen);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[] key) => FindSessions(key, 0, long.MaxValue);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo) => FindSessions(keyFrom, keyTo, 0, long.MaxValue);

    public void Flush() => _segments.Flush();

    public void Close() => _segments.Close();

    /// <summary>Sessions ending before this have expired; before any record, -1 - retention (no session is expired).</summary>
    private long EarliestLiveEnd() => Math.Max(_segments.ObservedStreamTime, -1) - RetentionPeriodMs;

    private bool IsExpired(long endMs) => endMs < EarliestLiveEnd();

    /// <summary>A lazy range read of the segments holding sessions that end at or after <paramref name="earliestEndMs"/>: the iterators are created on the first read and released when the result is disposed.</summary>
    private EnumeratorIterator<Windowed<byte[]>, byte[]> Scan(byte[]? from, byte[]? to, long earliestEndMs, Func<byte[], bool> matches) =>
        new(Read(_segments.Range(from, to, earliestEndMs, long.MaxValue), matches), Name, () => IsOpen);

    private static IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> Read(IKeyValueIterator<byte[], byte[]> range, Func<byte[], bool> matches)
    {
        using (range)
        {
            while (range.MoveNext())
            {
                var (binary, value) = range.Current;
                if (binary.Length >= SessionKeySchema.SuffixSize && matches(binary))
                {
                    yield return new(SessionKeySchema.From(binary), value);
                }
            }
        }
    }
}

/// <summary>Supplies segmented <see cref="RocksDbSessionBytesStore"/>s, as Kafka Streams' <c>RocksDbSessionBytesStoreSupplier</c> (segment interval <c>max(retention / 2, 60 s)</c>).</summary>
internal sealed class RocksDbSessionBytesStoreSupplier(string name, long retentionPeriodMs, RocksDbOptions options) : ISessionBytesStoreSupplier
{
    public string Name { get; } = name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public ISessionBytesStore Get() => new RocksDbSessionBytesStore(Name, RetentionPeriodMs, options);
}
