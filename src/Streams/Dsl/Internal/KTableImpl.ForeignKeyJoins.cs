using Streams.Dsl.Internal.ForeignKeyJoin;
using Streams.Dsl.Internal.Graph;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Foreign-key joins (KIP-213), as Kafka Streams' <c>KTableImpl#doJoinOnForeignKey</c>: the left table's changes
/// become subscriptions through the subscription topic (co-partitioned with the right table), the right side
/// answers through the response topic (co-partitioned with the left table), and the left side resolves the
/// answers against its current values into the result table.
/// </summary>
internal sealed partial class KTableImpl<TKey, TValue>
{
    public IKTable<TKey, TOut> Join<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other, Func<TValue, TForeignKey> foreignKeyExtractor, Func<TValue, TOtherValue, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        ArgumentNullException.ThrowIfNull(joiner);
        return DoJoinOnForeignKey<TForeignKey, TOtherValue, TOut>(other, (_, v) => foreignKeyExtractor(v), (v, o) => joiner(v, o!), tableJoined, materialized, leftJoin: false);
    }

    public IKTable<TKey, TOut> Join<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other, Func<TKey, TValue, TForeignKey> foreignKeyExtractor, Func<TValue, TOtherValue, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoJoinOnForeignKey<TForeignKey, TOtherValue, TOut>(other, foreignKeyExtractor, (v, o) => joiner(v, o!), tableJoined, materialized, leftJoin: false);
    }

    public IKTable<TKey, TOut> LeftJoin<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other, Func<TValue, TForeignKey> foreignKeyExtractor, Func<TValue, TOtherValue?, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        return DoJoinOnForeignKey(other, (_, v) => foreignKeyExtractor(v), joiner, tableJoined, materialized, leftJoin: true);
    }

    public IKTable<TKey, TOut> LeftJoin<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other, Func<TKey, TValue, TForeignKey> foreignKeyExtractor, Func<TValue, TOtherValue?, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TOut>? materialized = null) =>
        DoJoinOnForeignKey(other, foreignKeyExtractor, joiner, tableJoined, materialized, leftJoin: true);

    private KTableImpl<TKey, TOut> DoJoinOnForeignKey<TForeignKey, TOtherValue, TOut>(
        IKTable<TForeignKey, TOtherValue> other, Func<TKey, TValue, TForeignKey> foreignKeyExtractor, Func<TValue, TOtherValue?, TOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined, Materialized<TKey, TOut>? materialized, bool leftJoin)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        ArgumentNullException.ThrowIfNull(joiner);
        if (other is not KTableImpl<TForeignKey, TOtherValue> right || right.Builder != builder)
        {
            throw new ArgumentException("The other table of a foreign-key join must come from the same StreamsBuilder.", nameof(other));
        }

        var operation = leftJoin ? "LeftJoin (foreign key)" : "Join (foreign key)";
        var primaryKeySerde = SerdeResolver.Require(null, keySerde, operation, "left key");
        var leftValueSerde = SerdeResolver.Require(null, valueSerde, operation, "left value");
        var foreignKeySerde = SerdeResolver.Require(null, right.KeySerde, operation, "right key");
        var rightValueSerde = SerdeResolver.Require(null, right.ValueSerde, operation, "right value");

        // Names as Kafka Streams generates them (one counter), or derived from TableJoined's name.
        var joinName = tableJoined?.Name;
        string Name(string suffix, string prefix) => joinName is null ? builder.NewName(prefix) : joinName + suffix;
        const string HowToName = "TableJoined.As(\"name\")";
        string Internal(string generated, InternalResourceKind kind) =>
            joinName is null ? builder.NewInternalName(kind, generated, HowToName, node, right.Node) : generated;
        var subscriptionTopic = Internal(Name("-subscription-registration", "KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-") + "-topic", InternalResourceKind.InternalTopic);
        var sendName = Name("-subscription-registration-processor", "KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-");
        var subscriptionSinkName = Name("-subscription-registration-sink", "KTABLE-SINK-");
        var subscriptionSourceName = Name("-subscription-registration-source", "KTABLE-SOURCE-");
        var subscriptionStoreName = Internal(Name("-subscription-store", "KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-"), InternalResourceKind.StateStore);
        var receiveName = Name("-subscription-receive", "KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-");
        var subscriptionJoinName = Name("-subscription-join-foreign", "KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-");
        var foreignTableJoinName = Name("-foreign-join-subscription", "KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-");
        var responseTopic = Internal(Name("-subscription-response", "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-") + "-topic", InternalResourceKind.InternalTopic);
        var responseSinkName = Name("-subscription-response-sink", "KTABLE-SINK-");
        var responseSourceName = Name("-subscription-response-source", "KTABLE-SOURCE-");
        var resolverName = Name("-subscription-response-resolver", "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-");
        var resultName = Name("-result", "KTABLE-FK-JOIN-OUTPUT-");
        var resultStoreName = materialized?.StoreName ?? builder.NewStoreName([node.Lineage, right.Node.Lineage], "KTABLE-FK-JOIN-OUTPUT-", "Materialized.As(\"name\") on the foreign-key join");
        var resultKeySerde = SerdeResolver.Require(materialized?.KeySerde, primaryKeySerde, $"{operation} (result store '{resultStoreName}')", "key");
        var resultValueSerde = SerdeResolver.Require(materialized?.ValueSerde, null, $"{operation} (result store '{resultStoreName}')", "value");

        var topics = new ForeignKeyJoinTopics(subscriptionTopic, responseTopic, subscriptionStoreName);
        var wrapperSerde = new SubscriptionWrapperSerde<TKey>(primaryKeySerde, topics);
        var responseSerde = new SubscriptionResponseWrapperSerde<TOtherValue>(rightValueSerde);
        var subscriptionKeySerde = new NullableKeySerde<TForeignKey>(foreignKeySerde);
        CombinedKeySchema<TForeignKey, TKey> KeySchema(string applicationId) =>
            new(foreignKeySerde, primaryKeySerde, topics.ForeignKeyTopic(applicationId), topics.PrimaryKeyTopic(applicationId));

        // Left side: changes become subscriptions, keyed by foreign key, through the subscription topic.
        var send = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TForeignKey, SubscriptionWrapper<TKey>>(
                sendName, () => new SubscriptionSendProcessor<TKey, TValue, TForeignKey>(foreignKeyExtractor, foreignKeySerde, leftValueSerde, topics, leftJoin)),
            node);
        var otherPartitioner = tableJoined?.OtherPartitioner;
        builder.AddNode(
            new SinkGraphNode<TForeignKey, SubscriptionWrapper<TKey>>(
                subscriptionSinkName, subscriptionTopic, null, true, subscriptionKeySerde, wrapperSerde,
                partitioner: otherPartitioner is null ? null : new SinglePartitionStreamPartitioner<TForeignKey, SubscriptionWrapper<TKey>>((topic, foreignKey, _, partitions) => otherPartitioner(topic, foreignKey, null, partitions))),
            send);

        // Right side: the subscription store, answers to subscriptions, and re-joins on right changes.
        var subscriptionSource = builder.AddNode(
            new SourceGraphNode<TForeignKey, SubscriptionWrapper<TKey>>(subscriptionSourceName, [subscriptionTopic], true, subscriptionKeySerde, wrapperSerde, null));
        builder.AddNode(new CopartitionGraphNode(subscriptionSourceName + "-COPARTITION", [.. SourceNames(right.Node), subscriptionSourceName]));
        var receive = builder.AddNode(
            new ProcessorGraphNode<TForeignKey, SubscriptionWrapper<TKey>, CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>>(
                receiveName, () => new SubscriptionReceiveProcessor<TKey, TForeignKey>(subscriptionStoreName, KeySchema), SubscriptionStore.Factory(subscriptionStoreName, wrapperSerde)),
            subscriptionSource);
        var rightGetter = right.ValueGetter;
        var subscriptionJoin = builder.AddNode(
            new ProcessorGraphNode<CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>, TKey, SubscriptionResponseWrapper<TOtherValue>>(
                subscriptionJoinName, () => new SubscriptionJoinProcessor<TKey, TForeignKey, TOtherValue>(rightGetter), null, rightGetter.StoreNames),
            receive);
        var foreignTableJoin = builder.AddNode(
            new ProcessorGraphNode<TForeignKey, Change<TOtherValue>, TKey, SubscriptionResponseWrapper<TOtherValue>>(
                foreignTableJoinName, () => new ForeignTableJoinProcessor<TKey, TForeignKey, TOtherValue>(subscriptionStoreName, wrapperSerde, KeySchema), null, [subscriptionStoreName]),
            right.Node);
        var partitioner = tableJoined?.Partitioner;
        builder.AddNode(
            new SinkGraphNode<TKey, SubscriptionResponseWrapper<TOtherValue>>(
                responseSinkName, responseTopic, null, true, primaryKeySerde, responseSerde,
                partitioner: new SinglePartitionStreamPartitioner<TKey, SubscriptionResponseWrapper<TOtherValue>>(partitioner is null
                    ? (_, _, response, _) => response.PrimaryPartition
                    : (topic, key, _, partitions) => partitioner(topic, key, null, partitions))),
            subscriptionJoin,
            foreignTableJoin);

        // Left side again: answers resolved against the current left values into the result table.
        var responseSource = builder.AddNode(
            new SourceGraphNode<TKey, SubscriptionResponseWrapper<TOtherValue>>(responseSourceName, [responseTopic], true, primaryKeySerde, responseSerde, null));
        builder.AddNode(new CopartitionGraphNode(responseSourceName + "-COPARTITION", [.. SourceNames(node), responseSourceName]));
        var leftGetter = valueGetter;
        var resolver = builder.AddNode(
            new ProcessorGraphNode<TKey, SubscriptionResponseWrapper<TOtherValue>, TKey, Change<TOut>>(
                resolverName, () => new ResponseJoinProcessor<TKey, TValue, TOtherValue, TOut>(leftGetter, leftValueSerde, topics, joiner, leftJoin), null, leftGetter.StoreNames),
            responseSource);

        // Not materialized by the caller, or without a store name (Materialized.With(serdes): not queryable): still stored
        // (downstream table operators read old values), without a record cache, as Kafka Streams, whose KTableSource
        // forwards the results of a join that has no queryable store directly.
        var resultMaterialized = materialized is { StoreName: not null }
            ? materialized
            : (materialized ?? new Materialized<TKey, TOut>()) with { CachingEnabled = false };
        var result = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TOut>, TKey, Change<TOut>>(
                resultName, () => new ForeignKeyJoinResultProcessor<TKey, TOut>(resultStoreName),
                StoreFactories.TimestampedKeyValue(resultStoreName, resultMaterialized, resultKeySerde, resultValueSerde)),
            resolver);
        return new KTableImpl<TKey, TOut>(
            builder, result, resultKeySerde, resultValueSerde, materialized?.StoreName, KTableValueGetters.FromStore<TKey, TOut>(resultStoreName));
    }

    /// <summary>The source nodes a table's node descends from (its sub-topology's sources), as Kafka Streams' <c>subTopologySourceNodes</c>.</summary>
    private static IEnumerable<string> SourceNames(GraphNode tableNode)
    {
        var seen = new HashSet<GraphNode>();
        var pending = new Stack<GraphNode>([tableNode]);
        while (pending.TryPop(out var n))
        {
            if (!seen.Add(n))
            {
                continue;
            }

            if (n.Parents.Count == 0 || n is IRepartitionGraphNode)
            {
                // A repartition node is written as sink + source; its name is the source's.
                yield return n.Name;
                continue;
            }

            foreach (var p in n.Parents)
            {
                pending.Push(p);
            }
        }
    }
}
