using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.IntegrationTests.Support;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// <see cref="ProcessingGuarantee.ExactlyOnceV2"/> against the embedded broker: what librdkafka's mock cluster can show.
/// It runs the transaction protocol (so the thread's producer really is transactional and every commit a transaction),
/// but writes no transaction markers and drops transactional offset commits (TransactionTests pins both): aborted
/// records stay visible to read_committed readers, and a restarted application re-reads its input from the beginning.
/// The checkpoint rule (written after a commit, deleted before the first store write after it) is local and fully
/// checked here. The isolation of aborted outputs and the offsets committed with the transaction are checked against a
/// real cluster (<see cref="ExactlyOnceRealKafkaTests"/>).
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class ExactlyOnceTests() : EmbeddedBrokerTestBase("streams-eos-")
{
    private const string AppId = "eos-app";
    private const string Store = "counts-store";
    private static readonly TopicPartition ChangelogPartition = new($"{AppId}-{Store}-changelog", 0);

    [Fact]
    public async Task An_exactly_once_application_produces_exactly_the_expected_counts_when_nothing_fails()
    {
        CreateTopics();
        var input = Enumerable.Range(0, 200).Select(i => ($"k{i % 10}", $"v{i}")).ToList();
        Produce("words", input);

        await using (var app = new StreamsApplication(Counting(), Options(TimeProvider.System, InMemoryDslStoreSuppliers.Instance)))
        {
            await app.StartAsync();
            await WaitUntil(app, () => app.Progress.RecordsProcessed == 200);
            await app.StopAsync();
            app.State.Should().Be(StreamsState.NotRunning);
            app.Progress.Commits.Should().BeGreaterThan(0);
        }

        // Caching off: one update per input record, each committed exactly once.
        var counts = ReadCommitted("counts");
        counts.Should().HaveCount(200);
        counts.GroupBy(c => c.Key).Should().HaveCount(10).And.OnlyContain(g => g.Select(c => c.Value).SequenceEqual(Enumerable.Range(1, 20).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task The_checkpoint_is_written_after_a_commit_and_deleted_before_the_first_store_write_after_it()
    {
        CreateTopics();
        var clock = new ManualClock();
        await using var app = new StreamsApplication(Counting(), Options(clock, new RocksDbDslStoreSuppliers()));
        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();
        var checkpoint = CheckpointPath();

        // The first commit after the restore, with nothing to commit: the stores are clean, so the checkpoint is written.
        File.Exists(checkpoint).Should().BeFalse("opening the task consumed the checkpoint");
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(app, () => File.Exists(checkpoint));

        Produce("words", [("a", "1"), ("b", "2"), ("a", "3")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 3);
        File.Exists(checkpoint).Should().BeFalse("the first write into the RocksDB store after the commit deletes it");

        await CommitAndWait(app, clock);
        File.Exists(checkpoint).Should().BeTrue();
        ReadCheckpoint(checkpoint, ChangelogPartition.Topic).Should().Be(
            EndOffset(ChangelogPartition) - 1, "the checkpoint names the offset after the last record the committed stores hold; the commit's control marker takes the last offset");

        await app.StopAsync();
    }

    [Fact]
    public async Task A_thread_that_dies_with_clean_stores_keeps_its_checkpoint_and_the_restart_restores_only_the_tail()
    {
        CreateTopics();
        var clock = new ManualClock();
        await using (var app = new StreamsApplication(Counting(), Options(clock, new RocksDbDslStoreSuppliers())))
        {
            await app.StartAsync();
            Produce("words", [("a", "1"), ("b", "2"), ("a", "3")]);
            await WaitUntil(app, () => app.Progress.RecordsProcessed == 3);
            await CommitAndWait(app, clock);

            // Fails before the store: the stores stay as committed.
            Produce("words", [("a", "boom")]);
            await app.Completion.WaitAsync(Wait);
            app.State.Should().Be(StreamsState.Error);
        }

        // The commit's control marker takes the changelog's last offset (librdkafka 2.16's mock writes markers, as Kafka):
        // the checkpoint is the offset after the last record written, as Kafka Streams', one below the end.
        var end = EndOffset(ChangelogPartition);
        File.Exists(CheckpointPath()).Should().BeTrue();
        ReadCheckpoint(CheckpointPath(), ChangelogPartition.Topic).Should().Be(end - 1);

        var listener = await RestartAndRecordRestore();
        listener.Calls[0].Should().Be($"start {ChangelogPartition} {Store} {end - 1} {end}", "only the tail after the checkpoint, the marker, is restored");
    }

    [Fact]
    public async Task A_thread_that_dies_with_dirty_stores_leaves_no_checkpoint_and_the_restart_restores_the_whole_changelog()
    {
        CreateTopics();
        var clock = new ManualClock();
        await using (var app = new StreamsApplication(Counting(), Options(clock, new RocksDbDslStoreSuppliers())))
        {
            await app.StartAsync();
            Produce("words", [("a", "1"), ("b", "2")]);
            await WaitUntil(app, () => app.Progress.RecordsProcessed == 2);
            await CommitAndWait(app, clock);
            File.Exists(CheckpointPath()).Should().BeTrue();

            // Uncommitted writes into the store, then the thread dies before the next commit.
            Produce("words", [("a", "3"), ("c", "4"), ("a", "boom")]);
            await app.Completion.WaitAsync(Wait);
            app.State.Should().Be(StreamsState.Error);
            app.Progress.RecordsProcessed.Should().Be(4);
        }

        File.Exists(CheckpointPath()).Should().BeFalse("the stores hold writes that were never committed");

        var listener = await RestartAndRecordRestore();
        listener.Calls[0].Should().StartWith($"start {ChangelogPartition} {Store} 0 ", "the local state is wiped and restored from the changelog beginning");
    }

    [Fact]
    public async Task A_failed_transaction_is_aborted_and_the_thread_rewinds_to_the_last_commit_and_keeps_running()
    {
        CreateTopics();
        var clock = new ManualClock();
        var options = Options(clock, InMemoryDslStoreSuppliers.Instance);
        await using var app = new StreamsApplication(Counting(), options);
        await app.StartAsync();
        Produce("words", [("a", "1"), ("b", "2")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 2);
        await CommitAndWait(app, clock);

        Produce("words", [("a", "3")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 3);

        // The group coordinator refuses the transactional offset commit: an abortable error, the transaction must be aborted.
        Cluster.PushRequestErrors(Streams.EmbeddedKafka.KafkaApiKeys.TxnOffsetCommit, ErrorCode.GroupAuthorizationFailed);
        clock.Advance(TimeSpan.FromSeconds(1));

        // Rewound to the last commit: the record after it is processed again, and the thread goes on.
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 4);
        Produce("words", [("b", "5")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 5);
        await CommitAndWait(app, clock);
        app.State.Should().Be(StreamsState.Running);
        await app.StopAsync();

        // The record after the last commit was processed twice. On the mock, read_committed readers see the aborted output
        // a=2 and the rewound in-memory store restored the aborted changelog write too (so a=3 follows); a real broker hides
        // both, and the output is a=1, b=1, a=2, b=2.
        var counts = ReadCommitted("counts").Select(c => $"{c.Key}={c.Value}").ToList();
        counts.Should().Equal("a=1", "b=1", "a=2", "a=3", "b=2");
    }

    [Fact]
    public async Task The_threads_producer_is_transactional_and_the_mock_does_not_fence_it_when_its_transactional_id_is_reused()
    {
        CreateTopics();
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var options = Options(TimeProvider.System, InMemoryDslStoreSuppliers.Instance);
        options.LoggerFactory = loggerFactory;
        await using var app = new StreamsApplication(Counting(), options);
        await app.StartAsync();
        Produce("words", [("a", "1")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 1 && app.Progress.Commits >= 1);
        var transactionalId = TransactionalIdOf(logs);
        transactionalId.Should().MatchRegex($"^{AppId}-[0-9a-f-]{{36}}-1$", "as Kafka Streams' EOS v2: {applicationId}-{processId}-{threadIndex}");

        // On a real broker a newer producer with the same transactional.id bumps the epoch and the thread's producer is
        // fenced at its next transaction (ExactlyOnceRealKafkaTests). The mock (librdkafka 2.16) does not fence: if this
        // fails after an upgrade, it learned to, and docs/reliability.md should say so.
        var config = new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, TransactionalId = transactionalId };
        using (var newer = new ProducerBuilder<string, string>(config).Build())
        {
            newer.InitTransactions(Wait);
        }

        var commits = app.Progress.Commits;
        Produce("words", [("b", "2")]);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == 2 && app.Progress.Commits > commits);
        app.State.Should().Be(StreamsState.Running);
        await app.StopAsync();
    }

    /// <summary>The thread's transactional.id, from its log event 2080.</summary>
    internal static string TransactionalIdOf(CapturingLoggerProvider logs) =>
        logs.Entries.Single(e => e.EventId.Id == 2080).Message.Split("transactional.id ")[1].Split(' ')[0];

    private static Topology Counting()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("words")
            .Peek((_, v) =>
            {
                if (v == "boom")
                {
                    throw new InvalidOperationException("poison record");
                }
            })
            .GroupByKey()
            .Count(Materialized<string, long>.As(Store))
            .ToStream()
            .MapValues(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .To("counts");
        return builder.Build();
    }

    private void CreateTopics()
    {
        foreach (var topic in Counting().InternalTopics(AppId).Append("words").Append("counts"))
        {
            Cluster.CreateTopic(topic, 1);
        }
    }

    private StreamsOptions Options(TimeProvider clock, IDslStoreSuppliers suppliers, IStateRestoreListener? listener = null) => new()
    {
        ApplicationId = AppId,
        BootstrapServers = Cluster.BootstrapServers,
        StateDirectory = StateDir,
        ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
        StateStoreCacheMaxBytes = 0,
        DslStoreSuppliers = suppliers,
        StateRestoreListener = listener,
        TimeProvider = clock,
        Consumer = MockBrokerGroup.Consumer(),
        Producer = new ProducerConfig { LingerMs = 5 },
    };

    private string CheckpointPath() => Path.Combine(StateDir, AppId, "0_0", ".checkpoint");

    private async Task<RecordingRestoreListener> RestartAndRecordRestore()
    {
        var listener = new RecordingRestoreListener();
        await using var app = new StreamsApplication(Counting(), Options(TimeProvider.System, new RocksDbDslStoreSuppliers(), listener));
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(Wait);
        while (!listener.Calls.Any(c => c.StartsWith("end ", StringComparison.Ordinal)))
        {
            await Task.Delay(20, timeout.Token);
        }

        return listener;
    }

    /// <summary>Every record of the topic's partition 0 up to its end, read with read_committed (transaction markers take offsets but are not records).</summary>
    private List<(string Key, string Value)> ReadCommitted(string topic)
    {
        var config = new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid(), IsolationLevel = IsolationLevel.ReadCommitted };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        var tp = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        var result = new List<(string, string)>();
        var deadline = DateTime.UtcNow + Wait;
        while (consumer.Position(tp).Value < end)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{topic} is read up to its end {end} in time (read {result.Count})");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } r)
            {
                result.Add((r.Message.Key, r.Message.Value));
            }
        }

        return result;
    }
}
