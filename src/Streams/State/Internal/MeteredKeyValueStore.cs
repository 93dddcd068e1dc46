using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Streams.Internal;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The typed outer layer of a key-value store: serdes and operation counters, as Kafka Streams'
/// <c>MeteredKeyValueStore</c>. Serializes with the changelog topic name as the serde topic.
/// </summary>
internal class MeteredKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, TValue>
{
    private readonly IKeyValueBytesStore _inner;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private string _topic;
    private KeyValuePair<string, object?> _tag;

    public MeteredKeyValueStore(IKeyValueBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
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

    public long ApproximateNumEntries => _inner.ApproximateNumEntries;

    internal IKeyValueBytesStore Inner => _inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _topic = InternalTopicNames.Changelog(context.ApplicationId, Name);
        _inner.Init(context, root);
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        var bytes = _inner.Get(SerializeKey(key));
        if (bytes is null)
        {
            value = default;
            return false;
        }

        value = _valueSerde.Deserialize(bytes, false, new SerializationContext(MessageComponentType.Value, _topic))!;
        return true;
    }

    public TValue? Get(TKey key) => TryGet(key, out var v) ? v : default;

    public void Put(TKey key, TValue? value)
    {
        StreamsMetrics.StorePuts.Add(1, _tag);
        var bytes = value is null ? null : _valueSerde.Serialize(value, new SerializationContext(MessageComponentType.Value, _topic));
        _inner.Put(SerializeKey(key), bytes);
    }

    public void Delete(TKey key) => _inner.Delete(SerializeKey(key));

    public IKeyValueIterator<TKey, TValue> Range(TKey from, TKey to) =>
        Typed(_inner.Range(SerializeKey(from), SerializeKey(to)));

    public IKeyValueIterator<TKey, TValue> All() => Typed(_inner.Range(null, null));

    /// <summary>
    /// When a record cache sits below, routes what it flushes to <paramref name="listener"/> (key, new value,
    /// old value; default = absent) and returns true; the caller then forwards on flush instead of on every update.
    /// </summary>
    internal bool SetFlushListener(Action<TKey, TValue?, TValue?> listener)
    {
        if (_inner is not ICachingBytesStore caching)
        {
            return false;
        }

        caching.SetFlushListener((k, n, o) => listener(
            _keySerde.Deserialize(k, false, new SerializationContext(MessageComponentType.Key, _topic)),
            n is null ? default : _valueSerde.Deserialize(n, false, new SerializationContext(MessageComponentType.Value, _topic)),
            o is null ? default : _valueSerde.Deserialize(o, false, new SerializationContext(MessageComponentType.Value, _topic))));
        return true;
    }

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    private byte[] SerializeKey(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keySerde.Serialize(key, new SerializationContext(MessageComponentType.Key, _topic));
    }

    private IKeyValueIterator<TKey, TValue> Typed(IKeyValueIterator<byte[], byte[]> raw) =>
        new EnumeratorIterator<TKey, TValue>(Read(raw), Name, () => IsOpen);

    private IEnumerable<KeyValuePair<TKey, TValue>> Read(IKeyValueIterator<byte[], byte[]> raw)
    {
        using (raw)
        {
            while (raw.MoveNext())
            {
                var (k, v) = raw.Current;
                yield return new(
                    _keySerde.Deserialize(k, false, new SerializationContext(MessageComponentType.Key, _topic)),
                    _valueSerde.Deserialize(v, false, new SerializationContext(MessageComponentType.Value, _topic)));
            }
        }
    }
}

/// <summary>The timestamped variant: values are <see cref="ValueAndTimestamp{TValue}"/>.</summary>
internal sealed class MeteredTimestampedKeyValueStore<TKey, TValue>(IKeyValueBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : MeteredKeyValueStore<TKey, ValueAndTimestamp<TValue>>(inner, keySerde, new ValueAndTimestampSerde<TValue>(valueSerde)!), ITimestampedKeyValueStore<TKey, TValue>
{
}
