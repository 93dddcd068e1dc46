using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Errors;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The exactly-once scenarios of <c>Streams.IntegrationTests/Runtime/ExactlyOnceRealKafkaTests</c> (which need a real
/// cluster: the embedded broker's mock hides no aborted records, drops transactional offset commits and fences no
/// producer) on the in-memory Kafka model, where those semantics are modelled: aborted outputs are never read
/// committed, input offsets are committed with the transaction, and a newer producer with the thread's
/// <c>transactional.id</c> fences it.
/// </summary>
public sealed class ExactlyOnceInMemoryKafkaTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-sim-eos-").FullName;
    private readonly InMemoryKafkaCluster _cluster = new();
    private readonly TransactionalIdRecorder _supplier;

    public ExactlyOnceInMemoryKafkaTests()
    {
        _supplier = new TransactionalIdRecorder(new InMemoryKafkaClientSupplier(_cluster));
        _cluster.CreateTopic("eos-in", 1);
        _cluster.CreateTopic("eos-out", 1);
    }

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Outputs_of_an_aborted_transaction_are_never_seen_by_a_read_committed_consumer()
    {
        Produce(Enumerable.Range(0, 10).Select(i => i == 5 ? "boom" : $"v{i}"));
        var failures = 0;
        var builder = new StreamsBuilder();
        builder.Stream("eos-in", Consumed.With(Serdes.String, Serdes.String))
            .MapValues(v => v == "boom" && Interlocked.Increment(ref failures) == 1 ? throw new InvalidOperationException("first time only") : v)
            .To("eos-out", Produced.With(Serdes.String, Serdes.String));
        var options = Options();
        options.CommitInterval = TimeSpan.FromHours(1); // the outputs before the failure are in the open transaction

        await using (var app = new StreamsApplication(builder.Build(), options))
        {
            app.SetUncaughtExceptionHandler(_ => StreamThreadExceptionResponse.ReplaceThread);
            await app.StartAsync();
            _cluster.WaitUntil(c => Values(c.Records(new TopicPartition("eos-out", 0))).Count(v => v == "v9") == 1, s_wait).Should().BeTrue("the replacement thread reaches the last record");
            await app.StopAsync();
        }

        failures.Should().Be(2, "the replacement thread re-processed the failed record");
        Values(_cluster.CommittedRecords("eos-out")).Should().Equal(Enumerable.Range(0, 10).Select(i => i == 5 ? "boom" : $"v{i}"), "the first thread's outputs were aborted");
        _cluster.Records(new TopicPartition("eos-out", 0)).Should().Contain(r => r.Transaction == InMemoryTransactionState.Aborted, "the failed thread's outputs are in the log, aborted");
    }

    [Fact]
    public async Task Input_offsets_are_committed_with_the_transaction()
    {
        Produce(Enumerable.Range(0, 10).Select(i => $"v{i}"));
        var builder = new StreamsBuilder();
        builder.Stream("eos-in", Consumed.With(Serdes.String, Serdes.String)).To("eos-out", Produced.With(Serdes.String, Serdes.String));
        var options = Options();

        await using (var app = new StreamsApplication(builder.Build(), options))
        {
            await app.StartAsync();
            _cluster.WaitUntil(c => c.CommittedRecords("eos-out").Count == 10, s_wait).Should().BeTrue();
            await app.StopAsync();
        }

        _cluster.CommittedOffset(options.ApplicationId, new TopicPartition("eos-in", 0)).Should().Be(10);
        _cluster.CommittedRecords("eos-out").Should().HaveCount(10).And.OnlyContain(r => r.Transaction == InMemoryTransactionState.Committed);
    }

    [Fact]
    public async Task A_newer_producer_with_the_threads_transactional_id_fences_it_and_a_new_thread_with_a_new_producer_takes_over()
    {
        var builder = new StreamsBuilder();
        builder.Stream("eos-in", Consumed.With(Serdes.String, Serdes.String)).To("eos-out", Produced.With(Serdes.String, Serdes.String));

        await using var app = new StreamsApplication(builder.Build(), Options());
        await app.StartAsync();
        Produce(["v0"]);
        _cluster.WaitUntil(c => c.CommittedRecords("eos-out").Count == 1, s_wait).Should().BeTrue();

        var transactionalId = _supplier.TransactionalIds.Should().ContainSingle().Subject;
        using (var newer = _supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { TransactionalId = transactionalId })))
        {
            newer.InitTransactions(s_wait);
        }

        // As Kafka Streams' TaskMigratedException: the fenced thread ends (its transaction never commits) and a new thread,
        // with a new producer and transactional id, takes its tasks over from the last commit (ProducerFencingTests).
        Produce(["v1"]);
        _cluster.WaitUntil(c => c.CommittedRecords("eos-out").Count == 2 || app.State == StreamsState.Error, s_wait).Should().BeTrue();
        app.State.Should().NotBe(StreamsState.Error, "{0}", app.Error);
        Values(_cluster.CommittedRecords("eos-out")).Should().Equal(["v0", "v1"], "the fenced thread's transaction never commits; its replacement's does");
        _supplier.TransactionalIds.Distinct().Should().HaveCount(2, "the replacement's producer has a transactional id of its own");
    }

    private static List<string> Values(IEnumerable<InMemoryRecord> records) => records.Select(r => Encoding.UTF8.GetString(r.Value!)).ToList();

    private StreamsOptions Options() => new()
    {
        ApplicationId = "eos-sim",
        BootstrapServers = _cluster.BootstrapServers,
        StateDirectory = _stateDir,
        ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
        ClientSupplier = _supplier,
    };

    private void Produce(IEnumerable<string> values)
    {
        using var producer = _supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig()));
        foreach (var v in values)
        {
            producer.Produce("eos-in", new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("k"), Value = Encoding.UTF8.GetBytes(v) });
        }
    }

    /// <summary>Decorates another supplier and records the <c>transactional.id</c> of every stream thread producer it makes.</summary>
    private sealed class TransactionalIdRecorder(IKafkaClientSupplier inner) : IKafkaClientSupplier
    {
        public ConcurrentQueue<string> TransactionalIds { get; } = new();

        public IAdminClient GetAdmin(KafkaAdminClientRequest request) => inner.GetAdmin(request);

        public IAdminClient GetDependentAdmin(IClient client) => inner.GetDependentAdmin(client);

        public IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request)
        {
            if (request.Role == KafkaClientRole.Producer && request.Config.TransactionalId is { } id && id.StartsWith("eos-sim", StringComparison.Ordinal))
            {
                TransactionalIds.Enqueue(id);
            }

            return inner.GetProducer(request);
        }

        public IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request) => inner.GetConsumer(request);

        public IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request) => inner.GetRestoreConsumer(request);

        public IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request) => inner.GetGlobalConsumer(request);
    }
}
