using Confluent.Kafka;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.IntegrationTests.FlightDelays;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// <see cref="TopologyOptimization.ReuseKTableSourceTopics"/> against the embedded broker, as Kafka Streams'
/// <c>reuse.ktable.source.topics</c>: a table's store writes no changelog topic and, after a restart, is restored from
/// its source topic up to the committed offset.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests))]
public sealed class SourceTopicChangelogTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-source-changelog-").FullName;
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start();

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task A_restarted_application_restores_the_table_from_its_source_topic_without_a_changelog_topic()
    {
        _cluster.CreateTopic("users", 2);
        _cluster.CreateTopic("clicks", 2);
        _cluster.CreateTopic("enriched", 2);
        Produce("users", [("ada", "eu"), ("bob", "us"), ("cy", "asia")]);

        // First run: reads the table's topic and commits; in-memory stores are gone afterwards.
        await RunUntilProcessed(Enrichment(), expectedProcessed: 3);

        // Second run: only clicks are new, so the join can only find the users by restoring the store from "users".
        Produce("clicks", [("ada", "home"), ("bob", "cart"), ("cy", "pay")]);
        await RunUntilProcessed(Enrichment(), expectedProcessed: 3);

        ReadToEnd("enriched", partitions: 2).Should().BeEquivalentTo(new[] { ("ada", "home@eu"), ("bob", "cart@us"), ("cy", "pay@asia") });
        Enrichment().InternalTopics("enrich").Should().BeEmpty();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).Should().NotContain(t => t.EndsWith("-changelog", StringComparison.Ordinal));
    }

    private static Topology Enrichment()
    {
        var builder = new StreamsBuilder(new TopologyOptions { Optimization = TopologyOptimization.All });
        var users = builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store"));
        builder.Stream<string, string>("clicks").Join(users, (click, region) => $"{click}@{region}").To("enriched");
        return builder.Build();
    }

    private async Task RunUntilProcessed(Topology topology, long expectedProcessed)
    {
        await using var app = new StreamsApplication(topology, new StreamsOptions
        {
            ApplicationId = "enrich",
            BootstrapServers = _cluster.BootstrapServers,
            StateDirectory = _stateDir,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            Consumer = new ConsumerConfig { FetchWaitMaxMs = 10, SessionTimeoutMs = 6_000, HeartbeatIntervalMs = 500 },
        });
        await app.StartAsync();
        using (var timeout = new CancellationTokenSource(s_wait))
        {
            while (app.Progress.RecordsProcessed < expectedProcessed && app.State != StreamsState.Error)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
        await app.StopAsync();
        app.Progress.RecordsProcessed.Should().Be(expectedProcessed, "records before the committed offset are restored, not processed again");
    }

    private void Produce(string topic, IEnumerable<(string Key, string Value)> records)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        foreach (var (k, v) in records)
        {
            producer.Produce(topic, new Message<string, string> { Key = k, Value = v, Timestamp = new Timestamp(1_000, TimestampType.CreateTime) });
        }

        producer.Flush(s_wait).Should().Be(0);
    }

    private List<(string Key, string Value)> ReadToEnd(string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = _cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var remaining = tps.Sum(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var result = new List<(string, string)>();
        using var timeout = new CancellationTokenSource(s_wait);
        for (; remaining > 0; remaining--)
        {
            var r = consumer.Consume(timeout.Token);
            result.Add((r.Message.Key, r.Message.Value));
        }

        return result;
    }
}
