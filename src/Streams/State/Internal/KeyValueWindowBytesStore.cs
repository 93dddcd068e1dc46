using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// A window bytes store laid over a key-value bytes store (in memory or RocksDB) with
/// <see cref="WindowKeySchema"/> keys. Expiry follows Kafka Streams' window stores: a window whose start
/// is at or before <c>observedStreamTime - retention</c> is expired; expired windows are purged in bulk
/// once stream time has moved half a retention period past the last purge.
/// </summary>
internal sealed class KeyValueWindowBytesStore : IWindowBytesStore
{
    private readonly IKeyValueBytesStore _inner;
    private long _observedStreamTime = long.MinValue;
    private long _lastPurge = long.MinValue;

    public KeyValueWindowBytesStore(IKeyValueBytesStore inner, long retentionPeriodMs, long windowSizeMs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSizeMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPeriodMs, windowSizeMs);
        _inner = inner;
        RetentionPeriodMs = retentionPeriodMs;
        WindowSizeMs = windowSizeMs;
    }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    public long RetentionPeriodMs { get; }

    public long WindowSizeMs { get; }

    public void Init(IStateStoreContext context, IStateStore root) => _inner.Init(context, root);

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        if (windowStartMs > _observedStreamTime)
        {
            _observedStreamTime = windowStartMs;
        }

        if (IsExpired(windowStartMs))
        {
            return;
        }

        _inner.Put(WindowKeySchema.ToStoreKey(key, windowStartMs), value);
        PurgeIfDue();
    }

    public byte[]? Fetch(ReadOnlySpan<byte> key, long windowStartMs)
    {
        if (IsExpired(windowStartMs))
        {
            return null;
        }

        Span<byte> storeKey = key.Length <= 248 ? stackalloc byte[key.Length + WindowKeySchema.TimestampSize] : new byte[key.Length + WindowKeySchema.TimestampSize];
        key.CopyTo(storeKey);
        WindowKeySchema.WriteTimestamp(storeKey[key.Length..], windowStartMs);
        return _inner.Get(storeKey);
    }

    public IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        var from = Math.Max(timeFromMs, EarliestLive());
        var range = _inner.Range(WindowKeySchema.ToStoreKey(key, from), WindowKeySchema.ToStoreKey(key, timeToMs));
        return new EnumeratorIterator<long, byte[]>(FetchKey(range, key.Length), Name, () => IsOpen);
    }

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs) =>
        new EnumeratorIterator<Windowed<byte[]>, byte[]>(Scan(Math.Max(timeFromMs, EarliestLive()), timeToMs), Name, () => IsOpen);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All() => FetchAll(long.MinValue, long.MaxValue);

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    private long EarliestLive() =>
        _observedStreamTime == long.MinValue ? long.MinValue : _observedStreamTime - RetentionPeriodMs + 1;

    private bool IsExpired(long windowStartMs) => windowStartMs < EarliestLive();

    private static IEnumerable<KeyValuePair<long, byte[]>> FetchKey(IKeyValueIterator<byte[], byte[]> range, int keyLength)
    {
        using (range)
        {
            while (range.MoveNext())
            {
                var (k, v) = range.Current;
                if (k.Length == keyLength + WindowKeySchema.TimestampSize)
                {
                    yield return new(WindowKeySchema.ReadTimestamp(k), v);
                }
            }
        }
    }

    private IEnumerable<KeyValuePair<Windowed<byte[]>, byte[]>> Scan(long fromMs, long toMs)
    {
        using var all = _inner.Range(null, null);
        while (all.MoveNext())
        {
            var (k, v) = all.Current;
            if (k.Length < WindowKeySchema.TimestampSize)
            {
                continue;
            }

            var start = WindowKeySchema.ReadTimestamp(k);
            if (start >= fromMs && start <= toMs)
            {
                yield return new(new Windowed<byte[]>(WindowKeySchema.ExtractKey(k), new Window(start, start + WindowSizeMs)), v);
            }
        }
    }

    private void PurgeIfDue()
    {
        if (_lastPurge != long.MinValue && _observedStreamTime - _lastPurge < RetentionPeriodMs / 2)
        {
            return;
        }

        if (_lastPurge == long.MinValue)
        {
            _lastPurge = _observedStreamTime;
            return;
        }

        _lastPurge = _observedStreamTime;
        var earliest = EarliestLive();
        var expired = new List<KeyValuePair<byte[], byte[]?>>();
        using (var all = _inner.Range(null, null))
        {
            while (all.MoveNext())
            {
                var k = all.Current.Key;
                if (k.Length >= WindowKeySchema.TimestampSize && WindowKeySchema.ReadTimestamp(k) < earliest)
                {
                    expired.Add(new(k, null));
                }
            }
        }

        if (expired.Count > 0)
        {
            _inner.PutAll(expired);
        }
    }
}
