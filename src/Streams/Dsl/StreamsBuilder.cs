using System.Globalization;
using Streams.Dsl.Internal;
using Streams.Dsl.Internal.Graph;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Dsl;

/// <summary>
/// Builds a <see cref="Topology"/> with the DSL, as Kafka Streams' <c>StreamsBuilder</c>. Generated
/// names follow Kafka Streams: <c>KSTREAM-SOURCE-0000000000</c>, <c>KSTREAM-FILTER-0000000001</c>, ...,
/// one counter for processors and stores. Not thread-safe; build once.
/// </summary>
public sealed partial class StreamsBuilder
{
    private readonly List<GraphNode> _nodes = [];
    private int _index;

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
        var node = AddNode(new SourceGraphNode<TKey, TValue>(name, topics.ToList(), false, keySerde, valueSerde, c.TimestampExtractor));
        return new KStreamImpl<TKey, TValue>(this, node, keySerde, valueSerde, repartitionRequired: false);
    }

    /// <summary>
    /// Reads a topic as a KTable, as Kafka Streams' <c>table</c>: the latest value per key, materialized in a
    /// store (its changelog topic holds the same data). Tombstones delete keys; null keys are dropped; updates
    /// that do not change the value are not forwarded (emit on change, KIP-557). Partition p of the topic
    /// belongs to the task of partition p: join it only with co-partitioned streams. Materialized with a versioned
    /// store (<c>Materialized.As(IVersionedBytesStoreSupplier)</c>), the table keeps its history (KIP-914): see
    /// <see cref="Materialized{TKey, TValue}.As(State.IVersionedBytesStoreSupplier)"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="consumed">Serdes, timestamp extractor and source name.</param>
    /// <param name="materialized">Store name and options; default name <c>{topic}-STATE-STORE-n</c>.</param>
    /// <returns>The table.</returns>
    /// <exception cref="TopologyException">No serde is known for a type, or the topic is read twice.</exception>
    public IKTable<TKey, TValue> Table<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var c = consumed ?? new Consumed<TKey, TValue>();
        var m = materialized ?? new Materialized<TKey, TValue>();
        var keySerde = SerdeResolver.Require(m.KeySerde ?? c.KeySerde, null, $"Table({topic})", "key");
        var valueSerde = SerdeResolver.Require(m.ValueSerde ?? c.ValueSerde, null, $"Table({topic})", "value");
        var sourceName = c.Name ?? NewName("KSTREAM-SOURCE-");
        var storeName = m.StoreName ?? $"{topic}-STATE-STORE-{NextIndex()}";
        var processorName = NewName("KTABLE-SOURCE-");
        var source = AddNode(new SourceGraphNode<TKey, TValue>(sourceName, [topic], false, keySerde, valueSerde, c.TimestampExtractor));
        var tableNode = AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, Change<TValue>>(
                processorName, () => new KTableSource<TKey, TValue>(storeName, valueSerde), StoreFactories.TableSource(storeName, m, keySerde, valueSerde)),
            source);
        return new KTableImpl<TKey, TValue>(this, tableNode, keySerde, valueSerde, storeName, StoreFactories.TableSourceGetter(storeName, m));
    }

    /// <summary>
    /// Reads a topic as a GlobalKTable, fully replicated on every instance and loaded before processing
    /// starts, as Kafka Streams' <c>globalTable</c>. Its store is the topic itself (no changelog).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="consumed">Serdes and timestamp extractor.</param>
    /// <param name="materialized">Store name and supplier; default name <c>{topic}-STATE-STORE-n</c>.</param>
    /// <returns>The global table.</returns>
    public IGlobalKTable<TKey, TValue> GlobalTable<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var c = consumed ?? new Consumed<TKey, TValue>();
        var m = materialized ?? new Materialized<TKey, TValue>();
        var keySerde = SerdeResolver.Require(m.KeySerde ?? c.KeySerde, null, $"GlobalTable({topic})", "key");
        var valueSerde = SerdeResolver.Require(m.ValueSerde ?? c.ValueSerde, null, $"GlobalTable({topic})", "value");
        var sourceName = c.Name ?? NewName("KSTREAM-SOURCE-");
        var storeName = m.StoreName ?? $"{topic}-STATE-STORE-{NextIndex()}";
        var processorName = NewName("KTABLE-SOURCE-");
        var store = StoreFactories.TimestampedKeyValue(storeName, m with { LoggingEnabled = false }, keySerde, valueSerde);
        AddNode(new GlobalStoreGraphNode<TKey, TValue>(
            sourceName, topic, keySerde, valueSerde, c.TimestampExtractor, processorName, store, () => new GlobalTableUpdater<TKey, TValue>(storeName)));
        return new GlobalKTableImpl<TKey, TValue>(storeName);
    }

    /// <summary>Writes the logical graph into a new <see cref="Topology"/>.</summary>
    /// <returns>The topology.</returns>
    /// <exception cref="TopologyException">The graph is invalid (for example a duplicate name).</exception>
    public Topology Build()
    {
        var builder = new InternalTopologyBuilder();
        foreach (var node in _nodes)
        {
            node.WriteTo(builder);
        }

        return new Topology(builder);
    }

    internal string NewName(string prefix) => prefix + NextIndex();

    internal T AddNode<T>(T node, params GraphNode[] parents)
        where T : GraphNode
    {
        node.Parents.AddRange(parents);
        _nodes.Add(node);
        return node;
    }

    private string NextIndex() => (_index++).ToString("D10", CultureInfo.InvariantCulture);
}
