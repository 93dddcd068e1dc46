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
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class SourceTopicChangelogTests() : EmbeddedBrokerTestBase("streams-source-changelog-")
{
    [Fact]
    public async Task A_restarted_application_restores_the_table_from_its_source_topic_without_a_changelog_topic()
    {
        Cluster.CreateTopic("users", 2);
        Cluster.CreateTopic("clicks", 2);
        Cluster.CreateTopic("enriched", 2);
        Produce("users", [("ada", "eu"), ("bob", "us"), ("cy", "asia")]);

        // First run: reads the table's topic and commits; in-memory stores are gone afterwards.
        await RunUntilProcessed(Enrichment(), expectedProcessed: 3);

        // Second run: only clicks are new, so the join can only find the users by restoring the store from "users".
        Produce("clicks", [("ada", "home"), ("bob", "cart"), ("cy", "pay")]);
        await RunUntilProcessed(Enrichment(), expectedProcessed: 3);

        ReadToEnd("enriched", partitions: 2).Should().BeEquivalentTo(new[] { ("ada", "home@eu"), ("bob", "cart@us"), ("cy", "pay@asia") });
        Enrichment().InternalTopics("enrich").Should().BeEmpty();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
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
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            Consumer = MockBrokerGroup.Consumer(),
        });
        await app.StartAsync();
        using (var timeout = new CancellationTokenSource(Wait))
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

    private List<(string Key, string Value)> ReadToEnd(string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var remaining = tps.Sum(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var result = new List<(string, string)>();
        using var timeout = new CancellationTokenSource(Wait);
        for (; remaining > 0; remaining--)
        {
            var r = consumer.Consume(timeout.Token);
            result.Add((r.Message.Key, r.Message.Value));
        }

        return result;
    }
}
