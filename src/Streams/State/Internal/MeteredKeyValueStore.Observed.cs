namespace Streams.State.Internal;

/// <summary>The push-query tap of the key-value store's top layer (see <see cref="IObservableKeyValueStore"/>).</summary>
internal partial class MeteredKeyValueStore<TKey, TValue> : IObservableKeyValueStore
{
    private protected volatile IStoreWriteSink? _writes;

    Type IObservableKeyValueStore.KeyType => typeof(TKey);

    Type IObservableKeyValueStore.ValueType => PlainValueType;

    private protected virtual Type PlainValueType => typeof(TValue);

    void IObservableKeyValueStore.ObserveWrites(IStoreWriteSink? sink) => _writes = sink;

    /// <summary>Taps a put: one volatile read and a branch when nobody observes.</summary>
    private void ObservePut(TKey key, TValue? value)
    {
        if (_writes is { IsObserved: true } writes)
        {
            Written(writes, key, value);
        }
    }

    private void ObserveDelete(TKey key)
    {
        if (_writes is { IsObserved: true } writes)
        {
            writes.Written(key!, null, deleted: true, timestamp: null);
        }
    }

    private protected virtual void Written(IStoreWriteSink sink, TKey key, TValue? value) => sink.Written(key!, value, value is null, null);
}

/// <summary>Timestamped stores push the plain value and the timestamp stored with it.</summary>
internal sealed partial class MeteredTimestampedKeyValueStore<TKey, TValue>
{
    private protected override Type PlainValueType => typeof(TValue);

    /// <summary>As a put of <c>new ValueAndTimestamp(value, timestampMs)</c> tells the observers.</summary>
    private void ObservePut(TKey key, TValue value, long timestampMs)
    {
        if (_writes is { IsObserved: true } writes)
        {
            writes.Written(key!, value, false, timestampMs);
        }
    }

    private protected override void Written(IStoreWriteSink sink, TKey key, ValueAndTimestamp<TValue>? value) =>
        sink.Written(key!, value is null ? null : value.Value, value is null, value?.TimestampMs);
}
