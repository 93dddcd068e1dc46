using System.Diagnostics;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.Processor;
using Streams.Serialization;
using Streams.Testing;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Task assignment over several instances (<see cref="StreamsOptions.TaskAssignment"/>) on the embedded broker: partition
/// i of co-partitioned topics stays in one task on one member, tasks are balanced over the members, and under
/// <see cref="TaskAssignmentStrategy.CooperativeSticky"/> a member joining or leaving moves only the tasks it must, while
/// the others are never closed (each application's own log says which tasks it created and closed).
/// </summary>
/// <remarks>
/// Input is produced only while the group is stable and committed before each membership change: the mock cluster
/// refuses commits in the middle of a rebalance, which would make these exact counts at-least-once counts.
/// </remarks>
[Collection(nameof(EmbeddedBrokerTests))]
public sealed partial class TaskAssignmentTests() : EmbeddedBrokerTestBase("streams-assign-")
{
    private const int Partitions = 4;
    private static readonly TaskId[] s_allTasks = [.. Enumerable.Range(0, Partitions).Select(p => new TaskId(0, p))];

    [Theory]
    [InlineData(GroupProtocol.Classic)]
    [InlineData(GroupProtocol.Consumer)]
    public async Task Two_instances_split_a_co_partitioned_join_and_each_task_reads_partition_i_of_both_inputs(GroupProtocol protocol)
    {
        foreach (var topic in new[] { "clicks", "users", "enriched" })
        {
            Cluster.CreateTopic(topic, Partitions);
        }

        var builder = new StreamsBuilder();
        var users = builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store"));
        builder.Stream<string, string>("clicks").Join(users, (click, region) => $"{click}@{region}").To("enriched");
        var topology = builder.Build();
        await using var a = new StreamsApplication(topology, Options("join-" + protocol, "a", protocol: protocol));
        await using var b = new StreamsApplication(topology, Options("join-" + protocol, "b", protocol: protocol));
        await a.StartAsync();
        await WaitUntil(() => Stable([a]), () => Describe([a]));
        await b.StartAsync();
        await WaitUntil(() => Stable([a, b]), () => Describe([a, b]));

        foreach (var app in new[] { a, b })
        {
            Tasks(app).Should().HaveCount(2, "the cooperative-sticky assignor (classic) or the broker's (KIP-848) balances four lead partitions over two members");
            var expected = Tasks(app).SelectMany(t => new[] { new TopicPartition("clicks", t.Partition), new TopicPartition("users", t.Partition) });
            await WaitUntil(() => app.Progress.Partitions.Select(p => p.Partition).ToHashSet().SetEquals(expected), () => Describe([a, b]));
        }

        var regions = Enumerable.Range(0, 40).Select(i => ($"u{i}", $"r{i % 5}")).ToList();
        Produce("users", regions);
        await WaitUntil(() => Committed([a, b], "users") == regions.Count, () => Describe([a, b]));
        var clicks = Enumerable.Range(0, 100).Select(i => ($"u{i % 50}", $"c{i}")).ToList();
        Produce("clicks", clicks);

        var regionOf = regions.ToDictionary(r => r.Item1, r => r.Item2);
        var expectedJoins = clicks.Where(c => regionOf.ContainsKey(c.Item1)).Select(c => (c.Item1, $"{c.Item2}@{regionOf[c.Item1]}")).ToList();
        expectedJoins.Should().HaveCount(80, "clicks of u40..u49 have no user and an inner join drops them");
        ReadExactly("enriched", expectedJoins.Count).Should().BeEquivalentTo(expectedJoins, "every click met its user's region in the task that holds both partitions");
    }

    [Theory]
    [InlineData(TaskAssignmentStrategy.CooperativeSticky)]
    [InlineData(TaskAssignmentStrategy.Range)]
    [InlineData(TaskAssignmentStrategy.CooperativeSticky, GroupProtocol.Consumer)]
    public async Task A_member_joining_takes_tasks_over_and_under_cooperative_assignment_the_tasks_the_first_keeps_are_never_closed(TaskAssignmentStrategy strategy, GroupProtocol protocol = GroupProtocol.Classic)
    {
        PrepareCountTopics();
        var logA = new CapturingLoggerFactory();
        await using var a = new StreamsApplication(CountTopology(), Options($"join-{strategy}-{protocol}", "a", strategy, logA, protocol));
        await using var b = new StreamsApplication(CountTopology(), Options($"join-{strategy}-{protocol}", "b", strategy, protocol: protocol));
        await a.StartAsync();
        await WaitUntil(() => Stable([a]), () => Describe([a]));
        var input = Batch(0, 120);
        Produce("in", input);
        await WaitUntil(() => Committed([a], "in") == input.Count, () => Describe([a]));
        var before = Tasks(a);
        var mark = logA.Provider.Entries.Count;

        await b.StartAsync();
        await WaitUntil(() => Stable([a, b]), () => Describe([a, b]));

        var kept = Tasks(a);
        var (created, closed) = TaskChanges(logA, mark);
        before.Should().BeEquivalentTo(s_allTasks);
        kept.Should().HaveCount(2).And.BeSubsetOf(before);
        if (strategy == TaskAssignmentStrategy.CooperativeSticky)
        {
            closed.Should().BeEquivalentTo(before.Except(kept), "only the tasks that moved to the new member were revoked and closed");
            created.Should().BeEmpty("the tasks the first member keeps were never closed, so never created again");
        }
        else
        {
            closed.Should().BeEquivalentTo(before, "an eager rebalance revokes every task");
            created.Should().BeEquivalentTo(kept, "and creates the kept ones again");
        }

        var second = Batch(1, 120);
        Produce("in", second);
        input.AddRange(second);
        await WaitUntil(() => Committed([a, b], "in") == input.Count, () => Describe([a, b]));
        await b.StopAsync();
        await a.StopAsync();
        LatestCounts().Should().BeEquivalentTo(ExpectedCounts(input), "the moved tasks restored their counts from the changelog");
    }

    [Fact]
    public async Task A_member_leaving_hands_its_tasks_to_the_other_which_keeps_its_own_and_loses_nothing()
    {
        PrepareCountTopics();
        var logA = new CapturingLoggerFactory();
        await using var a = new StreamsApplication(CountTopology(), Options("leave", "a", logs: logA));
        await using var b = new StreamsApplication(CountTopology(), Options("leave", "b"));
        await a.StartAsync();
        await WaitUntil(() => Stable([a]), () => Describe([a]));
        await b.StartAsync();
        await WaitUntil(() => Stable([a, b]), () => Describe([a, b]));
        var input = Batch(0, 150);
        Produce("in", input);
        await WaitUntil(() => Committed([a, b], "in") == input.Count, () => Describe([a, b]));
        var ownBefore = Tasks(a);
        var mark = logA.Provider.Entries.Count;

        await b.StopAsync();
        await WaitUntil(() => Stable([a]), () => Describe([a]));

        var (created, closed) = TaskChanges(logA, mark);
        closed.Should().BeEmpty("the remaining member revokes nothing when another leaves");
        created.Should().BeEquivalentTo(s_allTasks.Except(ownBefore), "it creates only the tasks of the member that left");
        var second = Batch(1, 150);
        Produce("in", second);
        input.AddRange(second);
        await WaitUntil(() => Committed([a], "in") == input.Count, () => Describe([a]));
        (a.Progress.RecordsProcessed + b.Progress.RecordsProcessed).Should().Be(input.Count, "every record was processed once: the handover replayed nothing");
        await a.StopAsync();
        LatestCounts().Should().BeEquivalentTo(ExpectedCounts(input));
    }

    [GeneratedRegex(@"tasks (committed and closed|closed without committing): (?<tasks>[0-9_, ]*)")]
    private static partial Regex ClosedTasks();

    [GeneratedRegex(@"created tasks: (?<tasks>[0-9_, ]*)\.$")]
    private static partial Regex CreatedTasks();

    /// <summary>The tasks the application's log says it created (event 2001) and closed (2002, 2091, 2094) after entry <paramref name="from"/>.</summary>
    private static (HashSet<TaskId> Created, HashSet<TaskId> Closed) TaskChanges(CapturingLoggerFactory log, int from)
    {
        var entries = log.Provider.Entries.Skip(from).ToList();
        return (Parse(entries.Where(e => e.EventId.Id == 2001), CreatedTasks()), Parse(entries.Where(e => e.EventId.Id is 2002 or 2091 or 2094), ClosedTasks()));

        static HashSet<TaskId> Parse(IEnumerable<CapturingLoggerProvider.LogEntry> entries, Regex regex) =>
        [
            .. entries.Select(e => regex.Match(e.Message)).Where(m => m.Success)
                .SelectMany(m => m.Groups["tasks"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)).Select(TaskId.Parse),
        ];
    }

    private void PrepareCountTopics()
    {
        Cluster.CreateTopic("in", Partitions);
        Cluster.CreateTopic("out", Partitions);
    }

    private static Topology CountTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts")).ToStream().To("out");
        return builder.Build();
    }

    private static List<(string Key, string Value)> Batch(int round, int size) =>
        [.. Enumerable.Range(0, size).Select(i => ($"k{(i * i + round) % 17}", $"r{round}-{i}"))];

    private static Dictionary<string, long> ExpectedCounts(IEnumerable<(string Key, string Value)> input) =>
        input.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (long)g.Count());

    private StreamsOptions Options(
        string appId, string member, TaskAssignmentStrategy strategy = TaskAssignmentStrategy.CooperativeSticky, CapturingLoggerFactory? logs = null, GroupProtocol protocol = GroupProtocol.Classic) => new()
    {
        GroupProtocol = protocol,
        ApplicationId = appId,
        BootstrapServers = Cluster.BootstrapServers,
        StateDirectory = Path.Combine(StateDir, member),
        CommitInterval = TimeSpan.FromMilliseconds(200),
        TaskAssignment = strategy,
        LoggerFactory = logs ?? new CapturingLoggerFactory(),
        Consumer = MockBrokerGroup.Consumer(),
    };

    private static HashSet<TaskId> Tasks(StreamsApplication app) => [.. app.MetadataForLocalThreads().SelectMany(t => t.ActiveTasks)];

    /// <summary>Every member running with at least one task, and together all tasks, each once.</summary>
    private static bool Stable(StreamsApplication[] apps)
    {
        var tasks = apps.Select(Tasks).ToList();
        return apps.All(a => a.State == StreamsState.Running)
            && tasks.All(t => t.Count > 0)
            && tasks.Sum(t => t.Count) == s_allTasks.Length
            && tasks.SelectMany(t => t).ToHashSet().SetEquals(s_allTasks);
    }

    private static long Committed(StreamsApplication[] apps, string topic) =>
        apps.SelectMany(a => a.Progress.Partitions).Where(p => p.Partition.Topic == topic).Sum(p => p.CommittedOffset);

    private static string Describe(StreamsApplication[] apps) => string.Join(" | ", apps.Select(app =>
        $"state {app.State}, tasks [{string.Join(",", Tasks(app).Order())}], committed [{string.Join(",", app.Progress.Partitions.Select(p => $"{p.Partition}@{p.CommittedOffset}"))}], error {app.Error}"));

    private List<(string Key, string Value)> ReadExactly(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var result = new List<(string, string)>();
        var started = Stopwatch.StartNew();
        while (result.Count < count && started.Elapsed < Wait)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } r)
            {
                result.Add((r.Message.Key, r.Message.Value));
            }
        }

        // Anything beyond the expected records would be a duplicate or a wrong join: give it a moment to show up.
        while (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } extra)
        {
            result.Add((extra.Message.Key, extra.Message.Value));
        }

        return result;
    }

    /// <summary>The last count written per key to the output topic.</summary>
    private Dictionary<string, long> LatestCounts()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid(),
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset("out", p, Offset.Beginning)));
        var counts = new Dictionary<string, long>();
        var ended = new HashSet<int>();
        var started = Stopwatch.StartNew();
        while (ended.Count < Partitions && started.Elapsed < Wait)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null)
            {
                continue;
            }

            if (r.IsPartitionEOF)
            {
                ended.Add(r.Partition.Value);
                continue;
            }

            counts[r.Message.Key] = Serdes.Int64.Deserialize(r.Message.Value, false, default);
        }

        ended.Should().HaveCount(Partitions, "every output partition is read to its end");
        return counts;
    }
}
