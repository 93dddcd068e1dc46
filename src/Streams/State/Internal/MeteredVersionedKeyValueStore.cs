using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The typed outer layer of a versioned key-value store: serdes and operation durations
/// (<see cref="StoreOperationMetrics"/>: put, delete, get for every read, flush), as Kafka Streams'
/// <c>MeteredVersionedKeyValueStore</c>. Serializes with the changelog topic name as the serde topic.
/// </summary>
internal sealed class MeteredVersionedKeyValueStore<TKey, TValue>(IVersionedBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : IVersionedKeyValueStore<TKey, TValue>
{
    private readonly StateSerdes<TKey, TValue> _serdes = new(inner.Name, keySerde, valueSerde);
    private readonly StoreOperationMetrics _metrics = new(inner.Name);

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long HistoryRetentionMs => inner.HistoryRetentionMs;

    internal IVersionedBytesStore Inner => inner;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        _metrics.Init(context.TaskId);
        inner.Init(context, root);
    }

    public long Put(TKey key, TValue? value, long timestampMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        return inner.Put(_serdes.RawKey(key), _serdes.RawValue(value), timestampMs);
    }

    /// <summary>
    /// Puts a tombstone version with <see cref="Put"/>'s return codes (a null value of a value type cannot be passed to
    /// <see cref="Put"/>): what a source table does with a <see cref="Processor.Record{TKey, TValue}.IsTombstone"/> record.
    /// </summary>
    public long PutTombstone(TKey key, long timestampMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Put);
        return inner.Put(_serdes.RawKey(key), null, timestampMs);
    }

    public VersionedRecord<TValue>? Delete(TKey key, long timestampMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Delete);
        return Typed(inner.Delete(_serdes.RawKey(key), timestampMs));
    }

    public VersionedRecord<TValue>? Get(TKey key)
    {
        using var _ = _metrics.Measure(StoreOperation.Get);
        return Typed(inner.Get(_serdes.RawKey(key)));
    }

    public VersionedRecord<TValue>? Get(TKey key, long asOfTimestampMs)
    {
        using var _ = _metrics.Measure(StoreOperation.Get);
        return Typed(inner.Get(_serdes.RawKey(key), asOfTimestampMs));
    }

    public IReadOnlyList<VersionedRecord<TValue>> GetVersions(TKey key, long fromTimestampMs, long toTimestampMs, ResultOrder order = ResultOrder.Any)
    {
        using var _ = _metrics.Measure(StoreOperation.Get);
        return inner.GetVersions(_serdes.RawKey(key), fromTimestampMs, toTimestampMs, order).Select(r => Typed(r)!).ToList();
    }

    public void Flush()
    {
        using var _ = _metrics.Measure(StoreOperation.Flush);
        inner.Flush();
    }

    public void Close() => inner.Close();

    private VersionedRecord<TValue>? Typed(VersionedRecord<byte[]>? raw) =>
        raw is null ? null : new VersionedRecord<TValue>(_serdes.ValueFrom(raw.Value), raw.TimestampMs, raw.ValidToMs);
}
