using System.Diagnostics;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Several stream threads per instance against the embedded broker, as Kafka Streams' <c>num.stream.threads</c>,
/// <c>addStreamThread</c> and <c>removeStreamThread</c>: each thread is a consumer of the group, so the tasks spread over
/// the threads, and counts stay exact while tasks move between threads (restored from the changelog).
/// </summary>
/// <remarks>
/// Each batch of input is produced only once the group is stable and is fully committed before the next thread change:
/// the mock cluster refuses commits in the middle of a rebalance (records would then be processed twice, at-least-once),
/// which is not what these tests are about.
/// </remarks>
[Collection(nameof(EmbeddedBrokerTests3))]
public sealed class StreamThreadsTests() : EmbeddedBrokerTestBase("streams-threads-")
{
    private const string Input = "in";
    private const string Output = "out";
    private static readonly TaskId[] s_allTasks = [new(0, 0), new(0, 1), new(0, 2), new(0, 3)];

    [Fact]
    public async Task Two_threads_split_the_four_tasks_and_count_every_record_once()
    {
        PrepareTopics();
        await using var app = new StreamsApplication(CountTopology(), Options("two", threads: 2));
        app.AddStreamThread().Should().BeNull("a thread can be added only while running or rebalancing");
        await app.StartAsync();

        await WaitUntil(() => Stable(app, 2), () => Describe(app));
        app.MetadataForLocalThreads().Select(t => t.ThreadName).Should().Equal("two-StreamThread-1", "two-StreamThread-2");
        app.MetadataForLocalThreads().Should().AllSatisfy(t => t.ActiveTasks.Should().HaveCount(2, "the assignor balances four tasks over two consumers"));

        var input = Batch(0, 200);
        Produce(Input, input);
        await WaitUntilCommitted(app, input.Count);

        app.Progress.RecordsProcessed.Should().Be(input.Count);
        app.Progress.Partitions.Select(p => p.Partition.Partition.Value).Should().BeEquivalentTo([0, 1, 2, 3], "the progress lists the partitions of both threads");
        await app.StopAsync();
        LatestCounts().Should().BeEquivalentTo(ExpectedCounts(input));
    }

    [Fact]
    public async Task Adding_and_removing_threads_while_running_moves_tasks_and_keeps_the_counts_exact()
    {
        PrepareTopics();
        var states = new List<StreamsState>();
        var app = new StreamsApplication(CountTopology(), Options("change", threads: 2));
        app.StateChanged += (_, change) => { lock (states) { states.Add(change.NewState); } };
        await app.StartAsync();
        await WaitUntil(() => Stable(app, 2), () => Describe(app));

        var input = Batch(0, 120);
        Produce(Input, input);
        await WaitUntilCommitted(app, input.Count);

        var before = StateCount(states);
        app.AddStreamThread().Should().Be("change-StreamThread-3");
        await WaitUntil(() => Stable(app, 3), () => Describe(app));
        StatesSince(states, before).Should().ContainInOrder(StreamsState.Rebalancing, StreamsState.Running);
        app.MetadataForLocalThreads().Should().AllSatisfy(t => t.ActiveTasks.Should().NotBeEmpty("four partitions over three consumers leave none idle"));

        var second = Batch(1, 120);
        Produce(Input, second);
        input.AddRange(second);
        await WaitUntilCommitted(app, input.Count);

        before = StateCount(states);
        (await app.RemoveStreamThreadAsync(Wait)).Should().Be("change-StreamThread-1", "as Kafka Streams, the oldest live thread goes first");
        await WaitUntil(() => Stable(app, 2), () => Describe(app));
        app.MetadataForLocalThreads().Select(t => t.ThreadName).Should().Equal("change-StreamThread-2", "change-StreamThread-3");
        StatesSince(states, before).Should().ContainInOrder(StreamsState.Rebalancing, StreamsState.Running);

        var third = Batch(2, 120);
        Produce(Input, third);
        input.AddRange(third);
        await WaitUntilCommitted(app, input.Count);

        app.AddStreamThread().Should().Be("change-StreamThread-1", "the index of a stopped thread is reused, lowest first");
        await WaitUntil(() => Stable(app, 3), () => Describe(app));
        app.Progress.RecordsProcessed.Should().Be(input.Count, "counters of the removed thread are kept and nothing was processed twice");

        await app.StopAsync();
        app.State.Should().Be(StreamsState.NotRunning);
        app.AddStreamThread().Should().BeNull();
        (await app.RemoveStreamThreadAsync(Wait)).Should().BeNull();
        await app.DisposeAsync();

        lock (states)
        {
            states.Should().StartWith(StreamsState.Rebalancing).And.EndWith([StreamsState.PendingShutdown, StreamsState.NotRunning]);
            states.Should().NotContain(StreamsState.Error);
            states.Count(s => s == StreamsState.PendingShutdown).Should().Be(1, "removing a thread does not shut the instance down");
        }

        LatestCounts().Should().BeEquivalentTo(ExpectedCounts(input), "tasks that moved between threads restored their counts from the changelog");
    }

    private void PrepareTopics()
    {
        Cluster.CreateTopic(Input, 4);
        Cluster.CreateTopic(Output, 4);
    }

    private static Topology CountTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(Input).GroupByKey().Count(Materialized<string, long>.As("counts")).ToStream().To(Output);
        return builder.Build();
    }

    /// <summary>Keys spread unevenly over k0..k16 (squares modulo 17), different per round.</summary>
    private static List<(string Key, string Value)> Batch(int round, int size) =>
        [.. Enumerable.Range(0, size).Select(i => ($"k{(i * i + round) % 17}", $"r{round}-{i}"))];

    private static Dictionary<string, long> ExpectedCounts(IEnumerable<(string Key, string Value)> input) =>
        input.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (long)g.Count());

    private static bool Stable(StreamsApplication app, int threads)
    {
        var local = app.MetadataForLocalThreads();
        return app.State == StreamsState.Running
            && local.Count == threads
            && local.All(t => t.ActiveTasks.Count > 0)
            && local.SelectMany(t => t.ActiveTasks).Order().SequenceEqual(s_allTasks)
            && local.Sum(t => t.ActiveTasks.Count) == s_allTasks.Length;
    }

    private static Task WaitUntilCommitted(StreamsApplication app, int records) =>
        WaitUntil(
            () => app.Progress.Partitions.Count == 4 && app.Progress.Partitions.Sum(p => p.CommittedOffset) == records,
            () => $"{records} records committed: " + Describe(app));

    private static string Describe(StreamsApplication app) =>
        $"state {app.State}, threads [{string.Join("; ", app.MetadataForLocalThreads().Select(t => $"{t.ThreadName}: {string.Join(",", t.ActiveTasks.Order())}"))}], " +
        $"committed [{string.Join(",", app.Progress.Partitions.Select(p => $"{p.Partition.Partition.Value}@{p.CommittedOffset}"))}], error {app.Error?.Message}";

    private static int StateCount(List<StreamsState> states)
    {
        lock (states)
        {
            return states.Count;
        }
    }

    private static List<StreamsState> StatesSince(List<StreamsState> states, int from)
    {
        lock (states)
        {
            return states.Skip(from).ToList();
        }
    }

    private StreamsOptions Options(string appId, int threads) => new()
    {
        ApplicationId = appId,
        BootstrapServers = Cluster.BootstrapServers,
        StateDirectory = StateDir,
        NumStreamThreads = threads,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        Consumer = MockBrokerGroup.Consumer(),
    };

    /// <summary>The last count written per key to the output topic.</summary>
    private Dictionary<string, long> LatestCounts()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid(),
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset(Output, p, Offset.Beginning)));
        var counts = new Dictionary<string, long>();
        var ended = new HashSet<int>();
        var started = Stopwatch.StartNew();
        while (ended.Count < 4 && started.Elapsed < Wait)
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

        ended.Should().HaveCount(4, "every output partition is read to its end");
        return counts;
    }
}
