using Streams.Dsl.Internal.Graph;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Table-table (primary-key) joins, as Kafka Streams' <c>KTableImpl#doJoin</c>: a join processor per side
/// (<c>KTABLE-JOINTHIS-n</c> on this table reading the other table's getter, <c>KTABLE-JOINOTHER-n</c> on the other reading this
/// table's) and a <c>KTABLE-MERGE-n</c> node that materializes the result when asked to. The result's value getter is its store,
/// or the join computed from both tables' getters.
/// </summary>
internal sealed partial class KTableImpl<TKey, TValue>
{
    public IKTable<TKey, TValueOut> Join<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other, Func<TValue, TOtherValue, TValueOut> joiner, Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoTableJoin<TOtherValue, TValueOut>(
            other,
            named,
            materialized,
            "Join",
            otherGetter => () => new KTableKTableInnerJoin<TKey, TValue, TOtherValue, TValueOut>(otherGetter, joiner),
            thisGetter => () => new KTableKTableInnerJoin<TKey, TOtherValue, TValue, TValueOut>(thisGetter, (o, t) => joiner(t, o)),
            (thisGetter, otherGetter) => KTableKTableInnerJoin<TKey, TValue, TOtherValue, TValueOut>.Getter(thisGetter, otherGetter, joiner));
    }

    public IKTable<TKey, TValueOut> LeftJoin<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other, Func<TValue, TOtherValue?, TValueOut> joiner, Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoTableJoin<TOtherValue, TValueOut>(
            other,
            named,
            materialized,
            "LeftJoin",
            otherGetter => () => new KTableKTableLeftJoin<TKey, TValue, TOtherValue, TValueOut>(otherGetter, joiner),
            thisGetter => () => new KTableKTableRightJoin<TKey, TValue, TOtherValue, TValueOut>(thisGetter, joiner),
            (thisGetter, otherGetter) => KTableKTableLeftJoin<TKey, TValue, TOtherValue, TValueOut>.Getter(thisGetter, otherGetter, joiner));
    }

    public IKTable<TKey, TValueOut> OuterJoin<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other, Func<TValue?, TOtherValue?, TValueOut> joiner, Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoTableJoin<TOtherValue, TValueOut>(
            other,
            named,
            materialized,
            "OuterJoin",
            otherGetter => () => new KTableKTableOuterJoin<TKey, TValue, TOtherValue, TValueOut>(otherGetter, joiner),
            thisGetter => () => new KTableKTableOuterJoin<TKey, TOtherValue, TValue, TValueOut>(thisGetter, (o, t) => joiner(t, o)),
            (thisGetter, otherGetter) => KTableKTableOuterJoin<TKey, TValue, TOtherValue, TValueOut>.Getter(thisGetter, otherGetter, joiner));
    }

    private KTableImpl<TKey, TValueOut> DoTableJoin<TOtherValue, TValueOut>(
        IKTable<TKey, TOtherValue> other,
        Named? named,
        Materialized<TKey, TValueOut>? materialized,
        string operation,
        Func<KTableValueGetterSupplier<TKey, TOtherValue>, Func<IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>>> thisSide,
        Func<KTableValueGetterSupplier<TKey, TValue>, Func<IProcessor<TKey, Change<TOtherValue>, TKey, Change<TValueOut>>>> otherSide,
        Func<KTableValueGetterSupplier<TKey, TValue>, KTableValueGetterSupplier<TKey, TOtherValue>, KTableValueGetterSupplier<TKey, TValueOut>> joinedGetter)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other is not KTableImpl<TKey, TOtherValue> otherTable || otherTable.Builder != builder)
        {
            throw new ArgumentException("A table-table join needs a table created by the same StreamsBuilder.", nameof(other));
        }

        // Named in Kafka Streams' order: the store (when materialized without a name), the merge node, then both join processors.
        var storeName = materialized is null ? null : materialized.StoreName ?? builder.NewStoreName([node.Lineage, otherTable.Node.Lineage], "KTABLE-MERGE-", "Materialized.As(\"name\") on the table-table join");
        var mergeName = named?.Name ?? builder.NewName("KTABLE-MERGE-");
        var joinThisName = named is null ? builder.NewName("KTABLE-JOINTHIS-") : named.Name + "-join-this";
        var joinOtherName = named is null ? builder.NewName("KTABLE-JOINOTHER-") : named.Name + "-join-other";

        var k = keySerde;
        ISerde<TValueOut>? v = null;
        StoreFactory? store = null;
        if (materialized is not null)
        {
            k = SerdeResolver.Require(materialized.KeySerde, keySerde, $"{operation} (materialized as '{storeName}')", "key");
            v = SerdeResolver.Require(materialized.ValueSerde, null, $"{operation} (materialized as '{storeName}')", "value");
            store = StoreFactories.TimestampedKeyValue(storeName!, materialized, k, v);
        }

        var thisGetter = ValueGetter;
        var otherGetter = otherTable.ValueGetter;
        var joinThis = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TKey, Change<TValueOut>>(joinThisName, thisSide(otherGetter), null, otherGetter.StoreNames), node);
        var joinOther = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TOtherValue>, TKey, Change<TValueOut>>(joinOtherName, otherSide(thisGetter), null, thisGetter.StoreNames), otherTable.Node);
        var merge = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValueOut>, TKey, Change<TValueOut>>(mergeName, () => new KTableKTableJoinMerger<TKey, TValueOut>(storeName), store), joinThis, joinOther);
        builder.AddNode(new CopartitionGraphNode(mergeName + "-copartition", [joinThisName, joinOtherName]));
        var getter = storeName is null ? joinedGetter(thisGetter, otherGetter) : KTableValueGetters.FromStore<TKey, TValueOut>(storeName);
        return new KTableImpl<TKey, TValueOut>(builder, merge, k, v, materialized?.StoreName, getter);
    }
}
