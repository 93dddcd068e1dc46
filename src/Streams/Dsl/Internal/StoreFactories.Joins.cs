using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

internal static partial class StoreFactories
{
    /// <summary>
    /// One side's window store of a stream-stream join, as Kafka Streams' <c>StreamJoinedStoreFactory</c>: retains duplicates,
    /// retention = size + grace, window size = before + after, never cached, changelogged unless disabled.
    /// </summary>
    public static StoreFactory JoinWindow<TKey, TValue>(
        string name, IWindowBytesStoreSupplier? supplier, IDslStoreSuppliers? dslStoreSuppliers, JoinWindows windows, bool loggingEnabled, ISerde<TKey> keySerde, ISerde<TValue> valueSerde,
        IReadOnlyDictionary<string, string>? loggingConfigs = null) =>
        new(name, "Window", loggingEnabled, build =>
        {
            var windowStores = supplier ?? (dslStoreSuppliers ?? build.Suppliers).WindowStore(name, windows.SizeMs + windows.GraceMs, windows.SizeMs, retainDuplicates: true);
            return StoreLayers.Window(windowStores.Get(), loggingEnabled, cache: null, bytes => new MeteredWindowStore<TKey, TValue>(bytes, keySerde, valueSerde), retainDuplicates: true);
        })
        {
            RetentionMs = supplier?.RetentionPeriodMs ?? windows.SizeMs + windows.GraceMs,
            LoggingConfigs = loggingConfigs,
        };

    /// <summary>
    /// The outer store shared by both sides of a left or outer stream-stream join, as Kafka Streams' <c>OuterStreamJoinStoreFactory</c>:
    /// a list-value key-value store keyed by timestamp, side and key, never cached, changelogged unless disabled. Its kind follows
    /// the join's explicit <see cref="IDslStoreSuppliers"/>, else an in-memory this-side supplier, else the application's default.
    /// </summary>
    public static StoreFactory OuterJoin<TKey, TLeft, TRight>(
        string name, IWindowBytesStoreSupplier? thisSupplier, IDslStoreSuppliers? dslStoreSuppliers, bool loggingEnabled,
        ISerde<TKey> keySerde, ISerde<TLeft> leftSerde, ISerde<TRight> rightSerde, IReadOnlyDictionary<string, string>? loggingConfigs = null) =>
        new(name, "KeyValue", loggingEnabled, build =>
        {
            var keyValueStores = dslStoreSuppliers is null && thisSupplier is InMemoryWindowBytesStoreSupplier
                ? Stores.InMemoryKeyValueStore(name)
                : (dslStoreSuppliers ?? build.Suppliers).KeyValueStore(name);
            return StoreLayers.KeyValue(
                keyValueStores.Get(),
                loggingEnabled,
                cache: null,
                bytes => new MeteredKeyValueStore<TimestampedKeyAndJoinSide<TKey>, LeftOrRightValue<TLeft, TRight>>(
                    new ListValueKeyValueBytesStore(bytes), new TimestampedKeyAndJoinSideSerde<TKey>(keySerde), new LeftOrRightValueSerde<TLeft, TRight>(leftSerde, rightSerde)));
        })
        {
            LoggingConfigs = loggingConfigs,
        };
}
