using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.IntegrationTests.EmbeddedKafka;
using Streams.IntegrationTests.FlightDelays;
using Streams.Testing;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Internal topics against a broker, as Kafka Streams' <c>InternalTopicManager</c>: an existing topic with the wrong
/// partition count stops the start with an error naming it; the mock cluster (no CreateTopics, DescribeConfigs,
/// DeleteRecords) is detected at once and logged once; on a real cluster topics are created with their configs and
/// incompatible configs stop the start.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class InternalTopicsTests() : EmbeddedBrokerTestBase("streams-internal-topics-")
{
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task An_internal_topic_created_beforehand_with_the_wrong_partition_count_stops_the_start_with_an_error_naming_it()
    {
        Cluster.CreateTopic("in", 2);
        Cluster.CreateTopic("wrong-counts-changelog", 3);

        await using var app = new StreamsApplication(Counting(), Options("wrong", Cluster.BootstrapServers));
        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<StreamsException>()).Which.Message.Should()
            .Contain("wrong-counts-changelog").And.Contain("requires 2 partitions").And.Contain("has 3 partitions").And.Contain("Reset the application");
        app.State.Should().Be(StreamsState.Error);
    }

    [Fact]
    public async Task On_the_mock_the_start_skips_the_admin_APIs_with_one_warning_instead_of_waiting_for_their_timeout()
    {
        Cluster.CreateTopic("in", 2);
        Produce("in", [("a", "1"), ("b", "2"), ("a", "3")]);
        var options = Options("mock", Cluster.BootstrapServers);
        options.InternalTopicCreationTimeout = TimeSpan.FromMinutes(5); // waiting for it would outlast the bounded wait below

        await using var app = new StreamsApplication(Counting(), options);
        await app.StartAsync();

        (await app.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();
        var warning = _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 3002).Which;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Contain("mock-counts-changelog with 2 partitions", "the warning names the topics left to auto-creation with their partition counts");
        await WaitUntil(() => app.Progress.RecordsProcessed == 3);
    }

    [Fact]
    public async Task On_the_mock_repartition_purging_is_given_up_after_one_warning_and_processing_goes_on()
    {
        Cluster.CreateTopic("in", 2);
        var topology = Regrouping();
        foreach (var topic in topology.InternalTopics("purge"))
        {
            Cluster.CreateTopic(topic, 2);
        }

        Produce("in", [("a", "x"), ("b", "y")]);
        var options = Options("purge", Cluster.BootstrapServers);
        options.RepartitionPurgeInterval = TimeSpan.FromMilliseconds(1);

        await using var app = new StreamsApplication(topology, options);
        await app.StartAsync();
        await WaitUntil(() => app.Progress.RecordsProcessed == 4 && _logs.Entries.Any(e => e.EventId.Id == 3104));
        Produce("in", [("c", "x")]);
        await WaitUntil(() => app.Progress.RecordsProcessed == 6);

        app.State.Should().Be(StreamsState.Running);
        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 3104, "the unsupported DeleteRecords is asked once per thread")
            .Which.Message.Should().Contain("DeleteRecords");
    }

    [RealKafkaFact]
    public async Task On_a_real_cluster_internal_topics_are_created_with_their_Kafka_Streams_configs()
    {
        var servers = RealKafkaFactAttribute.BootstrapServers!;
        var app = $"topics-{Guid.NewGuid():N}";
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = app + "-in", NumPartitions = 2, ReplicationFactor = -1 }]);
        var builder = new StreamsBuilder();
        var grouped = builder.Stream<string, string>(app + "-in").SelectKey((k, v) => v).GroupByKey(Grouped<string, string>.As("by-value"));
        grouped.Count(Materialized<string, long>.As("counts"));
        grouped.WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1))).Count(Materialized<string, long>.As("windows"));

        await using (var streams = new StreamsApplication(builder.Build(), Options(app, servers)))
        {
            await streams.StartAsync();
            (await streams.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();
        }

        var configs = await DescribeAsync(admin, $"{app}-counts-changelog", $"{app}-windows-changelog", $"{app}-by-value-repartition");
        configs[$"{app}-counts-changelog"]["cleanup.policy"].Should().Be("compact");
        configs[$"{app}-windows-changelog"]["cleanup.policy"].Should().Be("compact,delete");
        configs[$"{app}-windows-changelog"]["retention.ms"].Should().Be($"{360_000 + 86_400_000}");
        configs[$"{app}-by-value-repartition"]["cleanup.policy"].Should().Be("delete");
        configs[$"{app}-by-value-repartition"]["retention.ms"].Should().Be("-1");
        configs[$"{app}-by-value-repartition"]["segment.bytes"].Should().Be("52428800");
    }

    [RealKafkaFact]
    public async Task On_a_real_cluster_an_existing_changelog_that_deletes_stops_the_start_naming_the_found_and_required_policy()
    {
        var servers = RealKafkaFactAttribute.BootstrapServers!;
        var app = $"topics-{Guid.NewGuid():N}";
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers }).Build();
        await admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = app + "-in", NumPartitions = 2, ReplicationFactor = -1 },
            new TopicSpecification { Name = app + "-counts-changelog", NumPartitions = 2, ReplicationFactor = -1, Configs = new() { ["cleanup.policy"] = "delete" } },
        ]);
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(app + "-in").GroupByKey().Count(Materialized<string, long>.As("counts"));

        await using var streams = new StreamsApplication(builder.Build(), Options(app, servers));
        var start = () => streams.StartAsync();

        (await start.Should().ThrowAsync<StreamsException>()).Which.Message.Should()
            .Contain($"{app}-counts-changelog").And.Contain("cleanup.policy").And.Contain("'delete'").And.Contain("'compact'");
    }

    private static async Task<Dictionary<string, Dictionary<string, string>>> DescribeAsync(IAdminClient admin, params string[] topics)
    {
        var results = await admin.DescribeConfigsAsync(topics.Select(t => new ConfigResource { Type = ResourceType.Topic, Name = t }));
        return results.ToDictionary(r => r.ConfigResource.Name, r => r.Entries.ToDictionary(e => e.Key, e => e.Value.Value));
    }

    private static Topology Counting()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        return builder.Build();
    }

    private static Topology Regrouping()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").SelectKey((k, v) => v).GroupByKey(Grouped<string, string>.As("by-value")).Count(Materialized<string, long>.As("counts"));
        return builder.Build();
    }

    private StreamsOptions Options(string appId, string servers) => new()
    {
        ApplicationId = appId,
        BootstrapServers = servers,
        StateDirectory = StateDir,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        Consumer = MockBrokerGroup.Consumer(),
        LoggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug)),
    };
}
