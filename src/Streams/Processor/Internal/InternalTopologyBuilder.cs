using Streams.Internal;
using Streams.State;

namespace Streams.Processor.Internal;

/// <summary>
/// The physical topology: named node factories with their predecessors, store factories and internal
/// topics, grouped into sub-topologies, as Kafka Streams' <c>InternalTopologyBuilder</c>. The DSL's
/// logical graph writes into it; the runtime and the test driver build per-task node instances from it.
/// </summary>
internal sealed class InternalTopologyBuilder
{
    private readonly List<NodeFactory> _nodes = [];
    private readonly Dictionary<string, NodeFactory> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoreFactory> _stores = new(StringComparer.Ordinal);
    private readonly HashSet<string> _internalTopics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _internalTopicPartitions = new(StringComparer.Ordinal);
    private readonly List<GlobalStoreDefinition> _globalStores = [];
    private readonly List<IReadOnlyList<string>> _copartitionGroups = [];
    private readonly Dictionary<string, string> _sourceChangelogs = new(StringComparer.Ordinal);
    private IReadOnlyList<Subtopology>? _subtopologies;

    public IReadOnlyList<GlobalStoreDefinition> GlobalStores => _globalStores;

    /// <summary>Undecorated names of repartition topics.</summary>
    public IReadOnlySet<string> InternalTopics => _internalTopics;

    public IReadOnlyDictionary<string, StoreFactory> Stores => _stores;

    /// <summary>Partition counts fixed by the topology (<c>Repartitioned.WithNumberOfPartitions</c>), by undecorated name.</summary>
    public IReadOnlyDictionary<string, int> InternalTopicPartitions => _internalTopicPartitions;

    public void SetInternalTopicPartitions(string topic, int partitions) => _internalTopicPartitions[topic] = partitions;

    /// <summary>
    /// Declares that the source topics feeding <paramref name="nodeNames"/> (the two sides of a join) must be
    /// co-partitioned, as Kafka Streams' <c>copartitionSources</c>.
    /// </summary>
    public void AddCopartitionGroup(IReadOnlyList<string> nodeNames) => _copartitionGroups.Add(nodeNames);

    /// <summary>The source topics of each co-partition group.</summary>
    public IReadOnlyList<IReadOnlySet<TopicRef>> CopartitionGroups =>
        _copartitionGroups.Select(g => (IReadOnlySet<TopicRef>)g.SelectMany(SourceTopicsOf).ToHashSet()).ToList();

    /// <summary>
    /// Declares that the topics of these source nodes must have the same partition count, as Kafka Streams'
    /// <c>copartitionSources</c> (a foreign-key join's internal topics and the table they serve): internal topics in
    /// the group take the count of the group's other topics.
    /// </summary>
    public void CopartitionSources(IReadOnlyCollection<string> sourceNames) => AddCopartitionGroup([.. sourceNames]);

    /// <summary>Stores whose changelog is the (user) source topic they are built from, by store name (<see cref="TopologyOptimization.ReuseKTableSourceTopics"/>).</summary>
    public IReadOnlyDictionary<string, string> SourceChangelogs => _sourceChangelogs;

    /// <summary>
    /// Makes the source topic <paramref name="topic"/> the changelog of <paramref name="storeName"/>, as Kafka Streams'
    /// <c>connectSourceStoreAndTopic</c>: the store writes no changelog and is restored from the topic.
    /// </summary>
    public void UseSourceTopicAsChangelog(string storeName, string topic)
    {
        if (!_stores.TryGetValue(storeName, out var store))
        {
            throw new TopologyException($"state store '{storeName}' does not exist (reusing topic '{topic}' as its changelog).");
        }

        _stores[storeName] = store with { LoggingEnabled = false };
        _sourceChangelogs[storeName] = topic;
    }

    public void AddSource(string name, IReadOnlyList<string> topics, bool internalTopic, Func<IReadOnlyList<string>, SourceNode> create)
    {
        if (topics.Count == 0)
        {
            throw new TopologyException($"source '{name}' must read at least one topic.");
        }

        foreach (var other in _nodes.OfType<SourceFactory>())
        {
            var shared = other.Topics.Intersect(topics, StringComparer.Ordinal).FirstOrDefault();
            if (shared is not null)
            {
                throw new TopologyException($"topic '{shared}' is read by both '{other.Name}' and '{name}'; read it once and share the stream.");
            }
        }

        if (_globalStores.Any(g => topics.Contains(g.Topic, StringComparer.Ordinal)))
        {
            throw new TopologyException($"a topic of source '{name}' already backs a global store.");
        }

        Add(new SourceFactory(name, topics, internalTopic, create));
        if (internalTopic)
        {
            foreach (var t in topics)
            {
                _internalTopics.Add(t);
            }
        }
    }

    public void AddProcessor(string name, IReadOnlyList<string> predecessors, Func<IReadOnlySet<string>, ProcessorNode> create)
    {
        RequirePredecessors(name, predecessors);
        Add(new ProcessorFactory(name, predecessors, create));
    }

    public void AddSink(string name, string? topic, bool internalTopic, IReadOnlyList<string> predecessors, Func<string?, ProcessorNode> create)
    {
        RequirePredecessors(name, predecessors);
        Add(new SinkFactory(name, topic, internalTopic, predecessors, create));
        if (internalTopic && topic is not null)
        {
            _internalTopics.Add(topic);
        }
    }

    public void AddStateStore(StoreFactory store, params string[] processorNames)
    {
        ValidateStoreName(store.Name);
        if (_stores.ContainsKey(store.Name) || _globalStores.Any(g => g.Store.Name == store.Name))
        {
            throw new TopologyException($"state store '{store.Name}' is already added.");
        }

        _stores.Add(store.Name, store);
        foreach (var p in processorNames)
        {
            ConnectProcessorAndStore(p, store.Name);
        }
    }

    /// <summary>A store's name names its changelog topic and its folder under the task directory: a legal topic name, never "." or "..".</summary>
    private static void ValidateStoreName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 249 || name is "." or ".." || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            throw new TopologyException(
                $"state store name '{name}' is illegal: use 1 to 249 ASCII letters, digits, '.', '_' or '-', not '.' or '..' (it names the store's changelog topic and its folder in the state directory).");
        }
    }

    public void ConnectProcessorAndStore(string processorName, string storeName)
    {
        if (!_byName.TryGetValue(processorName, out var node) || node is not ProcessorFactory processor)
        {
            throw new TopologyException($"processor '{processorName}' does not exist (connecting store '{storeName}').");
        }

        if (!_stores.ContainsKey(storeName))
        {
            throw new TopologyException($"state store '{storeName}' does not exist (connecting processor '{processorName}').");
        }

        processor.StoreNames.Add(storeName);
        _subtopologies = null;
    }

    public void AddGlobalStore(
        StoreFactory store,
        string sourceName,
        string topic,
        Func<IReadOnlyList<string>, SourceNode> createSource,
        string processorName,
        Func<IReadOnlySet<string>, ProcessorNode> createProcessor)
    {
        ValidateStoreName(store.Name);
        if (_stores.ContainsKey(store.Name) || _globalStores.Any(g => g.Store.Name == store.Name))
        {
            throw new TopologyException($"state store '{store.Name}' is already added.");
        }

        if (_byName.ContainsKey(sourceName) || _byName.ContainsKey(processorName))
        {
            throw new TopologyException($"node name '{sourceName}' or '{processorName}' is already used.");
        }

        if (_globalStores.Any(g => g.Topic == topic))
        {
            throw new TopologyException($"topic '{topic}' already backs global store '{_globalStores.First(g => g.Topic == topic).Store.Name}'; read it once.");
        }

        if (_nodes.OfType<SourceFactory>().Any(s => s.Topics.Contains(topic, StringComparer.Ordinal)))
        {
            throw new TopologyException($"topic '{topic}' is already read by a stream source; a global store needs its own topic.");
        }

        _globalStores.Add(new GlobalStoreDefinition(store, sourceName, topic, createSource, processorName, createProcessor));
    }

    public IReadOnlyList<Subtopology> Subtopologies => _subtopologies ??= ComputeSubtopologies();

    /// <summary>Builds fresh runtime nodes and stores for one task of a sub-topology.</summary>
    public ProcessorTopology BuildTask(int subtopologyId, string applicationId, IDslStoreSuppliers storeSuppliers, State.Internal.RecordCache? cache = null)
    {
        var sub = Subtopologies[subtopologyId];
        var built = new Dictionary<string, ProcessorNode>(StringComparer.Ordinal);
        var ordered = new List<ProcessorNode>();
        var sources = new Dictionary<string, SourceNode>(StringComparer.Ordinal);
        foreach (var name in sub.NodeNames)
        {
            var factory = _byName[name];
            var node = factory switch
            {
                SourceFactory s => BuildSource(s, applicationId, sources),
                ProcessorFactory p => p.Create(p.StoreNames),
                SinkFactory k => k.Create(k.Topic is null ? null : Decorate(k.Topic, k.InternalTopic, applicationId)),
                _ => throw new InvalidOperationException(factory.GetType().Name),
            };
            foreach (var parent in factory.Predecessors)
            {
                built[parent].Children.Add(node);
            }

            built.Add(name, node);
            ordered.Add(node);
        }

        var stores = new List<IStateStore>();
        var changelogs = new Dictionary<string, string>(StringComparer.Ordinal);
        var sourceChangelogs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var storeName in sub.StoreNames)
        {
            var factory = _stores[storeName];
            stores.Add(factory.Create(new StoreBuildContext(storeSuppliers, cache)));
            if (factory.LoggingEnabled)
            {
                changelogs[storeName] = InternalTopicNames.Changelog(applicationId, storeName);
            }
            else if (_sourceChangelogs.TryGetValue(storeName, out var sourceTopic))
            {
                sourceChangelogs[storeName] = sourceTopic;
            }
        }

        return new ProcessorTopology(ordered, sources, stores, changelogs, sourceChangelogs);
    }

    /// <summary>Builds the global stores' nodes; the changelog of each store is its source topic.</summary>
    public ProcessorTopology BuildGlobal(IDslStoreSuppliers storeSuppliers)
    {
        var ordered = new List<ProcessorNode>();
        var sources = new Dictionary<string, SourceNode>(StringComparer.Ordinal);
        var stores = new List<IStateStore>();
        var changelogs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in _globalStores)
        {
            var source = g.CreateSource([g.Topic]);
            var processor = g.CreateProcessor(new HashSet<string>(StringComparer.Ordinal) { g.Store.Name });
            source.Children.Add(processor);
            ordered.Add(source);
            ordered.Add(processor);
            sources[g.Topic] = source;
            stores.Add(g.Store.Create(new StoreBuildContext(storeSuppliers, null)));
            changelogs[g.Store.Name] = g.Topic;
        }

        return new ProcessorTopology(ordered, sources, stores, changelogs);
    }

    public static string Decorate(string topic, bool internalTopic, string applicationId) =>
        internalTopic ? InternalTopicNames.Internal(applicationId, topic) : topic;

    public IEnumerable<(string Name, IReadOnlyList<string> Predecessors, IReadOnlyList<string> Successors, NodeKind Kind, IReadOnlyList<string> Topics, IReadOnlyCollection<string> Stores)> DescribeNodes(Subtopology sub)
    {
        foreach (var name in sub.NodeNames)
        {
            var f = _byName[name];
            var successors = _nodes.Where(n => n.Predecessors.Contains(name, StringComparer.Ordinal)).Select(n => n.Name).ToList();
            yield return f switch
            {
                SourceFactory s => (name, f.Predecessors, successors, NodeKind.Source, s.Topics.Select(t => s.InternalTopic ? InternalTopicNames.Described(t) : t).ToList(), (IReadOnlyCollection<string>)[]),
                ProcessorFactory p => (name, f.Predecessors, successors, NodeKind.Processor, (IReadOnlyList<string>)[], p.StoreNames),
                SinkFactory k => (name, f.Predecessors, successors, NodeKind.Sink, k.Topic is null ? ["<topic extractor>"] : [k.InternalTopic ? InternalTopicNames.Described(k.Topic) : k.Topic], []),
                _ => throw new InvalidOperationException(),
            };
        }
    }

    private static SourceNode BuildSource(SourceFactory s, string applicationId, Dictionary<string, SourceNode> sources)
    {
        var topics = s.Topics.Select(t => Decorate(t, s.InternalTopic, applicationId)).ToList();
        var node = s.Create(topics);
        foreach (var t in topics)
        {
            sources[t] = node;
        }

        return node;
    }

    private IEnumerable<TopicRef> SourceTopicsOf(string nodeName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([nodeName]);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name) || !_byName.TryGetValue(name, out var node))
            {
                continue;
            }

            if (node is SourceFactory source)
            {
                foreach (var topic in source.Topics)
                {
                    yield return new TopicRef(topic, source.InternalTopic);
                }
            }

            foreach (var predecessor in node.Predecessors)
            {
                pending.Push(predecessor);
            }
        }
    }

    private void Add(NodeFactory factory)
    {
        if (!_byName.TryAdd(factory.Name, factory) || _globalStores.Any(g => g.SourceName == factory.Name || g.ProcessorName == factory.Name))
        {
            throw new TopologyException($"node name '{factory.Name}' is already used.");
        }

        _nodes.Add(factory);
        _subtopologies = null;
    }

    private void RequirePredecessors(string name, IReadOnlyList<string> predecessors)
    {
        if (predecessors.Count == 0)
        {
            throw new TopologyException($"node '{name}' must have at least one parent.");
        }

        foreach (var p in predecessors)
        {
            if (!_byName.TryGetValue(p, out var parent))
            {
                throw new TopologyException($"parent '{p}' of node '{name}' does not exist.");
            }

            if (parent is SinkFactory)
            {
                throw new TopologyException($"sink '{p}' cannot be the parent of '{name}'.");
            }
        }
    }

    private List<Subtopology> ComputeSubtopologies()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Count; i++)
        {
            index[_nodes[i].Name] = i;
        }

        var parent = Enumerable.Range(0, _nodes.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        var storeOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Count; i++)
        {
            foreach (var p in _nodes[i].Predecessors)
            {
                Union(i, index[p]);
            }

            if (_nodes[i] is ProcessorFactory pf)
            {
                foreach (var s in pf.StoreNames)
                {
                    if (storeOwner.TryGetValue(s, out var other))
                    {
                        Union(i, other);
                    }
                    else
                    {
                        storeOwner[s] = i;
                    }
                }
            }
        }

        var groups = Enumerable.Range(0, _nodes.Count).GroupBy(Find).OrderBy(g => g.Key).ToList();
        var result = new List<Subtopology>();
        foreach (var g in groups)
        {
            var members = g.OrderBy(i => i).Select(i => _nodes[i]).ToList();
            var sources = members.OfType<SourceFactory>().SelectMany(s => s.Topics.Select(t => new TopicRef(t, s.InternalTopic))).ToList();
            var sinks = members.OfType<SinkFactory>().Where(k => k.Topic is not null).Select(k => new TopicRef(k.Topic!, k.InternalTopic)).Distinct().ToList();
            var stores = members.OfType<ProcessorFactory>().SelectMany(p => p.StoreNames).Distinct(StringComparer.Ordinal).ToList();
            result.Add(new Subtopology(result.Count, members.Select(m => m.Name).ToList(), sources, sinks, stores));
        }

        return result;
    }

    internal enum NodeKind
    {
        Source,
        Processor,
        Sink,
    }

    internal abstract class NodeFactory(string name, IReadOnlyList<string> predecessors)
    {
        public string Name { get; } = name;

        public IReadOnlyList<string> Predecessors { get; } = predecessors;
    }

    private sealed class SourceFactory(string name, IReadOnlyList<string> topics, bool internalTopic, Func<IReadOnlyList<string>, SourceNode> create)
        : NodeFactory(name, [])
    {
        public IReadOnlyList<string> Topics { get; } = topics;

        public bool InternalTopic { get; } = internalTopic;

        public Func<IReadOnlyList<string>, SourceNode> Create { get; } = create;
    }

    private sealed class ProcessorFactory(string name, IReadOnlyList<string> predecessors, Func<IReadOnlySet<string>, ProcessorNode> create)
        : NodeFactory(name, predecessors)
    {
        public HashSet<string> StoreNames { get; } = new(StringComparer.Ordinal);

        public Func<IReadOnlySet<string>, ProcessorNode> Create { get; } = create;
    }

    private sealed class SinkFactory(string name, string? topic, bool internalTopic, IReadOnlyList<string> predecessors, Func<string?, ProcessorNode> create)
        : NodeFactory(name, predecessors)
    {
        public string? Topic { get; } = topic;

        public bool InternalTopic { get; } = internalTopic;

        public Func<string?, ProcessorNode> Create { get; } = create;
    }
}

/// <summary>A topic as referenced by the topology; internal ones are decorated with the application id at run time.</summary>
internal readonly record struct TopicRef(string Name, bool Internal)
{
    public string Decorated(string applicationId) => InternalTopologyBuilder.Decorate(Name, Internal, applicationId);
}

/// <summary>One sub-topology: connected nodes (through parents or shared stores).</summary>
internal sealed record Subtopology(
    int Id,
    IReadOnlyList<string> NodeNames,
    IReadOnlyList<TopicRef> SourceTopics,
    IReadOnlyList<TopicRef> SinkTopics,
    IReadOnlyList<string> StoreNames);

/// <summary>How to create one store's layers given the configured bytes-store suppliers.</summary>
internal sealed record StoreFactory(string Name, string Kind, bool LoggingEnabled, Func<StoreBuildContext, IStateStore> Create)
{
    /// <summary>
    /// A window or session store's retention in ms (its changelog's <c>retention.ms</c> is this plus
    /// <c>StreamsOptions.WindowStoreChangelogAdditionalRetention</c>), or null for other stores.
    /// </summary>
    public long? RetentionMs { get; init; }

    /// <summary>A versioned store's history retention in ms (its changelog's <c>min.compaction.lag.ms</c> is this + 1 day), or null.</summary>
    public long? HistoryRetentionMs { get; init; }

    /// <summary>User topic configs for the changelog (<c>Materialized.WithLoggingEnabled(configs)</c>), overriding the computed ones; or null.</summary>
    public IReadOnlyDictionary<string, string>? LoggingConfigs { get; init; }
}

/// <summary>What a store factory may use when a task builds its stores: the bytes-store kind and the thread's record cache (null: caching off).</summary>
internal sealed record StoreBuildContext(IDslStoreSuppliers Suppliers, State.Internal.RecordCache? Cache);

/// <summary>A global store: its topic, the source and processor that load it, and the store.</summary>
internal sealed record GlobalStoreDefinition(
    StoreFactory Store,
    string SourceName,
    string Topic,
    Func<IReadOnlyList<string>, SourceNode> CreateSource,
    string ProcessorName,
    Func<IReadOnlySet<string>, ProcessorNode> CreateProcessor);
