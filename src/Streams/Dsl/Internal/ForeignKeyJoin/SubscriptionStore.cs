using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The subscription store of a foreign-key join, as Kafka Streams' <c>SubscriptionStoreFactory</c>: a timestamped
/// key-value store from <see cref="CombinedKey{TForeignKey, TKey}"/> bytes to the latest subscription, with a
/// changelog and no record cache, built from the runtime's DSL store suppliers. Written by
/// <see cref="SubscriptionReceiveProcessor{TKey, TForeignKey}"/>, prefix-scanned by
/// <see cref="ForeignTableJoinProcessor{TKey, TForeignKey, TOtherValue}"/>.
/// </summary>
internal static class SubscriptionStore
{
    public static StoreFactory Factory<TKey>(string name, ISerde<SubscriptionWrapper<TKey>> wrapperSerde) =>
        StoreFactories.TimestampedKeyValue(name, new Materialized<byte[], SubscriptionWrapper<TKey>> { CachingEnabled = false }, Serdes.ByteArray!, wrapperSerde);

    /// <summary>
    /// A prefix scan over the subscription store for one processor: returns the subscriptions whose key starts with
    /// the given prefix, in key order, read through the bytes store's prefix scan (read fully before they are
    /// returned, so the caller may forward while the store changes). The store must be the one <see cref="Factory"/>
    /// builds (metered over bytes).
    /// </summary>
    public static Func<byte[], List<(byte[] Key, SubscriptionWrapper<TKey> Subscription)>> Scanner<TKey>(
        IProcessorContext context, string storeName, ISerde<SubscriptionWrapper<TKey>> wrapperSerde)
    {
        var store = context.GetStateStore<ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>>>(storeName);
        if (store is not MeteredKeyValueStore<byte[], ValueAndTimestamp<SubscriptionWrapper<TKey>>> metered)
        {
            throw new InvalidOperationException($"Subscription store '{storeName}' is not a metered bytes store; it cannot be prefix-scanned.");
        }

        var values = new ValueAndTimestampSerde<SubscriptionWrapper<TKey>>(wrapperSerde);
        var valueContext = new SerializationContext(MessageComponentType.Value, InternalTopicNames.Changelog(context.ApplicationId, storeName));
        return prefix =>
        {
            var result = new List<(byte[], SubscriptionWrapper<TKey>)>();
            using var iterator = metered.Inner.PrefixScan(prefix);
            while (iterator.MoveNext())
            {
                var (key, value) = iterator.Current;
                result.Add((key, values.Deserialize(value, false, valueContext)!.Value));
            }

            return result;
        };
    }
}
