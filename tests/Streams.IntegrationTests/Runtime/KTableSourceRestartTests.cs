using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.RocksDb;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// KAFKA-12508 on the embedded broker: a source table whose update was written to its store, but whose downstream output
/// was never committed, must forward that update again when the record is reprocessed after a crash. With KIP-557's
/// emit-on-change (switched off in Kafka Streams since), the reprocessed record found its value already in the store, was
/// skipped, and the output was lost for good.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class KTableSourceRestartTests() : EmbeddedBrokerTestBase("streams-ktable-restart-")
{
    [Fact]
    public async Task An_update_reprocessed_after_a_crash_reaches_the_output_although_the_store_already_holds_it()
    {
        Cluster.CreateTopic("in", 1);
        Cluster.CreateTopic("out", 1);
        Produce("in", Enumerable.Range(0, 6).Select(i => ($"k{i}", $"v{i}")));
        var failures = 0;
        var builder = new StreamsBuilder();
        builder.Table<string?, string?>("in", materialized: Materialized<string?, string?>.As("table").WithCachingDisabled())
            .ToStream()
            .MapValues(v => v == "v3" && Interlocked.Increment(ref failures) == 1 ? throw new InvalidOperationException("crash after the store took v3") : v)
            .To("out");
        var topology = builder.Build();
        Cluster.EnsureTopics(topology.InternalTopics("ktable-restart").Select(t => (t, 1)));   // the mock cannot create them with 1 partition

        await using (var app = new StreamsApplication(topology, Options()))
        {
            await app.StartAsync();
            await app.Completion.WaitAsync(Wait);
            app.State.Should().Be(StreamsState.Error, "the default processing handler stops at the failure, committing nothing past k3");
        }

        await using (var app = new StreamsApplication(topology, Options()))
        {
            await app.StartAsync();
            await WaitUntil(() => app.State == StreamsState.Error || ReadAll().Contains("v5"), () => "v5 reaches the output");
            app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
            await app.StopAsync();
        }

        failures.Should().Be(2, "k3 was processed again after the restart");
        ReadAll().Distinct().Should().BeEquivalentTo(Enumerable.Range(0, 6).Select(i => $"v{i}"), "k3's update, already in the store, is forwarded again");
    }

    private StreamsOptions Options() => new()
    {
        ApplicationId = "ktable-restart",
        BootstrapServers = Cluster.BootstrapServers,
        StateDirectory = StateDir,
        DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
        CommitInterval = TimeSpan.FromMilliseconds(100),
        Consumer = MockBrokerGroup.Consumer(),
    };

    private List<string> ReadAll()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        var tp = new TopicPartition("out", 0);
        var end = consumer.QueryWatermarkOffsets(tp, Wait).High.Value;
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        var values = new List<string>();
        using var timeout = new CancellationTokenSource(Wait);
        for (var i = 0L; i < end; i++)
        {
            values.Add(Encoding.UTF8.GetString(consumer.Consume(timeout.Token).Message.Value));
        }

        return values;
    }
}
