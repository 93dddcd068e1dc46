using Streams.Internal;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The typed outer layer of a versioned key-value store: serdes and operation counters, as Kafka Streams'
/// <c>MeteredVersionedKeyValueStore</c>. Serializes with the changelog topic name as the serde topic.
/// </summary>
internal sealed class MeteredVersionedKeyValueStore<TKey, TValue>(IVersionedBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : IVersionedKeyValueStore<TKey, TValue>
{
    private readonly StateSerdes<TKey, TValue> _serdes = new(inner.Name, keySerde, valueSerde);
    private readonly KeyValuePair<string, object?> _tag = new("store", inner.Name);

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long HistoryRetentionMs => inner.HistoryRetentionMs;

    internal IVersionedBytesStore Inner => inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        inner.Init(context, root);
    }

    public long Put(TKey key, TValue? value, long timestampMs)
    {
        StreamsMetrics.StorePuts.Add(1, _tag);
        return inner.Put(_serdes.RawKey(key), _serdes.RawValue(value), timestampMs);
    }

    public VersionedRecord<TValue>? Delete(TKey key, long timestampMs) => Typed(inner.Delete(_serdes.RawKey(key), timestampMs));

    public VersionedRecord<TValue>? Get(TKey key)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        return Typed(inner.Get(_serdes.RawKey(key)));
    }

    public VersionedRecord<TValue>? Get(TKey key, long asOfTimestampMs)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        return Typed(inner.Get(_serdes.RawKey(key), asOfTimestampMs));
    }

    public IReadOnlyList<VersionedRecord<TValue>> GetVersions(TKey key, long fromTimestampMs, long toTimestampMs, ResultOrder order = ResultOrder.Any)
    {
        StreamsMetrics.StoreGets.Add(1, _tag);
        return inner.GetVersions(_serdes.RawKey(key), fromTimestampMs, toTimestampMs, order).Select(r => Typed(r)!).ToList();
    }

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private VersionedRecord<TValue>? Typed(VersionedRecord<byte[]>? raw) =>
        raw is null ? null : new VersionedRecord<TValue>(_serdes.ValueFrom(raw.Value), raw.TimestampMs, raw.ValidToMs);
}
