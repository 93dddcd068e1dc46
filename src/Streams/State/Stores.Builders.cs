using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.State;

/// <summary>Store builders for the Processor API, as Kafka Streams' <c>Stores.keyValueStoreBuilder</c> and siblings.</summary>
public static partial class Stores
{
    /// <summary>A key-value store builder, as Kafka Streams' <c>Stores.keyValueStoreBuilder</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="supplier">Supplies the bytes store (its name names the store), e.g. <see cref="InMemoryKeyValueStore"/>.</param>
    /// <param name="keySerde">Serializes keys.</param>
    /// <param name="valueSerde">Serializes values.</param>
    /// <returns>The builder (changelog on, cache off).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static StoreBuilder<IKeyValueStore<TKey, TValue>> KeyValueStoreBuilder<TKey, TValue>(
        IKeyValueBytesStoreSupplier supplier, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        return new(supplier.Name, "KeyValue", (build, logging, caching) =>
            StoreLayers.KeyValue(supplier.Get(), logging, caching ? build.Cache : null, bytes => new MeteredKeyValueStore<TKey, TValue>(bytes, keySerde, valueSerde)));
    }

    /// <summary>A key-value store builder whose values carry a timestamp, as Kafka Streams' <c>Stores.timestampedKeyValueStoreBuilder</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (without timestamp).</typeparam>
    /// <param name="supplier">Supplies the bytes store (its name names the store).</param>
    /// <param name="keySerde">Serializes keys.</param>
    /// <param name="valueSerde">Serializes values.</param>
    /// <returns>The builder (changelog on, cache off).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static StoreBuilder<ITimestampedKeyValueStore<TKey, TValue>> TimestampedKeyValueStoreBuilder<TKey, TValue>(
        IKeyValueBytesStoreSupplier supplier, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        return new(supplier.Name, "KeyValue", (build, logging, caching) =>
            StoreLayers.KeyValue(supplier.Get(), logging, caching ? build.Cache : null, bytes => new MeteredTimestampedKeyValueStore<TKey, TValue>(bytes, keySerde, valueSerde)));
    }

}
