using Confluent.Kafka;
using Streams.Dsl;
using Streams.Internal;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>The typed outer layer of a window store, as Kafka Streams' <c>MeteredWindowStore</c>.</summary>
internal class MeteredWindowStore<TKey, TValue> : IWindowStore<TKey, TValue>
{
    private readonly IWindowBytesStore _inner;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private string _topic;
    private KeyValuePair<string, object?> _tag;

    public MeteredWindowStore(IWindowBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        _inner = inner;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _topic = inner.Name;
        _tag = new("store", inner.Name);
    }

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    internal IWindowBytesStore Inner => _inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _topic = InternalTopicNames.Changelog(context.ApplicationId, Name);
        _inner.Init(context, root);
    }

    public void Put(TKey key, TValue? value, long windowStartMs)
    {
        StreamsMetrics.StorePuts.Add(1, _tag);
        var bytes = value is null ? null : _valueSerde.Serialize(value, new SerializationContext(MessageComponentType.Value, _topic));
        _inner.Put(SerializeKey(key), bytes, windowStartMs);
    }

    public TValue? Fetch(TKey key, long windowStartMs)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        var bytes = _inner.Fetch(SerializeKey(key), windowStartMs);
        return bytes is null ? default : DeserializeValue(bytes);
    }

    public IKeyValueIterator<long, TValue> Fetch(TKey key, long timeFromMs, long timeToMs) =>
        new EnumeratorIterator<long, TValue>(ReadTimes(_inner.Fetch(SerializeKey(key), timeFromMs, timeToMs)), Name, () => IsOpen);

    public IKeyValueIterator<Windowed<TKey>, TValue> FetchAll(long timeFromMs, long timeToMs) =>
        new EnumeratorIterator<Windowed<TKey>, TValue>(ReadWindowed(_inner.FetchAll(timeFromMs, timeToMs)), Name, () => IsOpen);

    public IKeyValueIterator<Windowed<TKey>, TValue> All() =>
        new EnumeratorIterator<Windowed<TKey>, TValue>(ReadWindowed(_inner.All()), Name, () => IsOpen);

    /// <summary>
    /// When a record cache sits below, routes what it flushes to <paramref name="listener"/> (windowed key, new
    /// value, old value; default = absent) and returns true; the caller then forwards on flush only.
    /// </summary>
    internal bool SetFlushListener(Action<Windowed<TKey>, TValue?, TValue?> listener)
    {
        if (_inner is not ICachingBytesStore caching)
        {
            return false;
        }

        var size = _inner.WindowSizeMs;
        caching.SetFlushListener((storeKey, n, o) =>
        {
            var start = WindowKeySchema.ReadTimestamp(storeKey);
            var key = _keySerde.Deserialize(storeKey.AsSpan(0, storeKey.Length - WindowKeySchema.TimestampSize), false, new SerializationContext(MessageComponentType.Key, _topic));
            listener(new Windowed<TKey>(key, new Window(start, start + size)), n is null ? default : DeserializeValue(n), o is null ? default : DeserializeValue(o));
        });
        return true;
    }

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    private byte[] SerializeKey(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keySerde.Serialize(key, new SerializationContext(MessageComponentType.Key, _topic));
    }

    private TValue DeserializeValue(byte[] bytes) =>
        _valueSerde.Deserialize(bytes, false, new SerializationContext(MessageComponentType.Value, _topic));

    private IEnumerable<KeyValuePair<long, TValue>> ReadTimes(IKeyValueIterator<long, byte[]> raw)
    {
        using (raw)
        {
            while (raw.MoveNext())
            {
                yield return new(raw.Current.Key, DeserializeValue(raw.Current.Value));
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
                var key = _keySerde.Deserialize(wk.Key, false, new SerializationContext(MessageComponentType.Key, _topic));
                yield return new(new Windowed<TKey>(key, wk.Window), DeserializeValue(v));
            }
        }
    }
}

/// <summary>The timestamped variant: values are <see cref="ValueAndTimestamp{TValue}"/>.</summary>
internal sealed class MeteredTimestampedWindowStore<TKey, TValue>(IWindowBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : MeteredWindowStore<TKey, ValueAndTimestamp<TValue>>(inner, keySerde, new ValueAndTimestampSerde<TValue>(valueSerde)!), ITimestampedWindowStore<TKey, TValue>
{
}
