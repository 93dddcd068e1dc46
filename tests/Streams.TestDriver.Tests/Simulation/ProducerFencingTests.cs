using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// Regression for the seeded simulation's flight workload, exactly-once seed 13: the transaction coordinator aborted a
/// transaction open longer than <c>transaction.timeout.ms</c> (a slow moment of a loaded machine) and fenced its
/// producer; the stream thread's next send failed with <c>ProducerFenced</c>, the thread ended, and without an uncaught
/// exception handler the application went to Error (the survivor of the run, so its input was never processed). Kafka
/// Streams handles a fenced producer as a <c>TaskMigratedException</c> (new producer, tasks closed dirty, rejoin); here
/// the thread is replaced by one with a new producer, without asking the handler. Made deterministic: the cluster's clock
/// skips past the timeout while a transaction is open.
/// </summary>
public sealed class ProducerFencingTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-fencing-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Fact]
    public async Task A_transaction_aborted_by_its_timeout_fences_the_thread_which_is_replaced_and_counts_exactly_once()
    {
        var clock = new SkippingClock();
        var cluster = new InMemoryKafkaCluster(clock);
        cluster.CreateTopic("words", 1);
        cluster.CreateTopic("counts", 1);
        var supplier = new InMemoryKafkaClientSupplier(cluster);
        using var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig()));
        void Send(string word) => producer.Produce("words", new Message<byte[], byte[]> { Key = Serdes.String.Serialize(word, default)!, Value = Serdes.String.Serialize(word, default)! });

        // Counted by key, without repartitioning: the count is sent in the transaction that reads the word.
        var builder = new StreamsBuilder();
        builder.Stream("words", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey(Grouped<string?, string?>.With(Serdes.String, Serdes.String))
            .Count(Materialized<string?, long>.As("word-counts"))
            .ToStream()
            .To("counts", Produced<string?, long>.With(Serdes.String, Serdes.Int64));

        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = "fencing",
            BootstrapServers = cluster.BootstrapServers,
            StateDirectory = _stateRoot,
            CommitInterval = TimeSpan.FromMinutes(10), // the transaction stays open until the stop commits it
            StateStoreCacheMaxBytes = 0, // every update sent at once, into the open transaction
            ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
            ClientSupplier = supplier,
            Consumer = new ConsumerConfig { SessionTimeoutMs = 45_000 },
            Producer = new ProducerConfig { TransactionTimeoutMs = 10_000 },
        });
        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, s_wait)).Should().BeTrue();
        Send("a");
        cluster.WaitUntil(c => c.Records(new TopicPartition("counts", 0)).Count >= 1, s_wait).Should().BeTrue("the count of a is sent in the open transaction");

        // Past transaction.timeout.ms: at the next poll the coordinator aborts the transaction and fences the producer.
        clock.Skip(TimeSpan.FromSeconds(20));
        Send("b");
        Send("a");

        // The aborted count of a, then the replacement's a=1, b=1, a=2 (or the application's failure, before the fix).
        cluster.WaitUntil(c => c.Records(new TopicPartition("counts", 0)).Count(r => r.Value is not null) >= 4 || app.State is StreamsState.Error, s_wait);

        app.State.Should().NotBe(StreamsState.Error, "a fenced producer is a task migration, not a failure: {0}", app.Error);
        await app.StopAsync().WaitAsync(s_wait);
        app.Error.Should().BeNull();
        WordCounting.LatestCounts(cluster).Should().Equal(new Dictionary<string, long> { ["a"] = 2, ["b"] = 1 }, "the aborted transaction's count of a is not committed; the replacement counts every word once");
        cluster.CommittedRecords("counts").Select(r => Serdes.Int64.Deserialize(r.Value, false, default)).Should().OnlyContain(c => c <= 2);
    }

    /// <summary>
    /// Regression for the join + suppress workload's exactly-once seed 0: the producer was fenced while the application
    /// stopped, its last commit failed, and the clean stop ended with the fencing as the application's Error. As Kafka
    /// Streams (a task migration on close): the tasks close without committing, the stop is clean, the next owner
    /// processes from the last commit.
    /// </summary>
    [Fact]
    public async Task A_stop_whose_last_commit_finds_the_producer_fenced_is_a_clean_stop_and_the_next_owner_counts_exactly_once()
    {
        var clock = new SkippingClock();
        var cluster = new InMemoryKafkaCluster(clock);
        cluster.CreateTopic("words", 1);
        cluster.CreateTopic("counts", 1);
        using var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig()));
        producer.Produce("words", new Message<byte[], byte[]> { Key = Serdes.String.Serialize("a", default)!, Value = Serdes.String.Serialize("a", default)! });

        await using (var first = new StreamsApplication(ByKeyCount(), Options(cluster, "first")))
        {
            await first.StartAsync();
            cluster.WaitUntil(c => c.Records(new TopicPartition("counts", 0)).Count >= 1, s_wait).Should().BeTrue("the count of a is sent in the open transaction");

            // Past transaction.timeout.ms: the coordinator aborts the transaction at the thread's next poll.
            clock.Skip(TimeSpan.FromSeconds(20));
            cluster.WaitUntil(c => c.Records(new TopicPartition("counts", 0))[0].Transaction == InMemoryTransactionState.Aborted, s_wait).Should().BeTrue();
            await first.StopAsync().WaitAsync(s_wait);
            first.Error.Should().BeNull("a fenced producer on close is a task migration: the tasks close without committing");
            first.State.Should().Be(StreamsState.NotRunning);
        }

        cluster.CommittedRecords("counts").Should().BeEmpty();
        await using var second = new StreamsApplication(ByKeyCount(), Options(cluster, "second"));
        await second.StartAsync();
        cluster.WaitUntil(c => c.Records(new TopicPartition("counts", 0)).Count >= 2, s_wait).Should().BeTrue("the next owner counts a again");
        await second.StopAsync().WaitAsync(s_wait); // commits
        second.Error.Should().BeNull();
        WordCounting.LatestCounts(cluster).Should().Equal(new Dictionary<string, long> { ["a"] = 1 });
    }

    private static Topology ByKeyCount()
    {
        var builder = new StreamsBuilder();
        builder.Stream("words", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey(Grouped<string?, string?>.With(Serdes.String, Serdes.String))
            .Count(Materialized<string?, long>.As("word-counts"))
            .ToStream()
            .To("counts", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }

    private StreamsOptions Options(InMemoryKafkaCluster cluster, string instance) => new()
    {
        ApplicationId = "fencing-on-stop",
        BootstrapServers = cluster.BootstrapServers,
        StateDirectory = Path.Combine(_stateRoot, instance),
        CommitInterval = TimeSpan.FromMinutes(10),
        StateStoreCacheMaxBytes = 0,
        ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
        ClientSupplier = new InMemoryKafkaClientSupplier(cluster),
        Producer = new ProducerConfig { TransactionTimeoutMs = 10_000 },
    };

    /// <summary>The real clock, moved ahead on demand.</summary>
    private sealed class SkippingClock : TimeProvider
    {
        private long _skippedTicks;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

        public void Skip(TimeSpan by) => Interlocked.Add(ref _skippedTicks, by.Ticks);
    }
}
