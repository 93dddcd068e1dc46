using System.Globalization;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.Support;
using Streams.RocksDb;
using Streams.Testing;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// The task checkpoint under at-least-once, as Kafka Streams' <c>StreamTask.maybeCheckpoint</c>: written by the first
/// commit after the task opens (Kafka: after restoration), then only by a commit after which the changelogs moved more
/// than 10,000 records since the last checkpoint (<c>StateManagerUtil.checkpointNeeded</c>), and always when the task
/// closes. The tests are named after Kafka's StreamTaskTest cases they mirror.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests3))]
public sealed class AtLeastOnceCheckpointTests() : EmbeddedBrokerTestBase("streams-alos-checkpoint-")
{
    private const string AppId = "alos-checkpoint-app";
    private const string Store = "counts-store";
    private static readonly TopicPartition ChangelogPartition = new($"{AppId}-{Store}-changelog", 0);

    [Fact]
    public async Task ShouldNotCheckpointOffsetsAgainOnCommitIfSnapshotNotChangedMuch_then_ShouldCheckpointOffsetsOnCommitIfSnapshotMuchChanged_and_on_close()
    {
        foreach (var topic in Counting().InternalTopics(AppId).Append("words").Append("counts"))
        {
            Cluster.CreateTopic(topic, 1);
        }

        var clock = new ManualClock();
        var checkpoint = Path.Combine(StateDir, AppId, "0_0", ".checkpoint");
        await using var app = new StreamsApplication(Counting(), Options(clock));
        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();

        // The first commit after the task opened writes the checkpoint (opening consumed any earlier one); with nothing
        // processed it commits no offsets, so only the file shows it.
        File.Exists(checkpoint).Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(app, () => File.Exists(checkpoint));
        ReadCheckpoint(checkpoint, ChangelogPartition.Topic).Should().Be(0);

        // A few changelog records: the commit does not checkpoint again.
        Produce("words", [("a", "1"), ("b", "2"), ("a", "3")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 3);
        await CommitAndWait(app, clock);
        EndOffset(ChangelogPartition).Should().Be(3);
        ReadCheckpoint(checkpoint, ChangelogPartition.Topic).Should().Be(0, "3 changelog records since the last checkpoint are not more than 10,000");

        // More than 10,000 changelog records since the last checkpoint (record cache off: one per input record).
        Produce("words", Enumerable.Range(0, 10_001).Select(i => ($"k{i % 50}", "x")));
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 10_004);
        await CommitAndWait(app, clock);
        ReadCheckpoint(checkpoint, ChangelogPartition.Topic).Should().Be(10_004, "the changelogs moved 10,004 records since the last checkpoint");

        Produce("words", [("c", "1"), ("c", "2")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 10_006);
        await CommitAndWait(app, clock);
        ReadCheckpoint(checkpoint, ChangelogPartition.Topic).Should().Be(10_004);

        // Closing always checkpoints (Kafka: maybeCheckpoint(enforceCheckpoint: true) when the task closes).
        await app.StopAsync();
        ReadCheckpoint(checkpoint, ChangelogPartition.Topic).Should().Be(10_006);
    }

    private static Topology Counting()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("words")
            .GroupByKey()
            .Count(Materialized<string, long>.As(Store))
            .ToStream()
            .MapValues(v => v.ToString(CultureInfo.InvariantCulture))
            .To("counts");
        return builder.Build();
    }

    private StreamsOptions Options(TimeProvider clock) => new()
    {
        ApplicationId = AppId,
        BootstrapServers = Cluster.BootstrapServers,
        StateDirectory = StateDir,
        CommitInterval = TimeSpan.FromSeconds(1),
        StateStoreCacheMaxBytes = 0,
        DslStoreSuppliers = new RocksDbDslStoreSuppliers(),
        TimeProvider = clock,
        Consumer = MockBrokerGroup.Consumer(),
        Producer = new ProducerConfig { LingerMs = 5 },
    };
}
