using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.IntegrationTests.Support;
using Streams.RocksDb;
using Streams.State;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// <see cref="StreamsOptions.StateRestoreListener"/> against the embedded broker, as Kafka Streams'
/// <c>StateRestoreListener</c>: a restarted application restores its table's store (only the tail after the checkpoint
/// for RocksDB, everything for in-memory stores) and reports it; a corrupt RocksDB store with
/// <see cref="RocksDbCorruptionHandling.Wipe"/> is rebuilt from its changelog within the same start.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests3))]
public sealed class RestoreListenerTests() : EmbeddedBrokerTestBase("streams-restore-listener-")
{
    private const string AppId = "restore-app";
    private const string Store = "users-store";
    private static readonly string Changelog = $"{AppId}-{Store}-changelog";
    private static readonly TopicPartition ChangelogPartition = new(Changelog, 0);

    [Fact]
    public async Task A_restart_on_RocksDB_with_a_checkpoint_restores_only_the_changelog_tail_after_it()
    {
        CreateTopics();
        Produce("users", [("ada", "eu"), ("bob", "us"), ("cy", "asia")]);
        await Run(new RocksDbDslStoreSuppliers(), null, expectedProcessed: 3);
        var checkpointed = EndOffset(ChangelogPartition);

        // Two updates another instance wrote while this one was away: only they are missing locally.
        ProduceToChangelog([("dan", "eu"), ("ada", "apac")]);
        Produce("clicks", [("ada", "home"), ("dan", "cart"), ("bob", "pay")]);
        var listener = new RecordingRestoreListener();
        await Run(new RocksDbDslStoreSuppliers(), listener, expectedProcessed: 3);

        listener.Calls.Should().Equal(
            $"start {ChangelogPartition} {Store} {checkpointed} {checkpointed + 2}",
            $"batch {ChangelogPartition} {Store} {checkpointed + 1} 2",
            $"end {ChangelogPartition} {Store} 2");
        ReadEnriched().Should().BeEquivalentTo(["ada:home@apac", "dan:cart@eu", "bob:pay@us"]);
    }

    [Fact]
    public async Task In_memory_stores_restore_the_whole_changelog_and_a_listener_that_throws_does_not_stop_it()
    {
        CreateTopics();
        Produce("users", [("ada", "eu"), ("bob", "us"), ("cy", "asia")]);
        await Run(InMemoryDslStoreSuppliers.Instance, null, expectedProcessed: 3);
        var end = EndOffset(ChangelogPartition);

        Produce("clicks", [("ada", "home"), ("cy", "cart")]);
        var listener = new RecordingRestoreListener { Throw = true };
        await Run(InMemoryDslStoreSuppliers.Instance, listener, expectedProcessed: 2);

        end.Should().BeGreaterThan(0);
        listener.Calls.Should().Equal(
            $"start {ChangelogPartition} {Store} 0 {end}",
            $"batch {ChangelogPartition} {Store} {end - 1} {end}",
            $"end {ChangelogPartition} {Store} {end}");
        ReadEnriched().Should().BeEquivalentTo(["ada:home@eu", "cy:cart@asia"]);
    }

    [Fact]
    public async Task A_corrupt_RocksDB_store_with_Wipe_is_rebuilt_from_its_whole_changelog_in_the_same_start()
    {
        CreateTopics();
        var suppliers = new RocksDbDslStoreSuppliers(new RocksDbOptions { OnCorruption = RocksDbCorruptionHandling.Wipe });
        Produce("users", [("ada", "eu"), ("bob", "us"), ("cy", "asia")]);
        await Run(suppliers, null, expectedProcessed: 3);
        var end = EndOffset(ChangelogPartition);
        var current = Path.Combine(StateDir, AppId, "0_0", "rocksdb", Store, "CURRENT");
        File.Exists(current).Should().BeTrue();
        File.WriteAllText(current, "garbage");

        Produce("clicks", [("ada", "home"), ("bob", "cart"), ("cy", "pay")]);
        var listener = new RecordingRestoreListener();
        await Run(suppliers, listener, expectedProcessed: 3);

        listener.Calls.Should().Equal(
            $"start {ChangelogPartition} {Store} 0 {end}",
            $"batch {ChangelogPartition} {Store} {end - 1} {end}",
            $"end {ChangelogPartition} {Store} {end}");
        ReadEnriched().Should().BeEquivalentTo(["ada:home@eu", "bob:cart@us", "cy:pay@asia"]);
        File.ReadAllText(current).Should().NotBe("garbage");
    }

    [Fact]
    public async Task A_global_store_is_reported_as_it_loads_its_topic_from_the_beginning()
    {
        Cluster.CreateTopic("regions", 1);
        Cluster.CreateTopic("clicks", 1);
        Cluster.CreateTopic("out", 1);
        Produce("regions", [("eu", "Europe"), ("us", "United States"), ("eu", "Europa")]);
        Produce("clicks", [("ada", "home")]);
        var builder = new StreamsBuilder();
        builder.GlobalTable<string, string>("regions", materialized: Materialized<string, string>.As("regions-store"));
        builder.Stream<string, string>("clicks").To("out");
        var listener = new RecordingRestoreListener();

        await Run(builder.Build(), InMemoryDslStoreSuppliers.Instance, listener, expectedProcessed: 1);

        var tp = new TopicPartition("regions", 0);
        listener.Calls.Should().Equal($"start {tp} regions-store 0 3", $"batch {tp} regions-store 2 3", $"end {tp} regions-store 3");
    }

    private static Topology Enrichment()
    {
        var builder = new StreamsBuilder();
        var users = builder.Table<string, string>("users", materialized: Materialized<string, string>.As(Store));
        builder.Stream<string, string>("clicks").Join(users, (click, region) => $"{click}@{region}").To("enriched");
        return builder.Build();
    }

    private void CreateTopics()
    {
        foreach (var topic in Enrichment().InternalTopics(AppId).Append("users").Append("clicks").Append("enriched"))
        {
            Cluster.CreateTopic(topic, 1);
        }
    }

    private Task Run(IDslStoreSuppliers suppliers, IStateRestoreListener? listener, long expectedProcessed) =>
        Run(Enrichment(), suppliers, listener, expectedProcessed);

    private async Task Run(Topology topology, IDslStoreSuppliers suppliers, IStateRestoreListener? listener, long expectedProcessed)
    {
        await using var app = new StreamsApplication(topology, new StreamsOptions
        {
            ApplicationId = AppId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            DslStoreSuppliers = suppliers,
            StateRestoreListener = listener,
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
        app.Progress.RecordsProcessed.Should().Be(expectedProcessed);
    }

    /// <summary>Writes records in the store's changelog format: the value prefixed with its 8-byte big-endian timestamp.</summary>
    private void ProduceToChangelog(IEnumerable<(string Key, string Value)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
        foreach (var (key, value) in records)
        {
            var bytes = new byte[8 + Encoding.UTF8.GetByteCount(value)];
            BinaryPrimitives.WriteInt64BigEndian(bytes, 1_000);
            Encoding.UTF8.GetBytes(value, bytes.AsSpan(8));
            producer.Produce(ChangelogPartition, new Message<string, byte[]> { Key = key, Value = bytes, Timestamp = new Timestamp(1_000, TimestampType.CreateTime) });
        }

        producer.Flush(Wait).Should().Be(0);
    }

    private List<string> ReadEnriched()
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        var tp = new TopicPartition("enriched", 0);
        var remaining = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        var result = new List<string>();
        using var timeout = new CancellationTokenSource(Wait);
        for (; remaining > 0; remaining--)
        {
            var r = consumer.Consume(timeout.Token);
            result.Add($"{r.Message.Key}:{r.Message.Value}");
        }

        return result;
    }
}
