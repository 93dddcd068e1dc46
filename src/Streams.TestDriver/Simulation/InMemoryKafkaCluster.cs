using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// An in-memory model of a Kafka cluster for tests: topics and partitions with offsets and timestamps, consumer groups
/// with the classic protocol (eager and cooperative, KIP-429), committed offsets, idempotent and transactional producers
/// (KIP-98, KIP-447) and read_committed isolation. Clients reach it through
/// <see cref="InMemoryKafkaClientSupplier"/>, as Confluent.Kafka's <see cref="IConsumer{TKey, TValue}"/>,
/// <see cref="IProducer{TKey, TValue}"/> and <see cref="IAdminClient"/>.
/// </summary>
/// <remarks>
/// <para>
/// This is a test tool, not a Kafka: production and the examples run against a real broker. It plays the part of
/// Kafka's <c>MockConsumer</c>/<c>MockProducer</c> for a whole cluster, so that a <see cref="StreamsApplication"/> can run
/// end to end in one process without a broker, and so that a deterministic scheduler can drive it. Each modelled
/// behaviour names the Kafka class or KIP it follows; the scenarios the embedded broker (librdkafka's mock cluster) also
/// supports run against both in this project's tests, so the two cannot drift silently.
/// </para>
/// <para>
/// One broker (id 1, <see cref="BootstrapServers"/>), no replication (the high watermark is the log end offset), no
/// network: a request is answered at once under one lock. Blocking calls (<c>Consume(timeout)</c>) wait in real time up
/// to their timeout for a record or a group change, except on a thread a <see cref="DeterministicScheduler"/> runs, where
/// every request may hand over to another thread and waits are on the virtual clock. Timestamps, <c>max.poll.interval.ms</c>
/// and group expiry read <see cref="TimeProvider"/>. Faults are injected on demand (request errors, coordinator moves,
/// fencing: InMemoryKafkaCluster.Faults.cs). Thread-safe.
/// </para>
/// </remarks>
public sealed partial class InMemoryKafkaCluster
{
    /// <summary>The id of the single broker in metadata answers.</summary>
    public const int BrokerId = 1;

    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);

    /// <summary>Creates an empty cluster.</summary>
    /// <param name="timeProvider">The cluster's clock: log-append timestamps, poll-interval expiry. Default <see cref="TimeProvider.System"/>.</param>
    public InMemoryKafkaCluster(TimeProvider? timeProvider = null) => TimeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>The cluster's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>A bootstrap servers string for the clients' configs (<c>in-memory:9092</c>); the model ignores it.</summary>
    public string BootstrapServers { get; } = "in-memory:9092";

    /// <summary>
    /// Whether producing to, or asking an admin client for the metadata of, an unknown topic creates it with
    /// <see cref="DefaultPartitions"/> partitions, as a broker with <c>auto.create.topics.enable=true</c> (Kafka's default).
    /// Consumers never create topics (librdkafka's <c>allow.auto.create.topics=false</c>). Default true.
    /// </summary>
    public bool AutoCreateTopics { get; init; } = true;

    /// <summary>Partitions of an auto-created topic (the broker's <c>num.partitions</c>, default 1 as in Kafka).</summary>
    public int DefaultPartitions { get; init; } = 1;

    /// <summary>The lock of every request, and what waiting consumers wait on.</summary>
    internal object Gate { get; } = new();

    /// <summary>The names of the topics, in order.</summary>
    public IReadOnlyList<string> Topics
    {
        get
        {
            lock (Gate)
            {
                return _topics.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Creates a topic (as Kafka's <c>CreateTopics</c>).</summary>
    /// <param name="name">The topic name (non-empty).</param>
    /// <param name="partitions">Its partition count (at least 1).</param>
    /// <param name="configs">Its topic configs (e.g. <c>cleanup.policy</c>), returned by DescribeConfigs; null: none.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="partitions"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The topic exists (Kafka's <c>TopicAlreadyExists</c>).</exception>
    public void CreateTopic(string name, int partitions, IReadOnlyDictionary<string, string>? configs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        lock (Gate)
        {
            if (!TryCreateTopic(name, partitions, configs))
            {
                throw new InvalidOperationException($"Topic '{name}' already exists.");
            }
        }
    }

    /// <summary>The partition count of <paramref name="topic"/>, or null when it does not exist.</summary>
    /// <param name="topic">The topic.</param>
    /// <returns>The count, or null.</returns>
    public int? PartitionCount(string topic)
    {
        lock (Gate)
        {
            return _topics.TryGetValue(topic, out var t) ? t.Partitions.Count : null;
        }
    }

    /// <summary>Every data record of one partition from its log start, whatever its transaction's fate (control markers left out).</summary>
    /// <param name="partition">The partition.</param>
    /// <returns>The records in offset order; empty when the topic or partition does not exist.</returns>
    public IReadOnlyList<InMemoryRecord> Records(TopicPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        lock (Gate)
        {
            return Log(partition) is { } log ? log.Entries.Where(e => !e.IsControl).Select(e => ToRecord(partition, e)).ToList() : [];
        }
    }

    /// <summary>
    /// The data records of every partition of <paramref name="topic"/> that a read_committed consumer reading from the log
    /// start sees now: below the last stable offset, without aborted transactions' records; by partition, then offset.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <returns>The records; empty when the topic does not exist.</returns>
    public IReadOnlyList<InMemoryRecord> CommittedRecords(string topic)
    {
        lock (Gate)
        {
            if (!_topics.TryGetValue(topic, out var t))
            {
                return [];
            }

            return t.Partitions.SelectMany(log => log.Entries
                    .Where(e => e.Offset < log.LastStableOffset && !e.IsControl && e.Transaction?.State != InMemoryTransactionState.Aborted)
                    .Select(e => ToRecord(log.Partition, e)))
                .ToList();
        }
    }

    /// <summary>The log start offset and high watermark of a partition (Kafka's ListOffsets EARLIEST and LATEST, read_uncommitted).</summary>
    /// <param name="partition">The partition.</param>
    /// <returns>The offsets.</returns>
    /// <exception cref="ArgumentException">The partition does not exist.</exception>
    public WatermarkOffsets Watermarks(TopicPartition partition)
    {
        lock (Gate)
        {
            var log = Log(partition) ?? throw new ArgumentException($"Unknown partition {partition}.", nameof(partition));
            return new WatermarkOffsets(log.LogStartOffset, log.HighWatermark);
        }
    }

    /// <summary>A partition's last stable offset (KIP-98): the first offset of its oldest open transaction, or its high watermark.</summary>
    /// <param name="partition">The partition.</param>
    /// <returns>The offset.</returns>
    /// <exception cref="ArgumentException">The partition does not exist.</exception>
    public long LastStableOffset(TopicPartition partition)
    {
        lock (Gate)
        {
            return (Log(partition) ?? throw new ArgumentException($"Unknown partition {partition}.", nameof(partition))).LastStableOffset;
        }
    }

    /// <summary>Deletes the records before <paramref name="offset"/> (Kafka's DeleteRecords, KIP-107, and what time or size retention does): the log start offset moves there.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="offset">The new log start offset (clamped to the high watermark; a lower one than now changes nothing).</param>
    /// <exception cref="ArgumentException">The partition does not exist.</exception>
    public void DeleteRecords(TopicPartition partition, long offset)
    {
        lock (Gate)
        {
            (Log(partition) ?? throw new ArgumentException($"Unknown partition {partition}.", nameof(partition))).DeleteBefore(offset);
            Pulse();
        }
    }

    /// <summary>
    /// Compacts every partition of <paramref name="topic"/> now, below its last stable offset (Kafka's <c>LogCleaner</c> on a
    /// <c>cleanup.policy=compact</c> topic): the newest record of each key stays; offsets do not change, so consumers skip the gaps.
    /// Tombstones are kept (no <c>delete.retention.ms</c>).
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <exception cref="ArgumentException">The topic does not exist.</exception>
    public void Compact(string topic)
    {
        lock (Gate)
        {
            if (!_topics.TryGetValue(topic, out var t))
            {
                throw new ArgumentException($"Unknown topic '{topic}'.", nameof(topic));
            }

            foreach (var log in t.Partitions)
            {
                log.Compact();
            }
        }
    }

    /// <summary>The offset a group committed for a partition (Kafka's OffsetFetch), or null when it committed none.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="partition">The partition.</param>
    /// <returns>The committed offset (the next record to read), or null.</returns>
    public long? CommittedOffset(string groupId, TopicPartition partition)
    {
        lock (Gate)
        {
            return _groups.TryGetValue(groupId, out var g) && g.Committed.TryGetValue(partition, out var o) ? o : null;
        }
    }

    /// <summary>The generation of a group (Kafka's <c>GroupMetadata.generationId</c>): 0 before its first rebalance completes, or null for an unknown group.</summary>
    /// <param name="groupId">The group.</param>
    /// <returns>The generation, or null.</returns>
    public int? GroupGeneration(string groupId)
    {
        lock (Gate)
        {
            return _groups.TryGetValue(groupId, out var g) ? g.Generation : null;
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-evaluating it after every change of the cluster (a record
    /// appended, a transaction ended, an offset committed, a group change), under the cluster's lock: the condition may
    /// read the cluster (e.g. <see cref="CommittedRecords"/>) but must not wait for another thread.
    /// </summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="timeout">The bound of the wait, in real time.</param>
    /// <returns>True when the condition held; false when <paramref name="timeout"/> passed first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/> is null.</exception>
    public bool WaitUntil(Func<InMemoryKafkaCluster, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = System.Diagnostics.Stopwatch.StartNew();
        lock (Gate)
        {
            while (!condition(this))
            {
                var remaining = timeout - started.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(Gate, remaining);
            }

            return true;
        }
    }

    /// <summary>
    /// The members of a group and the partitions each owns (its last synced assignment), when the group is Stable and
    /// every member has picked up its assignment; null while it rebalances, or for an unknown or empty group.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <returns>Member id to owned partitions, or null.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>>? StableGroupAssignment(string groupId)
    {
        lock (Gate)
        {
            if (!_groups.TryGetValue(groupId, out var g) || g.Phase != GroupPhase.Stable || g.Members.Count == 0 || g.Members.Any(m => m.Pending is not null))
            {
                return null;
            }

            return g.Members.ToDictionary(m => m.Id, m => (IReadOnlyList<TopicPartition>)[.. m.Owned], StringComparer.Ordinal);
        }
    }

    internal long NowMs => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    internal bool TryCreateTopic(string name, int partitions, IReadOnlyDictionary<string, string>? configs)
    {
        if (_topics.ContainsKey(name))
        {
            return false;
        }

        _topics[name] = new TopicState(name, partitions, configs);
        Pulse();
        return true;
    }

    internal void RemoveTopic(string name)
    {
        _topics.Remove(name);
        Pulse();
    }

    internal TopicState? Topic(string name, bool autoCreate)
    {
        if (_topics.TryGetValue(name, out var t))
        {
            return t;
        }

        if (autoCreate && AutoCreateTopics)
        {
            TryCreateTopic(name, DefaultPartitions, null);
            return _topics[name];
        }

        return null;
    }

    internal PartitionLog? Log(TopicPartition tp) =>
        _topics.TryGetValue(tp.Topic, out var t) && tp.Partition.Value >= 0 && tp.Partition.Value < t.Partitions.Count ? t.Partitions[tp.Partition.Value] : null;

    internal IEnumerable<TopicState> AllTopics => _topics.Values;

    internal Metadata Metadata(string? topic, bool autoCreate)
    {
        var topics = new List<TopicMetadata>();
        if (topic is null)
        {
            topics.AddRange(_topics.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.ToMetadata()));
        }
        else
        {
            topics.Add(Topic(topic, autoCreate)?.ToMetadata() ?? new TopicMetadata(topic, [], new Error(ErrorCode.UnknownTopicOrPart, "Broker: Unknown topic or partition")));
        }

        return new Metadata([new BrokerMetadata(BrokerId, "in-memory", 9092)], topics, BrokerId, "in-memory:9092/1");
    }

    private static InMemoryRecord ToRecord(TopicPartition tp, LogEntry e) =>
        new(tp, e.Offset, e.Timestamp, e.Key, e.Value, e.Headers, e.ProducerId, e.Transaction?.State ?? InMemoryTransactionState.None);

    /// <summary>A topic: its partitions' logs and its configs.</summary>
    internal sealed class TopicState
    {
        public TopicState(string name, int partitions, IReadOnlyDictionary<string, string>? configs)
        {
            Name = name;
            Partitions = Enumerable.Range(0, partitions).Select(p => new PartitionLog(new TopicPartition(name, p))).ToList();
            Configs = configs is null ? new(StringComparer.Ordinal) : new(configs, StringComparer.Ordinal);
        }

        public string Name { get; }

        public List<PartitionLog> Partitions { get; }

        public Dictionary<string, string> Configs { get; }

        public TopicMetadata ToMetadata() =>
            new(Name, Partitions.Select(p => new PartitionMetadata(p.Partition.Partition.Value, BrokerId, [BrokerId], [BrokerId], ErrorCode.NoError)).ToList(), ErrorCode.NoError);
    }
}
