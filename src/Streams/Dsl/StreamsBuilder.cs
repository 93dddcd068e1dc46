using Streams.Dsl.Internal;
using Streams.Dsl.Internal.Graph;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl;

/// <summary>
/// Builds a <see cref="Topology"/> with the DSL, as Kafka Streams' <c>StreamsBuilder</c>. Generated processor
/// names follow Kafka Streams: <c>KSTREAM-SOURCE-0000000000</c>, <c>KSTREAM-FILTER-0000000001</c>, ..., one counter
/// for processors and stores; generated store and internal topic names follow <see cref="TopologyOptions.NamingStrategy"/>
/// (by default stable: they depend only on the operator's upstream lineage). <see cref="TopologyOptions"/> also
/// selects optimizations and the refusal of generated names. Not thread-safe; build once.
/// </summary>
public sealed partial class StreamsBuilder
{
    private readonly List<GraphNode> _nodes = [];

    /// <summary>Reads a topic as a stream, as Kafka Streams' <c>stream(String, Consumed)</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="consumed">Serdes, timestamp extractor and name; null uses built-in serdes for the types.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="TopologyException">No serde is known for a type, or the topic is read twice.</exception>
    public IKStream<TKey, TValue> Stream<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return Stream([topic], consumed);
    }

    /// <summary>Reads several topics as one stream (they must be co-partitioned), as Kafka Streams' <c>stream(Collection, Consumed)</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topics">The topics.</param>
    /// <param name="consumed">Serdes, timestamp extractor and name.</param>
    /// <returns>The stream.</returns>
    public IKStream<TKey, TValue> Stream<TKey, TValue>(IReadOnlyList<string> topics, Consumed<TKey, TValue>? consumed = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var c = consumed ?? new Consumed<TKey, TValue>();
        var name = c.Name ?? NewName("KSTREAM-SOURCE-");
        var keySerde = SerdeResolver.Require(c.KeySerde, null, $"Stream({string.Join(',', topics)})", "key");
        var valueSerde = SerdeResolver.Require(c.ValueSerde, null, $"Stream({string.Join(',', topics)})", "value");
        var node = AddNode(new SourceGraphNode<TKey, TValue>(name, topics.ToList(), false, keySerde, valueSerde, c.TimestampExtractor) { Kind = "KSTREAM-SOURCE-" });
        return new KStreamImpl<TKey, TValue>(this, node, keySerde, valueSerde, repartitionRequired: false);
    }

    /// <summary>
    /// Reads a topic as a KTable, as Kafka Streams' <c>table</c>: the latest value per key, materialized in a
    /// store (its changelog topic holds the same data). Tombstones delete keys; null keys are dropped; every
    /// update is forwarded, one equal to the stored value included (Kafka Streams switched KIP-557's emit-on-change off
    /// for sources, KAFKA-12508, because it loses updates reprocessed after a crash). Partition p of the topic
    /// belongs to the task of partition p: join it only with co-partitioned streams. Materialized with a versioned
    /// store (<c>Materialized.As(IVersionedBytesStoreSupplier)</c>), the table keeps its history (KIP-914): see
    /// <see cref="Materialized{TKey, TValue}.As(State.IVersionedBytesStoreSupplier)"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="consumed">Serdes, timestamp extractor and source name (which also names the table processor <c>{name}-table-source</c>, as Kafka Streams).</param>
    /// <param name="materialized">Store name and options; default name <c>{topic}-STATE-STORE-{n}</c> (see <see cref="TopologyOptions.NamingStrategy"/>).</param>
    /// <returns>The table.</returns>
    /// <exception cref="TopologyException">No serde is known for a type, or the topic is read twice.</exception>
    public IKTable<TKey, TValue> Table<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var c = consumed ?? new Consumed<TKey, TValue>();
        var m = materialized ?? new Materialized<TKey, TValue>();
        var keySerde = SerdeResolver.Require(m.KeySerde ?? c.KeySerde, null, $"Table({topic})", "key");
        var valueSerde = SerdeResolver.Require(m.ValueSerde ?? c.ValueSerde, null, $"Table({topic})", "value");
        // Kafka Streams' order: store name, source name, table source name ({consumed name}-table-source when named).
        var storeName = m.StoreName ?? NewStoreName(
            NameGenerator.RootLineage(SourceGraphNode<TKey, TValue>.LineageRootOf([topic])), topic + "-", null, $"Materialized.As(\"name\") on Table(\"{topic}\")");
        var sourceName = c.Name ?? NewName("KSTREAM-SOURCE-");
        var processorName = c.Name is null ? NewName("KTABLE-SOURCE-") : c.Name + "-table-source";
        var source = AddNode(new SourceGraphNode<TKey, TValue>(sourceName, [topic], false, keySerde, valueSerde, c.TimestampExtractor) { Kind = "KSTREAM-SOURCE-" });
        var tableNode = AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, Change<TValue>>(
                processorName, () => new KTableSource<TKey, TValue>(storeName), StoreFactories.TableSource(storeName, m, keySerde, valueSerde))
            {
                Kind = "KTABLE-SOURCE-",
            },
            source);
        _tableSources.Add((storeName, topic));
        return new KTableImpl<TKey, TValue>(this, tableNode, keySerde, valueSerde, m.StoreName, StoreFactories.TableSourceGetter(storeName, m));
    }

    /// <summary>
    /// Reads a topic as a GlobalKTable, fully replicated on every instance and loaded before processing
    /// starts, as Kafka Streams' <c>globalTable</c>. Its store is the topic itself (no changelog).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="consumed">Serdes and timestamp extractor.</param>
    /// <param name="materialized">Store name and supplier; default name <c>{topic}-STATE-STORE-{n}</c> (see <see cref="TopologyOptions.NamingStrategy"/>).</param>
    /// <returns>The global table.</returns>
    public IGlobalKTable<TKey, TValue> GlobalTable<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var c = consumed ?? new Consumed<TKey, TValue>();
        var m = materialized ?? new Materialized<TKey, TValue>();
        var keySerde = SerdeResolver.Require(m.KeySerde ?? c.KeySerde, null, $"GlobalTable({topic})", "key");
        var valueSerde = SerdeResolver.Require(m.ValueSerde ?? c.ValueSerde, null, $"GlobalTable({topic})", "value");
        var storeName = m.StoreName ?? NewStoreName(NameGenerator.RootLineage("GLOBAL:" + topic), topic + "-", null, $"Materialized.As(\"name\") on GlobalTable(\"{topic}\")");
        var sourceName = c.Name ?? NewName("KSTREAM-SOURCE-");
        var processorName = NewName("KTABLE-SOURCE-");
        var store = StoreFactories.TimestampedKeyValue(storeName, m with { LoggingEnabled = false }, keySerde, valueSerde);
        AddNode(new GlobalStoreGraphNode<TKey, TValue>(
            sourceName, topic, keySerde, valueSerde, c.TimestampExtractor, processorName, store, () => new GlobalTableUpdater<TKey, TValue>(storeName)));
        return new GlobalKTableImpl<TKey, TValue>(storeName);
    }

    /// <summary>
    /// Applies the <see cref="TopologyOptions.Optimization"/>s to the logical graph and writes it into a new
    /// <see cref="Topology"/>, as Kafka Streams' <c>build(Properties)</c>; <see cref="Topology.Describe"/> shows the
    /// optimized topology. Whatever the optimizations, each repartition's filter is then set to drop null-key records
    /// unless a join that accepts null keys (left stream-table, left stream-globaltable, left or outer stream-stream)
    /// is downstream of it, as Kafka Streams 3.7+ (KIP-962).
    /// </summary>
    /// <returns>The topology.</returns>
    /// <exception cref="TopologyException">
    /// The graph is invalid (for example a duplicate name or a store a processor names is missing), or
    /// <see cref="TopologyOptions.EnsureExplicitInternalResourceNaming"/> is on and a state store or internal topic has a
    /// generated name: the message lists each one and how to name it.
    /// </exception>
    public Topology Build()
    {
        if (_optimization.HasFlag(TopologyOptimization.MergeRepartitionTopics))
        {
            RepartitionTopicMerger.Merge(_nodes);
        }

        // Always, as Kafka Streams' optimizeTopology ends: repartitions drop null keys unless a relaxed join is downstream.
        NodesWithRelaxedNullKeyJoinDownstream.RewriteRepartitionNodes(_nodes);

        var builder = new InternalTopologyBuilder();
        foreach (var node in GraphOrder.ParentsFirst(_nodes))
        {
            node.WriteTo(builder);
        }

        if (_optimization.HasFlag(TopologyOptimization.ReuseKTableSourceTopics))
        {
            foreach (var (store, topic) in _tableSources)
            {
                builder.UseSourceTopicAsChangelog(store, topic);
            }
        }

        if (_ensureExplicitNaming)
        {
            ExplicitNaming.Check(builder, _names);
        }

        return new Topology(builder);
    }

    /// <summary>Takes a counter value without naming anything, where Kafka Streams burns one to keep its generated names.</summary>
    internal void SkipIndex() => _names.NextIndex();

    /// <summary>
    /// A processor name: <paramref name="prefix"/> plus the next value of the counter, as Kafka Streams. Store names must
    /// come from <see cref="NewStoreName(GraphNode, string, string?, string)"/> (stable under
    /// <see cref="NamingStrategy.Stable"/>); a <c>...STATE-STORE-</c> prefix passed here is still recorded as a generated
    /// store name, so that <see cref="TopologyOptions.EnsureExplicitInternalResourceNaming"/> catches it.
    /// </summary>
    internal string NewName(string prefix)
    {
        var name = prefix + _names.NextIndex();
        if (prefix.EndsWith("STATE-STORE-", StringComparison.Ordinal))
        {
            _names.NoteGeneratedStore(name, HowToNameStore);
        }

        return name;
    }

    /// <summary>Adds a node below <paramref name="parents"/> and fixes its lineage (which generated store and topic names below it use).</summary>
    internal T AddNode<T>(T node, params GraphNode[] parents)
        where T : GraphNode
    {
        node.Parents.AddRange(parents);
        node.Order = _nodes.Count;
        node.Lineage = node.LineageRoot is { } root ? NameGenerator.RootLineage(root) : _names.ChildLineage(node.Parents, node.Kind ?? KindOf(node.Name));
        _nodes.Add(node);
        return node;
    }
}
