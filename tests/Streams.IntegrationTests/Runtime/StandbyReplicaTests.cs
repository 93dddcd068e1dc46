using System.Globalization;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.Processor;
using Streams.Queries;
using Streams.RocksDb;
using Streams.State;
using Xunit.Abstractions;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Standby replicas (<see cref="StreamsOptions.NumStandbyReplicas"/>) against the embedded broker, as Kafka Streams'
/// <c>num.standby.replicas</c>: two instances each keep the other's tasks warm from their changelogs (RocksDB stores),
/// one stops, and the survivor restores only what its standby had not applied yet; the same fail-over without standbys
/// restores the whole changelog of the tasks taken over. Expected counts are computed from the input.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests3))]
public sealed class StandbyReplicaTests(ITestOutputHelper output) : EmbeddedBrokerTestBase("streams-standby-")
{
    private const string AppId = "standby-app";
    private const string Input = "words";
    private const string Store = "counts";
    private const string Changelog = $"{AppId}-{Store}-changelog";
    private static readonly HostInfo s_hostA = new("localhost", 7101);
    private static readonly HostInfo s_hostB = new("localhost", 7102);

    [Fact]
    public async Task With_one_standby_each_instance_keeps_the_others_tasks_and_the_survivor_restores_only_what_its_standby_had_not_applied()
    {
        var run = await FailOver(standbyReplicas: 1);

        run.StandbyOfA.Should().BeEquivalentTo(run.TasksOfB, "with two instances each one's standby tasks are exactly the other's active tasks");
        run.StandbyOfB.Should().BeEquivalentTo(run.TasksOfA);
        foreach (var tp in run.PartitionsOfB)
        {
            var promoted = run.Promoted[tp];
            var restore = run.Restores[tp];
            restore.Start.Should().Be(promoted.StoreOffset + 1, $"{tp}: the active restore starts right after the last record the standby applied");
            restore.Restored.Should().Be(restore.End - restore.Start, $"{tp}: only the changelog written after the standby's position is restored");
            restore.Start.Should().BeGreaterThanOrEqualTo(run.CaughtUpEnds[tp], $"{tp}: the standby had reached the changelog end of the first batch before the fail-over");
            restore.Restored.Should().BeLessThan(restore.End, $"{tp}: the standby saved restoring the whole changelog");
        }

        run.Promoted.Keys.Should().BeEquivalentTo(run.PartitionsOfB, "every standby that became active reported Promoted");
        foreach (var task in run.TasksOfA)
        {
            var tp = new TopicPartition(Changelog, task.Partition);
            var stopped = run.StoppedStandbysOfB[tp];
            stopped.Reason.Should().Be(StandbyUpdateSuspendReason.Migrated, $"{tp}: B's standby closed because B stopped");
            stopped.StoreOffset.Should().BeGreaterThanOrEqualTo(run.CaughtUpEnds[tp] - 1);
            run.CheckpointsOfB[tp].Should().Be(stopped.StoreOffset + 1, $"{tp}: B's standby left its state directory checkpointed right after the last record it applied");
        }
    }

    [Fact]
    public async Task Without_standbys_the_survivor_restores_the_whole_changelog_of_the_tasks_it_takes_over()
    {
        var run = await FailOver(standbyReplicas: 0);

        run.StandbyOfA.Should().BeEmpty();
        run.StandbyOfB.Should().BeEmpty();
        run.Promoted.Should().BeEmpty();
        run.StoppedStandbysOfB.Should().BeEmpty();
        foreach (var tp in run.PartitionsOfB)
        {
            var restore = run.Restores[tp];
            restore.Start.Should().Be(0, $"{tp}: nothing of the task was kept on the survivor");
            restore.Restored.Should().Be(restore.End, $"{tp}: the whole changelog is restored");
            restore.End.Should().BeGreaterThanOrEqualTo(run.CaughtUpEnds[tp]).And.BeGreaterThan(0);
        }
    }

    /// <summary>
    /// A and B count words with RocksDB stores; once both run, a first batch is processed and committed and (with
    /// standbys) each standby reaches the changelog end; a second batch goes to B's partitions only, and B stops at once.
    /// A takes B's tasks over; its counts then equal the counts of the input.
    /// </summary>
    private async Task<FailOverRun> FailOver(int standbyReplicas)
    {
        Cluster.CreateTopic(Input, 4);
        Cluster.CreateTopic(Changelog, 4);
        var restoresOfA = new RestoreRecorder();
        var standbyOfA = new StandbyRecorder();
        var standbyOfB = new StandbyRecorder();
        await using var a = await Start(s_hostA, "a", standbyReplicas, restoresOfA, standbyOfA);
        await WaitUntil(() => a.State == StreamsState.Running && ActiveTasks(a).Count == 4, () => "A runs every task");
        await using var b = await Start(s_hostB, "b", standbyReplicas, null, standbyOfB);
        await WaitUntil(
            () => a.State == StreamsState.Running && b.State == StreamsState.Running && ActiveTasks(a).Count == 2 && ActiveTasks(b).Count == 2
                && (standbyReplicas == 0 || (StandbyTasks(a, s_hostA).SetEquals(ActiveTasks(b)) && StandbyTasks(b, s_hostB).SetEquals(ActiveTasks(a)))),
            () => $"A and B split the tasks (A [{string.Join(", ", ActiveTasks(a))}], B [{string.Join(", ", ActiveTasks(b))}]) and announce the other's as standbys");
        var tasksOfA = ActiveTasks(a);
        var tasksOfB = ActiveTasks(b);
        var run = new FailOverRun
        {
            TasksOfA = tasksOfA,
            TasksOfB = tasksOfB,
            StandbyOfA = StandbyTasks(a, s_hostA),
            StandbyOfB = StandbyTasks(b, s_hostB),
            PartitionsOfB = [.. tasksOfB.Select(t => new TopicPartition(Changelog, t.Partition))],
        };

        // First batch, over every partition: processed, committed (so its changelog is complete) and, with standbys, applied by them.
        var expected = new Dictionary<string, long>();
        var partitionOf = await ProduceCounted(Enumerable.Range(0, 400).Select(i => $"word-{i % 40}"), expected);
        await WaitUntil(() => Committed(a, b) == 400, () => $"the first batch is committed ({Committed(a, b)} of 400)");
        foreach (var tp in Enumerable.Range(0, 4).Select(p => new TopicPartition(Changelog, p)))
        {
            run.CaughtUpEnds[tp] = ChangelogEnd(tp);
        }

        if (standbyReplicas > 0)
        {
            await WaitUntil(
                () => run.PartitionsOfB.All(tp => standbyOfA.Position(tp) >= run.CaughtUpEnds[tp])
                    && tasksOfA.All(t => standbyOfB.Position(new TopicPartition(Changelog, t.Partition)) >= run.CaughtUpEnds[new TopicPartition(Changelog, t.Partition)]),
                () => "both instances' standbys reach the changelog end");
        }

        foreach (var (word, partition) in standbyReplicas > 0 ? partitionOf : [])
        {
            var where = a.QueryMetadataForKey(Store, word, Serializers.Utf8);
            where.Partition.Should().Be(partition);
            where.StandbyHosts.Should().BeEquivalentTo([tasksOfB.Any(t => t.Partition == partition) ? s_hostA : s_hostB], $"the standby host of {word} is the instance that does not run its partition");
        }

        // Second batch, on B's partitions only (A has nothing uncommitted when the group rebalances), and B stops at once.
        var keysOfB = partitionOf.Where(kv => tasksOfB.Any(t => t.Partition == kv.Value)).Select(kv => kv.Key).ToList();
        keysOfB.Should().NotBeEmpty();
        await ProduceCounted(Enumerable.Range(0, 200).Select(i => keysOfB[i % keysOfB.Count]), expected);
        restoresOfA.Clear();
        await b.StopAsync();
        foreach (var (tp, suspension) in standbyOfB.Suspensions)
        {
            run.StoppedStandbysOfB[tp] = suspension;
        }

        foreach (var task in standbyReplicas > 0 ? tasksOfA : [])
        {
            var tp = new TopicPartition(Changelog, task.Partition);
            var checkpoint = File.ReadAllLines(Path.Combine(StateDir, "b", AppId, task.ToString(), ".checkpoint"));
            run.CheckpointsOfB[tp] = long.Parse(checkpoint.Single(l => l.StartsWith($"{Changelog} {task.Partition} ", StringComparison.Ordinal)).Split(' ')[2], CultureInfo.InvariantCulture);
        }

        await WaitUntil(() => a.State == StreamsState.Running && ActiveTasks(a).Count == 4 && Committed(a) == 600, () => $"A runs every task and committed all 600 records ({Committed(a)})");
        var counts = a.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string, long>>.FromNameAndType(Store, QueryableStoreTypes.KeyValueStore<string, long>()));
        foreach (var (word, count) in expected)
        {
            counts.Get(word).Should().Be(count, $"the count of {word} after the fail-over equals its count in the input");
        }

        foreach (var tp in run.PartitionsOfB)
        {
            run.Restores[tp] = restoresOfA.Single(tp);
        }

        foreach (var (tp, suspension) in standbyOfA.Suspensions.Where(s => s.Value.Reason == StandbyUpdateSuspendReason.Promoted))
        {
            run.Promoted[tp] = suspension;
        }

        output.WriteLine($"standbys {standbyReplicas}: A took over {string.Join(", ", run.PartitionsOfB.Select(tp => $"{tp} restoring [{run.Restores[tp].Start}, {run.Restores[tp].End}) = {run.Restores[tp].Restored} records"))}");

        return run;
    }

    private async Task<StreamsApplication> Start(HostInfo endpoint, string name, int standbyReplicas, IStateRestoreListener? restores, IStandbyUpdateListener? standbys)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(Input).GroupByKey().Count(Materialized<string, long>.As(Store));
        var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = AppId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = Directory.CreateDirectory(Path.Combine(StateDir, name)).FullName,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            ApplicationServer = endpoint.ToString(),
            DslStoreSuppliers = new RocksDbDslStoreSuppliers(),
            NumStandbyReplicas = standbyReplicas,
            StateRestoreListener = restores,
            StandbyUpdateListener = standbys,
            Consumer = MockBrokerGroup.Consumer(),
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Produces the words with the murmur2 partitioner, adds them to <paramref name="expected"/>, and returns each word's partition.</summary>
    private async Task<Dictionary<string, int>> ProduceCounted(IEnumerable<string> words, Dictionary<string, long> expected)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        var partitionOf = new Dictionary<string, int>();
        foreach (var word in words)
        {
            var delivery = await producer.ProduceAsync(Input, new Message<string, string> { Key = word, Value = "x" });
            partitionOf[word] = delivery.Partition.Value;
            expected[word] = expected.GetValueOrDefault(word) + 1;
        }

        return partitionOf;
    }

    private static HashSet<TaskId> ActiveTasks(StreamsApplication app) => app.MetadataForLocalThreads().SelectMany(t => t.ActiveTasks).ToHashSet();

    /// <summary>The standby tasks <paramref name="app"/> announces, as both instances' metadata shows them (empty until both agree).</summary>
    private static HashSet<TaskId> StandbyTasks(StreamsApplication app, HostInfo host)
    {
        var own = app.MetadataForAllStreamsClients().SingleOrDefault(c => c.HostInfo == host);
        return own is null ? [] : own.StandbyTopicPartitions.Where(tp => tp.Topic == Input).Select(tp => new TaskId(0, tp.Partition.Value)).ToHashSet();
    }

    private static long Committed(params StreamsApplication[] apps) =>
        apps.SelectMany(a => a.Progress.Partitions).Where(p => p.Partition.Topic == Input).Sum(p => p.CommittedOffset);

    private long ChangelogEnd(TopicPartition tp)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "inspector" }).Build();
        return consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
    }

    private sealed class FailOverRun
    {
        public required IReadOnlySet<TaskId> TasksOfA { get; init; }

        public required IReadOnlySet<TaskId> TasksOfB { get; init; }

        public required IReadOnlySet<TaskId> StandbyOfA { get; init; }

        public required IReadOnlySet<TaskId> StandbyOfB { get; init; }

        public required IReadOnlyList<TopicPartition> PartitionsOfB { get; init; }

        /// <summary>Each changelog partition's end once the first batch was committed.</summary>
        public Dictionary<TopicPartition, long> CaughtUpEnds { get; } = [];

        /// <summary>How A restored each of B's changelog partitions when it took B's tasks over.</summary>
        public Dictionary<TopicPartition, (long Start, long End, long Restored)> Restores { get; } = [];

        /// <summary>B's standby suspensions when B stopped.</summary>
        public Dictionary<TopicPartition, (long StoreOffset, long EndOffset, StandbyUpdateSuspendReason Reason)> StoppedStandbysOfB { get; } = [];

        /// <summary>The offset in B's checkpoint of each of A's changelog partitions after B stopped.</summary>
        public Dictionary<TopicPartition, long> CheckpointsOfB { get; } = [];

        /// <summary>A's standby suspensions with reason Promoted.</summary>
        public Dictionary<TopicPartition, (long StoreOffset, long EndOffset, StandbyUpdateSuspendReason Reason)> Promoted { get; } = [];
    }

    /// <summary>Records restores per changelog partition; called on stream threads.</summary>
    private sealed class RestoreRecorder : IStateRestoreListener
    {
        private readonly Lock _gate = new();
        private readonly List<(TopicPartition Partition, long Start, long End, long Restored, bool Ended)> _restores = [];

        public void Clear()
        {
            lock (_gate)
            {
                _restores.Clear();
            }
        }

        /// <summary>The one completed restore of <paramref name="tp"/> since the last <see cref="Clear"/>.</summary>
        public (long Start, long End, long Restored) Single(TopicPartition tp)
        {
            lock (_gate)
            {
                var restore = _restores.Should().ContainSingle(r => r.Partition == tp, $"A restored {tp} once when it took the task over").Which;
                restore.Ended.Should().BeTrue();
                return (restore.Start, restore.End, restore.Restored);
            }
        }

        public void OnRestoreStart(TopicPartition topicPartition, string storeName, long startingOffset, long endingOffset)
        {
            lock (_gate)
            {
                _restores.Add((topicPartition, startingOffset, endingOffset, 0, false));
            }
        }

        public void OnBatchRestored(TopicPartition topicPartition, string storeName, long batchEndOffset, long numRestored)
        {
        }

        public void OnRestoreEnd(TopicPartition topicPartition, string storeName, long totalRestored)
        {
            lock (_gate)
            {
                var i = _restores.FindLastIndex(r => r.Partition == topicPartition);
                _restores[i] = _restores[i] with { Restored = totalRestored, Ended = true };
            }
        }
    }

    /// <summary>Records each standby partition's position (next offset) and suspensions; called on the standby updater thread.</summary>
    private sealed class StandbyRecorder : IStandbyUpdateListener
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<TopicPartition, long> _positions = [];
        private readonly Dictionary<TopicPartition, (long StoreOffset, long EndOffset, StandbyUpdateSuspendReason Reason)> _suspensions = [];

        public IReadOnlyDictionary<TopicPartition, (long StoreOffset, long EndOffset, StandbyUpdateSuspendReason Reason)> Suspensions
        {
            get
            {
                lock (_gate)
                {
                    return new Dictionary<TopicPartition, (long, long, StandbyUpdateSuspendReason)>(_suspensions);
                }
            }
        }

        /// <summary>The next changelog offset the standby of <paramref name="tp"/> reads; -1 before it started.</summary>
        public long Position(TopicPartition tp)
        {
            lock (_gate)
            {
                return _positions.GetValueOrDefault(tp, -1);
            }
        }

        public void OnUpdateStart(TopicPartition topicPartition, string storeName, long startingOffset)
        {
            lock (_gate)
            {
                _positions[topicPartition] = startingOffset;
            }
        }

        public void OnBatchLoaded(TopicPartition topicPartition, string storeName, TaskId taskId, long batchEndOffset, long batchSize, long currentEndOffset)
        {
            taskId.Partition.Should().Be(topicPartition.Partition.Value);
            lock (_gate)
            {
                _positions[topicPartition] = batchEndOffset + 1;
            }
        }

        public void OnUpdateSuspended(TopicPartition topicPartition, string storeName, long storeOffset, long currentEndOffset, StandbyUpdateSuspendReason reason)
        {
            lock (_gate)
            {
                _suspensions[topicPartition] = (storeOffset, currentEndOffset, reason);
            }
        }
    }
}
