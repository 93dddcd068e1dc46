using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Errors;
using Streams.IntegrationTests.EmbeddedKafka;
using Streams.Testing;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// <see cref="ProcessingGuarantee.ExactlyOnceV2"/> against a real Kafka cluster (skipped unless
/// <c>STREAMS_TEST_KAFKA_BOOTSTRAP_SERVERS</c> names one): what the mock cluster cannot show, because it writes no
/// transaction markers and drops transactional offset commits.
/// </summary>
public sealed class ExactlyOnceRealKafkaTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-eos-real-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N");

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [RealKafkaFact]
    public async Task Outputs_of_an_aborted_transaction_are_never_seen_by_a_read_committed_consumer()
    {
        var (input, output) = await CreateTopicsAsync();
        Produce(input, Enumerable.Range(0, 10).Select(i => i == 5 ? "boom" : $"v{i}"));
        var failures = 0;
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(input)
            .MapValues(v => v == "boom" && Interlocked.Increment(ref failures) == 1 ? throw new InvalidOperationException("first time only") : v)
            .To(output);
        var options = Options();
        options.CommitInterval = TimeSpan.FromHours(1); // the outputs before the failure are in the open transaction

        await using (var app = new StreamsApplication(builder.Build(), options))
        {
            app.SetUncaughtExceptionHandler(_ => StreamThreadExceptionResponse.ReplaceThread);
            await app.StartAsync();
            using var timeout = new CancellationTokenSource(s_wait);
            while (app.Progress.RecordsProcessed < 15 && app.State != StreamsState.Error)
            {
                await Task.Delay(50, timeout.Token);
            }

            await app.StopAsync();
        }

        failures.Should().Be(2, "the replacement thread re-processed the failed record");
        ReadCommitted(output).Should().Equal(Enumerable.Range(0, 10).Select(i => i == 5 ? "boom" : $"v{i}"), "the first thread's outputs were aborted");
    }

    [RealKafkaFact]
    public async Task Input_offsets_are_committed_with_the_transaction()
    {
        var (input, output) = await CreateTopicsAsync();
        Produce(input, Enumerable.Range(0, 10).Select(i => $"v{i}"));
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(input).To(output);
        var options = Options();

        await using (var app = new StreamsApplication(builder.Build(), options))
        {
            await app.StartAsync();
            using var timeout = new CancellationTokenSource(s_wait);
            while (app.Progress.RecordsProcessed < 10)
            {
                await Task.Delay(50, timeout.Token);
            }

            await app.StopAsync();
        }

        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(Bootstrap, options.ApplicationId)).Build();
        consumer.Committed([new TopicPartition(input, 0)], s_wait).Single().Offset.Value.Should().Be(10);
        ReadCommitted(output).Should().HaveCount(10);
    }

    [RealKafkaFact]
    public async Task A_newer_producer_with_the_threads_transactional_id_fences_it_and_a_new_thread_with_a_new_producer_takes_over()
    {
        var (input, output) = await CreateTopicsAsync();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(input).To(output);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var options = Options();
        options.LoggerFactory = loggerFactory;

        await using var app = new StreamsApplication(builder.Build(), options);
        await app.StartAsync();
        Produce(input, ["v0"]);
        using (var timeout = new CancellationTokenSource(s_wait))
        {
            while (app.Progress.RecordsProcessed < 1)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        using (var newer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Bootstrap, TransactionalId = ExactlyOnceTests.TransactionalIdOf(logs) }).Build())
        {
            newer.InitTransactions(s_wait);
        }

        // As Kafka Streams' TaskMigratedException: the fenced thread ends and a new thread with a new producer takes over.
        Produce(input, ["v1"]);
        using (var timeout = new CancellationTokenSource(s_wait))
        {
            while (app.Progress.RecordsProcessed < 2 && app.State != StreamsState.Error)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        app.State.Should().NotBe(StreamsState.Error, "{0}", app.Error);
        logs.Entries.Should().Contain(e => e.Exception != null && e.Exception.Message.Contains("fenced", StringComparison.Ordinal), "the replacement is logged with the fencing");
    }

    private static string Bootstrap => RealKafkaFactAttribute.BootstrapServers!;

    private StreamsOptions Options() => new()
    {
        ApplicationId = "eos-real-" + _run,
        BootstrapServers = Bootstrap,
        StateDirectory = _stateDir,
        ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
        Consumer = new ConsumerConfig { SessionTimeoutMs = 6_000, HeartbeatIntervalMs = 1_000 },
    };

    private async Task<(string Input, string Output)> CreateTopicsAsync()
    {
        var input = "eos-in-" + _run;
        var output = "eos-out-" + _run;
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Bootstrap }).Build();
        await admin.CreateTopicsAsync([
            new TopicSpecification { Name = input, NumPartitions = 1, ReplicationFactor = -1 },
            new TopicSpecification { Name = output, NumPartitions = 1, ReplicationFactor = -1 },
        ]);
        return (input, output);
    }

    private static void Produce(string topic, IEnumerable<string> values)
    {
        using var producer = new ProducerBuilder<string, string>(KafkaTestClients.Producer(Bootstrap)).Build();
        KafkaTestClients.ProduceAll(producer, topic, values.Select(v => new Message<string, string> { Key = "k", Value = v }));
    }

    private static List<string> ReadCommitted(string topic)
    {
        var config = KafkaTestClients.Consumer(Bootstrap, topic + "-reader");
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        var tp = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(tp, s_wait).High.Value;
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        var values = new List<string>();
        using var timeout = new CancellationTokenSource(s_wait);
        while (consumer.Position(tp).Value < end || values.Count == 0)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                values.Add(message.Value);
            }

            timeout.Token.ThrowIfCancellationRequested();
        }

        return values;
    }
}
