using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// A whole <see cref="StreamsApplication"/> (stream threads, repartition topic, changelog, commits) on the in-memory Kafka
/// model through <see cref="InMemoryKafkaClientSupplier"/>: the counts of a groupBy + count topology are exactly the
/// counts of the input, and the group's committed offsets cover every input record after a clean stop.
/// </summary>
public sealed class InMemoryKafkaStreamsApplicationTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-sim-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce, TaskAssignmentStrategy.CooperativeSticky)]
    [InlineData(ProcessingGuarantee.AtLeastOnce, TaskAssignmentStrategy.Range)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2, TaskAssignmentStrategy.CooperativeSticky)]
    public async Task GroupBy_and_count_on_the_in_memory_cluster_counts_every_word(ProcessingGuarantee guarantee, TaskAssignmentStrategy assignment)
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("words", 3);
        cluster.CreateTopic("counts", 2);
        var supplier = new InMemoryKafkaClientSupplier(cluster);
        var input = Enumerable.Range(0, 120).Select(i => ($"k{i}", $"w{i % 7}")).ToList();
        Produce(supplier, "words", input);
        var expected = input.GroupBy(r => r.Item2).ToDictionary(g => g.Key, g => (long)g.Count());

        var builder = new StreamsBuilder();
        builder.Stream("words", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupBy((_, word) => word, Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .Count(Materialized<string, long>.As("word-counts"))
            .ToStream()
            .To("counts", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        var options = new StreamsOptions
        {
            ApplicationId = "sim-count-" + guarantee.ToString().ToLowerInvariant(),
            BootstrapServers = cluster.BootstrapServers,
            StateDirectory = _stateDir,
            CommitInterval = TimeSpan.FromMilliseconds(50),
            ProcessingGuarantee = guarantee,
            TaskAssignment = assignment,
            ClientSupplier = supplier,
            RepartitionPurgeInterval = TimeSpan.FromMilliseconds(50),
        };
        var repartition = new Func<string>(() => cluster.Topics.Single(t => t.EndsWith("-repartition", StringComparison.Ordinal)));

        await using (var app = new StreamsApplication(builder.Build(), options))
        {
            await app.StartAsync();
            cluster.WaitUntil(c => WordCounting.LatestCounts(c).Count == expected.Count && WordCounting.LatestCounts(c).All(kv => expected[kv.Key] == kv.Value), s_wait)
                .Should().BeTrue($"every word's latest committed count reaches its count in the input; got {Describe(WordCounting.LatestCounts(cluster))}");
            cluster.WaitUntil(c => Enumerable.Range(0, 3).Any(p => c.Watermarks(new TopicPartition(repartition(), p)).Low.Value > 0), s_wait)
                .Should().BeTrue("the repartition purger deletes consumed repartition records through the supplier's admin client (DeleteRecords)");
            await app.StopAsync();
            app.State.Should().Be(StreamsState.NotRunning);
            app.Error.Should().BeNull();
        }

        WordCounting.LatestCounts(cluster).Should().BeEquivalentTo(expected);
        Enumerable.Range(0, 3).Sum(p => cluster.CommittedOffset(options.ApplicationId, new TopicPartition("words", p)) ?? 0)
            .Should().Be(input.Count, "a clean stop commits every input record");
        cluster.Topics.Should().Contain($"{options.ApplicationId}-word-counts-changelog").And.Contain(t => t.EndsWith("-repartition", StringComparison.Ordinal));
        if (guarantee == ProcessingGuarantee.ExactlyOnceV2)
        {
            cluster.CommittedRecords("counts").Should().HaveCount(
                cluster.Records(new TopicPartition("counts", 0)).Count(r => r.Transaction == InMemoryTransactionState.Committed)
                + cluster.Records(new TopicPartition("counts", 1)).Count(r => r.Transaction == InMemoryTransactionState.Committed),
                "under exactly-once every output record is written in a transaction");
            cluster.CommittedRecords("counts").Should().OnlyContain(r => r.Transaction == InMemoryTransactionState.Committed);
        }
    }

    [Theory]
    [InlineData(TaskAssignmentStrategy.CooperativeSticky)]
    [InlineData(TaskAssignmentStrategy.Range)]
    public async Task Two_instances_share_the_partitions_and_the_survivor_takes_over_with_exact_counts(TaskAssignmentStrategy assignment)
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("words", 4);
        cluster.CreateTopic("counts", 2);
        var supplier = new InMemoryKafkaClientSupplier(cluster);
        var appId = "sim-pair-" + assignment.ToString().ToLowerInvariant();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var sent = 0;
        void Batch(int n)
        {
            var records = Enumerable.Range(sent, n).Select(i => ($"k{i}", $"w{i % 11}")).ToList();
            sent += n;
            Produce(supplier, "words", records);
            foreach (var (_, word) in records)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
        }

        bool Counted(InMemoryKafkaCluster c)
        {
            var latest = WordCounting.LatestCounts(c);
            return latest.Count == expected.Count && latest.All(kv => expected[kv.Key] == kv.Value);
        }

        await using var a = new StreamsApplication(WordCounting.Topology(), PairOptions(cluster, supplier, appId, "a", assignment));
        await a.StartAsync();
        Batch(60);
        cluster.WaitUntil(Counted, s_wait).Should().BeTrue($"A alone counts the first batch; got {Describe(WordCounting.LatestCounts(cluster))}");

        await using var b = new StreamsApplication(WordCounting.Topology(), PairOptions(cluster, supplier, appId, "b", assignment));
        await b.StartAsync();
        cluster.WaitUntil(c => c.StableGroupAssignment(appId) is { Count: 2 } members && members.Values.All(owned => owned.Count > 0), s_wait)
            .Should().BeTrue("B joins and the group settles with partitions on both members (under CooperativeSticky the lead topics are words and the repartition topic)");
        Batch(60);
        cluster.WaitUntil(Counted, s_wait).Should().BeTrue($"A and B together count the second batch; got {Describe(WordCounting.LatestCounts(cluster))}");
        b.Progress.RecordsProcessed.Should().BeGreaterThan(0, "B owns partitions that the second batch reaches (words, or the repartition topic behind it)");

        await a.StopAsync();
        cluster.WaitUntil(c => c.StableGroupAssignment(appId) is { Count: 1 } members && members.Values.Single().Count(tp => tp.Topic == "words") == 4, s_wait)
            .Should().BeTrue("B takes every words partition over once A has left");
        Batch(60);
        cluster.WaitUntil(Counted, s_wait).Should().BeTrue($"B alone counts the third batch on top of A's state (restored from the changelog); got {Describe(WordCounting.LatestCounts(cluster))}");
        await b.StopAsync();

        a.Error.Should().BeNull();
        b.Error.Should().BeNull();
        Enumerable.Range(0, 4).Sum(p => cluster.CommittedOffset(appId, new TopicPartition("words", p)) ?? 0).Should().Be(180);
        cluster.GroupGeneration(appId).Should().BeGreaterThanOrEqualTo(3, "three membership changes: A joins, B joins, A leaves");
    }

    private StreamsOptions PairOptions(InMemoryKafkaCluster cluster, InMemoryKafkaClientSupplier supplier, string appId, string instance, TaskAssignmentStrategy assignment) => new()
    {
        ApplicationId = appId,
        BootstrapServers = cluster.BootstrapServers,
        StateDirectory = Path.Combine(_stateDir, instance),
        CommitInterval = TimeSpan.FromMilliseconds(50),
        TaskAssignment = assignment,
        ClientSupplier = supplier,
    };

    private static string Describe(Dictionary<string, long> counts) => string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static void Produce(InMemoryKafkaClientSupplier supplier, string topic, IEnumerable<(string Key, string Value)> records)
    {
        using var producer = supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { BootstrapServers = supplier.Cluster.BootstrapServers }));
        foreach (var (k, v) in records)
        {
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Serdes.String.Serialize(k, default)!, Value = Serdes.String.Serialize(v, default)!, Timestamp = new Timestamp(1_000, TimestampType.CreateTime) });
        }

        producer.Flush(s_wait).Should().Be(0);
    }
}
