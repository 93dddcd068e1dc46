using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Internal;

/// <summary>
/// A window bytes store on time segments (key prefixes of one RocksDB database), as Kafka Streams' <c>RocksDBWindowStore</c> over a
/// <c>RocksDBSegmentedBytesStore</c>: keys are <see cref="WindowKeySchema"/> keys (<c>key || start</c>, plus the
/// sequence number when duplicates are retained; also the changelog keys), segmented by window start with Kafka
/// Streams' default interval <c>max(retention / 2, 60 s)</c>. Expired windows go with their segment, a whole
/// segment dropped at once (one range delete), instead of key by key.
/// <para>
/// Reads are those of the other window stores: a window whose start is at or before <c>observedStreamTime - retention</c>
/// (with duplicates retained: before it) is never read; key-range and all-key reads come in key-byte order, then start.
/// A put into a window that has expired but whose segment is still live is written (and never read), as Kafka Streams;
/// a put into an expired segment is skipped and counted as an expired-window-record drop.
/// </para>
/// </summary>
internal sealed class RocksDbSegmentedWindowBytesStore : IWindowBytesStore
{
    private readonly RocksDbSegmentedBytesStore _segments;
    private readonly int _suffixSize;
    private readonly long _liveOffset;
    private int _sequenceNumber;

    public RocksDbSegmentedWindowBytesStore(string name, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates, RocksDbOptions options, long? segmentIntervalMs = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowSizeMs); // 0: sliding windows of time difference 0, [t, t]
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPeriodMs, windowSizeMs);
        WindowSizeMs = windowSizeMs;
        RetainDuplicates = retainDuplicates;
        _suffixSize = WindowKeySchema.SuffixSize(retainDuplicates);
        _liveOffset = retainDuplicates ? 0 : 1;
        var suffixSize = _suffixSize;
        _segments = new RocksDbSegmentedBytesStore(
            name, retentionPeriodMs, segmentIntervalMs ?? RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(retentionPeriodMs), options,
            key => key.Length >= suffixSize ? WindowKeySchema.ReadTimestamp(key, suffixSize) : null);
    }

    /// <summary>Whether every put is kept under its own sequence number (join windows).</summary>
    public bool RetainDuplicates { get; }

    /// <summary>The segments, for tests.</summary>
    internal RocksDbSegmentedBytesStore Segments => _segments;

    public string Name => _segments.Name;

    public bool Persistent => true;

    public bool IsOpen => _segments.IsOpen;

    public long RetentionPeriodMs => _segments.RetentionPeriodMs;

    public long WindowSizeMs { get; }

    public void Init(IStateStoreContext context, IStateStore root) => _segments.Init(context, root);

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        if (RetainDuplicates && value is null)
        {
            return;
        }

        // Incremented for every non-null put, expired or not, in step with ChangeLoggingWindowBytesStore's own counter.
        _sequenceNumber = RetainDuplicates ? WindowKeySchema.NextSequenceNumber(_sequenceNumber) : 0;
        var storeKey = RetainDuplicates ? WindowKeySchema.ToStoreKey(key, windowStartMs, _sequenceNumber) : WindowKeySchema.ToStoreKey(key, windowStartMs);
        _segments.Put(storeKey, value, windowStartMs);
    }

    public byte[]? Fetch(ReadOnlySpan<byte> key, long windowStartMs)
    {
        if (IsExpired(windowStartMs))
        {
            return null;
        }

        if (RetainDuplicates)
        {
            // The first of the duplicates.
            using var duplicates = Fetch(key.ToArray(), windowStartMs, windowStartMs);
            return duplicates.MoveNext() ? duplicates.Current.Value : null;
        }

        Span<byte> storeKey = key.Length <= 248 ? stackalloc byte[key.Length + WindowKeySchema.TimestampSize] : new byte[key.Length + WindowKeySchema.TimestampSize];
        key.CopyTo(storeKey);
        WindowKeySchema.WriteTimestamp(storeKey[key.Length..], windowStartMs);
        return _segments.Get(storeKey, windowStartMs);
    }

    public IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var from = Math.Max(timeFromMs, EarliestLive());
        if (from > timeToMs)
        {
            return new EnumeratorIterator<long, byte[]>([], Name, () => IsOpen);
        }

        var range = RetainDuplicates
            ? _segments.Range(WindowKeySchema.ToStoreKey(key, from, 0), WindowKeySchema.ToStoreKey(key, timeToMs, -1), from, timeToMs)
            : _segments.Range(WindowKeySchema.ToStoreKey(key, from), WindowKeySchema.ToStoreKey(key, timeToMs), from, timeToMs);
        return new EnumeratorIterator<long, byte[]>(OfKey(range, key.Length + _suffixSize), Name, () => IsOpen);
    }

    /// <summary>In key-byte order, then start: the segments of the time range, merged, filtered by start.</summary>
    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var from = Math.Max(timeFromMs, EarliestLive());
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(Windows(_segments.Range(null, null, from, timeToMs), from, timeToMs), Name, () => IsOpen);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All()
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var from = EarliestLive();
        return new EnumeratorIterator<Windowed<byte[]>, byte[]>(Windows(_segments.Range(null, null, from, long.MaxValue), from, long.MaxValue), Name, () => IsOpen);
    }

    public void Flush() => _segments.Flush();

    public void Close() => _segments.Close();

    private long EarliestLive()
    {
        var observed = _segments.ObservedStreamTime;
        return observed == long.MinValue ? long.MinValue : observed - RetentionPeriodMs + _liveOffset;
    }

    private bool IsExpired(long windowStartMs) => windowStartMs < EarliestLive();

    private IEnumerable<KeyValuePair<long, byte[]>> OfKey(IKeyValueIterator<byte[], byte[]> range, int storeKeyLength)
    {
        using (range)
        {
            while (range.MoveNext())
            {
                var (k, v) = range.Current;
                if (k.Length == storeKeyLength)
                {
                    yield return new(WindowKeySchema.ReadTimestamp(k, _suffixSize), v);
                }
            }
        }
    }

    private IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> Windows(IKeyValueIterator<byte[], byte[]> range, long fromMs, long toMs)
    {
        using (range)
        {
            while (range.MoveNext())
            {
                var (k, v) = range.Current;
                if (k.Length < _suffixSize)
                {
                    continue;
                }

                var start = WindowKeySchema.ReadTimestamp(k, _suffixSize);
                if (start >= fromMs && start <= toMs)
                {
                    yield return new(new Windowed<byte[]>(WindowKeySchema.ExtractKey(k, _suffixSize), WindowKeySchema.WindowFor(start, WindowSizeMs)), v);
                }
            }
        }
    }
}
