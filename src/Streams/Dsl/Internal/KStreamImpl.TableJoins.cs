using System.Globalization;
using Streams.Dsl.Internal.Graph;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

internal sealed partial class KStreamImpl<TKey, TValue>
{
    public IKStream<TKey, TValueOut> Join<TTableValue, TValueOut>(
        IKTable<TKey, TTableValue> table, Func<TValue, TTableValue, TValueOut> joiner, Joined<TKey, TValue, TTableValue> joined)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        ArgumentNullException.ThrowIfNull(joined);
        return JoinTable<TTableValue, TValueOut>(table, (v, t) => joiner(v, t!), leftJoin: false, joined.Name, joined, "KSTREAM-JOIN-");
    }

    public IKStream<TKey, TValueOut> LeftJoin<TTableValue, TValueOut>(
        IKTable<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, Joined<TKey, TValue, TTableValue> joined)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        ArgumentNullException.ThrowIfNull(joined);
        return JoinTable(table, joiner, leftJoin: true, joined.Name, joined, "KSTREAM-LEFTJOIN-");
    }

    /// <summary>
    /// A stream-table join node, as Kafka Streams' <c>KStreamImpl.doStreamTableJoin</c>: connected to the table's
    /// stores; with a grace period, also owning the changelogged buffer store <c>{name}-Buffer</c>. A left join is a
    /// <see cref="GraphNode.NullKeyRelaxedJoin"/>: repartitions above it keep null keys.
    /// </summary>
    private KStreamImpl<TKey, TValueOut> JoinTable<TTableValue, TValueOut>(
        IKTable<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, bool leftJoin, string? processorName,
        Joined<TKey, TValue, TTableValue>? joined, string prefix)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table is not KTableImpl<TKey, TTableValue> impl || impl.Builder != builder)
        {
            throw new ArgumentException("The table must come from the same StreamsBuilder.", nameof(table));
        }

        if (repartitionRequired)
        {
            // As Kafka Streams' join(KTable): a stream whose key changed (Map, SelectKey, FlatMap) goes through
            // {applicationId}-{name}-repartition first, named after the Joined name or else this stream's node.
            var operation = leftJoin ? "LeftJoin" : "Join";
            var k = SerdeResolver.Require(joined?.KeySerde, keySerde ?? impl.KeySerde, operation, "key");
            var v = SerdeResolver.Require(joined?.ValueSerde, valueSerde, operation, "value");
            return RepartitionForJoin(processorName ?? node.Name, k, v).JoinTable(table, joiner, leftJoin, processorName, joined, prefix);
        }

        var getter = impl.ValueGetter;
        var name = processorName ?? builder.NewName(prefix);
        StoreFactory? buffer = null;
        string? bufferName = null;
        if (joined?.GracePeriod is { } grace)
        {
            if (getter.HistoryRetentionMs is not { } historyRetentionMs)
            {
                throw new TopologyException(
                    $"join '{name}': a grace period needs a versioned table (materialized with Materialized.As(IVersionedBytesStoreSupplier)), as in Kafka Streams.");
            }

            var graceMs = (long)grace.TotalMilliseconds;
            if (graceMs > historyRetentionMs)
            {
                // Kafka Streams: StreamTableJoinNode.writeToTopology, "History retention must be at least grace period."
                throw new TopologyException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"join '{name}': history retention must be at least grace period: the versioned store '{string.Join("', '", getter.StoreNames)}' keeps {historyRetentionMs} ms of history, less than the grace period of {graceMs} ms."));
            }

            bufferName = name + "-Buffer";
            var k = SerdeResolver.Require(joined.KeySerde, keySerde, $"Join({name}) grace period buffer", "key");
            var v = SerdeResolver.Require(joined.ValueSerde, valueSerde, $"Join({name}) grace period buffer", "value");
            var storeName = bufferName;
            buffer = new StoreFactory(storeName, "KeyValue", LoggingEnabled: true, build =>
                StoreLayers.KeyValue(build.Suppliers.KeyValueStore(storeName).Get(), logging: true, cache: null, bytes => new TimeOrderedKeyValueBuffer<TKey, TValue>(bytes, graceMs, k, v)));
        }

        var child = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, TValueOut>(
                name, () => new KStreamKTableJoin<TKey, TValue, TTableValue, TValueOut>(getter, joiner, leftJoin, bufferName), buffer, getter.StoreNames)
            {
                Kind = prefix,
                ValueChanging = true,
                NullKeyRelaxedJoin = leftJoin,
            },
            node);
        return new KStreamImpl<TKey, TValueOut>(builder, child, keySerde, null, false);
    }
}
