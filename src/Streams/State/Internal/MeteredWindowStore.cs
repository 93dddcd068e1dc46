using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The typed outer layer of a window store: serdes and operation durations (<see cref="StoreOperationMetrics"/>:
/// put, fetch for every read, flush), as Kafka Streams' <c>MeteredWindowStore</c>.
/// </summary>
internal class MeteredWindowStore<TKey, TValue>(IWindowBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : IWindowStore<TKey, TValue>
{
    private protected readonly StateSerdes<TKey, TValue> _serdes = new(inner.Name, keySerde, valueSerde);
    private protected readonly StoreOperationMetrics _metrics = new(inner.Name);

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    internal IWindowBytesStore Inner => inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        _metrics.Init(context.TaskId);
        inner.Init(context, root);
    }

    public void Put(TKey key, TValue? value, long windowStartMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        inner.Put(_serdes.RawKey(key), _serdes.RawValue(value), windowStartMs);
    }

    /// <summary>Serializes a key once for several fetches and puts (a windowed aggregation's per-record update, see <see cref="MeteredTimestampedWindowStore{TKey, TValue}.TryFetchParts"/>).</summary>
    internal byte[] RawKey(TKey key) => _serdes.RawKey(key);

    public TValue? Fetch(TKey key, long windowStartMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Fetch);
        var bytes = inner.Fetch(_serdes.RawKey(key), windowStartMs);
        return bytes is null ? default : _serdes.ValueFrom(bytes);
    }

    public IKeyValueIterator<long, TValue> Fetch(TKey key, long timeFromMs, long timeToMs) =>
        TimesIterator(_metrics.Measure(StoreOperation.Fetch), inner.Fetch(_serdes.RawKey(key), timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(long timeFromMs, long timeToMs) =>
        WindowedIterator(_metrics.Measure(StoreOperation.Fetch), inner.FetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> All() =>
        WindowedIterator(_metrics.Measure(StoreOperation.Fetch), inner.All());

    public IKeyValueIterator<Windowed<TKey>, TValue> Fetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        WindowedIterator(_metrics.Measure(StoreOperation.Fetch), inner.Fetch(RawBound(keyFrom), RawBound(keyTo), timeFromMs, timeToMs));

    public IKeyValueIterator<long, TValue> BackwardFetch(TKey key, long timeFromMs, long timeToMs) =>
        TimesIterator(_metrics.Measure(StoreOperation.Fetch), inner.BackwardFetch(_serdes.RawKey(key), timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetch(TKey? keyFrom, TKey? keyTo, long timeFromMs, long timeToMs) =>
        WindowedIterator(_metrics.Measure(StoreOperation.Fetch), inner.BackwardFetch(RawBound(keyFrom), RawBound(keyTo), timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs) =>
        WindowedIterator(_metrics.Measure(StoreOperation.Fetch), inner.BackwardFetchAll(timeFromMs, timeToMs));

    public IKeyValueIterator<Windowed<TKey>, TValue> BackwardAll() =>
        WindowedIterator(_metrics.Measure(StoreOperation.Fetch), inner.BackwardAll());

    /// <summary>
    /// When a record cache sits below, routes what it flushes to <paramref name="listener"/> (windowed key, new
    /// value, old value; default = absent) and returns true; the caller then forwards on flush only.
    /// </summary>
    /// <param name="listener">Receives each flushed window.</param>
    /// <param name="sendOldValues">
    /// False when no reader needs the old value (Kafka Streams' <c>sendOldValues</c> off): the cache then forwards no old
    /// value and saves the inner store lookup per flushed window.
    /// </param>
    internal bool SetFlushListener(Action<Windowed<TKey>, TValue?, TValue?> listener, bool sendOldValues = true)
    {
        if (inner is not ICachingBytesStore caching)
        {
            return false;
        }

        if (caching is CachingWindowBytesStore window)
        {
            window.SendOldValues = sendOldValues;
        }

        var size = inner.WindowSizeMs;
        caching.SetFlushListener((storeKey, n, o) =>
        {
            var start = WindowKeySchema.ReadTimestamp(storeKey);
            var key = _serdes.KeyFrom(storeKey.AsSpan(0, storeKey.Length - WindowKeySchema.TimestampSize));
            listener(new Windowed<TKey>(key, WindowKeySchema.WindowFor(start, size)), n is null ? default : _serdes.ValueFrom(n), o is null ? default : _serdes.ValueFrom(o));
        });
        return true;
    }

    public void Flush()
    {
        using var _ = _metrics.Measure(StoreOperation.Flush);
        inner.Flush();
    }

    public void Close() => inner.Close();

    private byte[]? RawBound(TKey? key) => key is null ? null : _serdes.RawKey(key);

    private EnumeratorIterator<long, TValue> TimesIterator(StoreOperationTimer timer, IKeyValueIterator<long, byte[]> raw) => new(ReadTimes(raw), Name, () => IsOpen, timer);

    private EnumeratorIterator<Windowed<TKey>, TValue> WindowedIterator(StoreOperationTimer timer, IKeyValueIterator<Windowed<byte[]>, byte[]> raw) =>
        new(ReadWindowed(raw), Name, () => IsOpen, timer);

    private IEnumerable<KeyValuePair<long, TValue>> ReadTimes(IKeyValueIterator<long, byte[]> raw)
    {
        using (raw)
        {
            while (raw.MoveNext())
            {
                yield return new(raw.Current.Key, _serdes.ValueFrom(raw.Current.Value));
            }
        }
    }

    private IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> ReadWindowed(IKeyValueIterator<Windowed<byte[]>, byte[]> raw)
    {
        using (raw)
        {
            while (raw.MoveNext())
            {
                var (wk, v) = raw.Current;
                yield return new(new Windowed<TKey>(_serdes.KeyFrom(wk.Key), wk.Window), _serdes.ValueFrom(v));
            }
        }
    }
}

/// <summary>The timestamped variant: values are <see cref="ValueAndTimestamp{TValue}"/>.</summary>
internal sealed class MeteredTimestampedWindowStore<TKey, TValue>(IWindowBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : MeteredWindowStore<TKey, ValueAndTimestamp<TValue>>(inner, keySerde, new ValueAndTimestampSerde<TValue>(valueSerde)!), ITimestampedWindowStore<TKey, TValue>
{
    /// <summary>
    /// <see cref="MeteredWindowStore{TKey, TValue}.Fetch(TKey, long)"/> with the key serialized by <see cref="MeteredWindowStore{TKey, TValue}.RawKey"/> and without the <see cref="ValueAndTimestamp{TValue}"/> object: the
    /// stored value and its timestamp, read from the same bytes (<see cref="ValueAndTimestampSerde{TValue}"/>'s layout). A
    /// windowed aggregation's per-record read.
    /// </summary>
    /// <returns>False when the window holds no value.</returns>
    internal bool TryFetchParts(byte[] rawKey, long windowStartMs, out TValue value, out long timestampMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Fetch);
        return ValueAndTimestampSerde<TValue>.TryDeserializeParts(valueSerde, Inner.Fetch(rawKey, windowStartMs), new SerializationContext(MessageComponentType.Value, _serdes.Topic), out value, out timestampMs);
    }

    /// <summary>
    /// <see cref="MeteredWindowStore{TKey, TValue}.Put"/> of <c>new ValueAndTimestamp(value, timestampMs)</c> with the key serialized by <see cref="MeteredWindowStore{TKey, TValue}.RawKey"/>, without that
    /// object: the same bytes (a null serialized value deletes the window, as there).
    /// </summary>
    internal void PutParts(byte[] rawKey, TValue value, long timestampMs, long windowStartMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        Inner.Put(rawKey, ValueAndTimestampSerde<TValue>.SerializeParts(valueSerde, value, timestampMs, new SerializationContext(MessageComponentType.Value, _serdes.Topic)), windowStartMs);
    }
}
