using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The typed outer layer of a key-value store: serdes and operation durations (<see cref="StoreOperationMetrics"/>),
/// as Kafka Streams' <c>MeteredKeyValueStore</c>. Serializes with the changelog topic name as the serde topic.
/// </summary>
internal partial class MeteredKeyValueStore<TKey, TValue>(IKeyValueBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : IKeyValueStore<TKey, TValue>
{
    private protected readonly StateSerdes<TKey, TValue> _serdes = new(inner.Name, keySerde, valueSerde);
    private protected readonly StoreOperationMetrics _metrics = new(inner.Name);

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    internal IKeyValueBytesStore Inner => inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        _metrics.Init(context.TaskId);
        inner.Init(context, root);
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        using var _ = _metrics.Measure(StoreOperation.Get);
        var bytes = inner.Get(_serdes.RawKey(key));
        if (bytes is null)
        {
            value = default;
            return false;
        }

        value = _serdes.ValueFrom(bytes)!;
        return true;
    }

    public TValue? Get(TKey key) => TryGet(key, out var v) ? v : default;

    public void Put(TKey key, TValue? value)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        inner.Put(_serdes.RawKey(key), _serdes.RawValue(value));
        ObservePut(key, value);
    }

    public void Delete(TKey key)
    {
        using var _ = _metrics.Measure(StoreOperation.Delete);
        inner.Delete(_serdes.RawKey(key));
        ObserveDelete(key);
    }

    public IKeyValueIterator<TKey, TValue> Range(TKey? from, TKey? to) => Typed(_metrics.Measure(StoreOperation.Range), inner.Range(RawBound(from), RawBound(to)));

    public IKeyValueIterator<TKey, TValue> ReverseRange(TKey? from, TKey? to) => Typed(_metrics.Measure(StoreOperation.Range), inner.ReverseRange(RawBound(from), RawBound(to)));

    public IKeyValueIterator<TKey, TValue> All() => Typed(_metrics.Measure(StoreOperation.All), inner.Range(null, null));

    public IKeyValueIterator<TKey, TValue> ReverseAll() => Typed(_metrics.Measure(StoreOperation.All), inner.ReverseRange(null, null));

    public IKeyValueIterator<TKey, TValue> PrefixScan<TPrefix>(TPrefix prefix, ISerializer<TPrefix> prefixKeySerializer)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(prefixKeySerializer);
        var timer = _metrics.Measure(StoreOperation.PrefixScan);
        var raw = prefixKeySerializer.Serialize(prefix, new SerializationContext(MessageComponentType.Key, _serdes.Topic))
            ?? throw new ArgumentException("The prefix serialized to null.", nameof(prefix));
        return Typed(timer, inner.PrefixScan(raw));
    }

    /// <summary>
    /// When a record cache sits below, routes what it flushes to <paramref name="listener"/> (key, new value,
    /// old value; default = absent) and returns true; the caller then forwards on flush instead of on every update.
    /// </summary>
    internal bool SetFlushListener(Action<TKey, TValue?, TValue?> listener)
    {
        if (inner is not ICachingBytesStore caching)
        {
            return false;
        }

        caching.SetFlushListener((k, n, o) => listener(_serdes.KeyFrom(k), n is null ? default : _serdes.ValueFrom(n), o is null ? default : _serdes.ValueFrom(o)));
        return true;
    }

    /// <summary>
    /// As <see cref="SetFlushListener(Action{TKey, TValue, TValue})"/>, the listener also receiving the timestamp (-1 when
    /// unknown) and headers (those given to <see cref="Put(TKey, TValue, Headers)"/>, else null) of the record that wrote
    /// the entry; false when the store has no cache.
    /// </summary>
    internal bool SetFlushListener(Action<TKey, TValue?, TValue?, long, Headers?> listener)
    {
        if (inner is not CachingKeyValueBytesStore caching)
        {
            return false;
        }

        caching.SetFlushListener((k, n, o, t, h) => listener(_serdes.KeyFrom(k), n is null ? default : _serdes.ValueFrom(n), o is null ? default : _serdes.ValueFrom(o), t, h));
        return true;
    }

    /// <summary>A put whose record headers a record cache keeps for its flush listener (as Kafka Streams' cache entry context).</summary>
    internal void Put(TKey key, TValue? value, Headers? headers)
    {
        if (inner is not CachingKeyValueBytesStore caching)
        {
            Put(key, value);
            return;
        }

        using var _ = _metrics.Measure(StoreOperation.Put);
        caching.Put(_serdes.RawKey(key), _serdes.RawValue(value), headers);
        ObservePut(key, value);
    }

    public void Flush()
    {
        using var _ = _metrics.Measure(StoreOperation.Flush);
        inner.Flush();
    }

    public void Close() => inner.Close();

    private byte[]? RawBound(TKey? key) => key is null ? null : _serdes.RawKey(key);

    private EnumeratorIterator<TKey, TValue> Typed(StoreOperationTimer timer, IKeyValueIterator<byte[], byte[]> raw) => new(Read(raw), Name, () => IsOpen, timer);

    private IEnumerable<KeyValuePair<TKey, TValue>> Read(IKeyValueIterator<byte[], byte[]> raw)
    {
        using (raw)
        {
            while (raw.MoveNext())
            {
                yield return new(_serdes.KeyFrom(raw.Current.Key), _serdes.ValueFrom(raw.Current.Value));
            }
        }
    }
}

/// <summary>The timestamped variant: values are <see cref="ValueAndTimestamp{TValue}"/>.</summary>
internal sealed partial class MeteredTimestampedKeyValueStore<TKey, TValue>(IKeyValueBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : MeteredKeyValueStore<TKey, ValueAndTimestamp<TValue>>(inner, keySerde, new ValueAndTimestampSerde<TValue>(valueSerde)!), ITimestampedKeyValueStore<TKey, TValue>
{
    /// <summary>Serializes a key once for a <see cref="TryGetParts"/> and <see cref="PutParts"/> pair (an aggregation's per-record update).</summary>
    internal byte[] RawKey(TKey key) => _serdes.RawKey(key);

    /// <summary>
    /// <see cref="MeteredKeyValueStore{TKey, TValue}.TryGet"/> without the <see cref="ValueAndTimestamp{TValue}"/> object: the
    /// stored value and its timestamp, read from the same bytes (<see cref="ValueAndTimestampSerde{TValue}"/>'s layout).
    /// </summary>
    /// <returns>False when the key holds no value.</returns>
    internal bool TryGetParts(byte[] rawKey, out TValue value, out long timestampMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Get);
        return ValueAndTimestampSerde<TValue>.TryDeserializeParts(valueSerde, Inner.Get(rawKey), new SerializationContext(MessageComponentType.Value, _serdes.Topic), out value, out timestampMs);
    }

    /// <summary>
    /// The put of <c>new ValueAndTimestamp(value, timestampMs)</c> under <paramref name="key"/> (serialized as
    /// <paramref name="rawKey"/>) without that object: the same bytes, the headers kept by a record cache for its flush
    /// listener, and the same write observers as <see cref="MeteredKeyValueStore{TKey, TValue}.Put(TKey, TValue)"/>.
    /// </summary>
    internal void PutParts(TKey key, byte[] rawKey, TValue value, long timestampMs, Headers? headers)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        var bytes = ValueAndTimestampSerde<TValue>.SerializeParts(valueSerde, value, timestampMs, new SerializationContext(MessageComponentType.Value, _serdes.Topic));
        if (Inner is CachingKeyValueBytesStore caching)
        {
            caching.Put(rawKey, bytes, headers);
        }
        else
        {
            Inner.Put(rawKey, bytes);
        }

        ObservePut(key, value, timestampMs);
    }
}
