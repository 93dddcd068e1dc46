using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.Errors;
using Streams.IntegrationTests.FlightDelays;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Poison records against the embedded broker (issue 4): each goes where its handler says, and nothing else is lost. An
/// undeserializable value, a value that makes a processor throw and one whose output is larger than the producer's
/// <c>message.max.bytes</c> are interleaved with good records; with the continuing handlers and a dead-letter topic every
/// good record reaches the output and every poison record is in the dead-letter topic once, with headers naming where it
/// was produced. With the failing defaults the application stops in Error without committing past the poison record, and
/// the uncaught exception handler's ReplaceThread reprocesses it on a new thread.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class PoisonRecordTests() : EmbeddedBrokerTestBase("streams-poison-")
{
    private const int ThrowValue = -1;
    private const int HugeValue = -2;

    [Fact]
    public async Task Every_poison_record_goes_to_the_dead_letter_topic_once_and_every_good_record_to_the_output()
    {
        Cluster.CreateTopic("in", 2);
        Cluster.CreateTopic("out", 2);
        Cluster.CreateTopic("dlq", 1);
        var sent = new List<(int Partition, string Key, byte[] Value)>();
        for (var i = 0; i < 40; i++)
        {
            var value = (i % 10) switch
            {
                3 => [0xFF, 0x01, 0x02],                  // 3 bytes: not an Int32
                5 => Serdes.Int32.Serialize(ThrowValue, default),
                7 => Serdes.Int32.Serialize(HugeValue, default),
                _ => Serdes.Int32.Serialize(i, default),
            };
            sent.Add((i % 2, $"k{i}", value));
        }

        var offsets = ProduceTo("in", sent);
        var options = Options("poison-dlq");
        options.DeserializationExceptionHandler = LogAndContinueExceptionHandler.Instance;
        options.ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance;
        options.ProductionExceptionHandler = LogAndContinueProductionExceptionHandler.Instance;
        options.DeadLetterQueueTopicName = "dlq";

        await using (var app = new StreamsApplication(Topology(), options))
        {
            await app.StartAsync();
            await WaitUntil(() => app.State == StreamsState.Error || Committed("poison-dlq", "in", 2).Sum() == 40);
            app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
            await app.StopAsync();
        }

        var expectedGood = sent.Where((_, i) => i % 10 is not (3 or 5 or 7)).Select(r => $"v{Serdes.Int32.Deserialize(r.Value, false, default)}");
        ReadAll("out", 2).Select(r => Encoding.UTF8.GetString(r.Message.Value)).Should().BeEquivalentTo(expectedGood, "every good record arrives exactly once");

        var dead = ReadAll("dlq", 1);
        var expectedDead = sent.Select((r, i) => (r, i, offsets[i])).Where(x => x.i % 10 is 3 or 5 or 7).ToList();
        dead.Should().HaveCount(expectedDead.Count, "each poison record is dead-lettered once");
        foreach (var (record, i, offset) in expectedDead)
        {
            var match = dead.Where(d => Encoding.UTF8.GetString(d.Message.Key) == record.Key).Should().ContainSingle().Subject;
            match.Message.Value.Should().Equal(record.Value, "the dead letter carries the bytes as consumed");
            Header(match, DeadLetterQueue.TopicHeader).Should().Be("in");
            Header(match, DeadLetterQueue.PartitionHeader).Should().Be(record.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Header(match, DeadLetterQueue.OffsetHeader).Should().Be(offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var exceptionType = Header(match, DeadLetterQueue.ExceptionHeader);
            switch (i % 10)
            {
                case 5: exceptionType.Should().Be(typeof(InvalidOperationException).FullName); break;
                case 7: exceptionType.Should().Be(typeof(ProduceException<byte[], byte[]>).FullName); break;
                default: exceptionType.Should().NotBe(typeof(InvalidOperationException).FullName).And.NotBe(typeof(ProduceException<byte[], byte[]>).FullName); break;
            }
        }
    }

    [Fact]
    public async Task With_the_failing_defaults_the_app_stops_in_Error_before_the_poison_record_and_a_continuing_restart_finds_it_again()
    {
        Cluster.CreateTopic("in", 1);
        Cluster.CreateTopic("out", 1);
        Cluster.CreateTopic("dlq", 1);
        var sent = Enumerable.Range(0, 15).Select(i => (0, $"k{i}", Serdes.Int32.Serialize(i == 10 ? ThrowValue : i, default))).ToList();
        var offsets = ProduceTo("in", sent);

        await using (var app = new StreamsApplication(Topology(), Options("poison-fail")))
        {
            await app.StartAsync();
            await app.Completion.WaitAsync(Wait);
            app.State.Should().Be(StreamsState.Error);
            app.Error!.Message.Should().Contain($"in-0@{offsets[10]}").And.Contain("'throw-on-minus-one'").And.Contain("no offset at or after this record is committed");
        }

        Committed("poison-fail", "in", 1).Single().Should().BeLessThanOrEqualTo(offsets[10], "nothing is committed past the poison record");

        var options = Options("poison-fail");
        options.ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance;
        options.DeadLetterQueueTopicName = "dlq";
        await using (var app = new StreamsApplication(Topology(), options))
        {
            await app.StartAsync();
            await WaitUntil(() => app.State == StreamsState.Error || Committed("poison-fail", "in", 1).Single() == 15);
            app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
            await app.StopAsync();
        }

        var dead = ReadAll("dlq", 1).Should().ContainSingle().Subject;
        Header(dead, DeadLetterQueue.OffsetHeader).Should().Be(offsets[10].ToString(System.Globalization.CultureInfo.InvariantCulture));
        ReadAll("out", 1).Select(r => Encoding.UTF8.GetString(r.Message.Value)).Distinct()
            .Should().BeEquivalentTo(Enumerable.Range(0, 15).Where(i => i != 10).Select(i => $"v{i}"), "at-least-once: every good record arrives (some twice)");
    }

    [Fact]
    public async Task ReplaceThread_reprocesses_the_failed_record_on_a_new_thread_and_the_output_is_complete()
    {
        Cluster.CreateTopic("in", 2);
        Cluster.CreateTopic("out", 2);
        var sent = Enumerable.Range(0, 20).Select(i => (i % 2, $"k{i}", Serdes.Int32.Serialize(i, default))).ToList();
        ProduceTo("in", sent);
        var failures = 0;
        var builder = new StreamsBuilder();
        builder.Stream<string?, int>("in")
            .MapValues(v => v == 13 && Interlocked.Increment(ref failures) == 1 ? throw new InvalidOperationException("transient failure on 13") : $"v{v}")
            .To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        var responses = new List<Exception>();
        var states = new List<StreamsState>();

        await using (var app = new StreamsApplication(builder.Build(), Options("replace")))
        {
            app.SetUncaughtExceptionHandler(e =>
            {
                lock (responses)
                {
                    responses.Add(e);
                }

                return StreamThreadExceptionResponse.ReplaceThread;
            });
            app.StateChanged += (_, change) => { lock (states) { states.Add(change.NewState); } };
            await app.StartAsync();
            await WaitUntil(() => app.State == StreamsState.Error || (Volatile.Read(ref failures) >= 2 && Committed("replace", "in", 2).Sum() == 20));
            app.State.Should().Be(StreamsState.Running);
            await app.StopAsync();
            app.State.Should().Be(StreamsState.NotRunning);
        }

        responses.Should().ContainSingle().Which.Message.Should().Contain("transient failure on 13");
        lock (states)
        {
            var afterFailure = states.SkipWhile(s => s != StreamsState.Running).Skip(1).ToList();
            afterFailure.Should().StartWith([StreamsState.Rebalancing]).And.Contain(StreamsState.Running, "the new thread rejoins and runs");
        }

        ReadAll("out", 2).Select(r => Encoding.UTF8.GetString(r.Message.Value)).Distinct()
            .Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(i => $"v{i}"), "the failed record is processed again by the new thread");
    }

    [Fact]
    public async Task A_send_the_broker_refuses_reaches_the_production_handler_with_the_record_as_sent()
    {
        // The delivery report carries only the timestamp (ClientConfigs.DeliveryReportFields): the handler's record, its
        // headers included, is the one the sink sent.
        Cluster.CreateTopic("in", 1);
        Cluster.CreateTopic("out", 1);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("in", new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes("k"),
                Value = Serdes.Int32.Serialize(7, default),
                Headers = [new Header("trace", Encoding.UTF8.GetBytes("t-1"))],
                Timestamp = new Timestamp(1_234, TimestampType.CreateTime),
            });
        }

        Cluster.PushRequestErrors(KafkaApiKeys.Produce, ErrorCode.MsgSizeTooLarge); // the application's first produce request
        var handler = new RecordingProductionHandler();
        var options = Options("poison-async");
        options.ProductionExceptionHandler = handler;
        await using (var app = new StreamsApplication(Topology(), options))
        {
            await app.StartAsync();
            await WaitUntil(() => app.State == StreamsState.Error || Committed("poison-async", "in", 1).Single() == 1);
            app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
            await app.StopAsync();
        }

        var (record, exception) = handler.Calls.Should().ContainSingle().Subject;
        exception.Should().BeOfType<ProduceException<byte[], byte[]>>().Which.Error.Code.Should().Be(ErrorCode.MsgSizeTooLarge);
        record.Topic.Should().Be("out");
        record.TimestampMs.Should().Be(1_234);
        record.Value.Should().BeOfType<byte[]>().Which.Should().Equal(Encoding.UTF8.GetBytes("v7"));
        Encoding.UTF8.GetString(record.Headers!.GetLastBytes("trace")).Should().Be("t-1", "the sink forwards the input's headers");
    }

    private static Topology Topology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, int>("in")
            .MapValues(v => v == ThrowValue ? throw new InvalidOperationException("poison value -1") : v, Named.As("throw-on-minus-one"))
            .MapValues(v => v == HugeValue ? new string('x', 100_000) : $"v{v}")
            .To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        return builder.Build();
    }

    private StreamsOptions Options(string appId) => new()
    {
        ApplicationId = appId,
        BootstrapServers = Cluster.BootstrapServers,
        StateDirectory = StateDir,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        Consumer = MockBrokerGroup.Consumer(),
        Producer = new ProducerConfig { MessageMaxBytes = 50_000 },
    };

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) => Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));

    /// <summary>Produces to explicit partitions and returns each record's offset.</summary>
    private List<long> ProduceTo(string topic, IReadOnlyList<(int Partition, string Key, byte[] Value)> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
        var offsets = new List<long>();
        foreach (var (p, k, v) in records)
        {
            var result = producer.ProduceAsync(
                new TopicPartition(topic, p),
                new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(k), Value = v, Timestamp = new Timestamp(1_000, TimestampType.CreateTime) }).GetAwaiter().GetResult();
            offsets.Add(result.Offset.Value);
        }

        return offsets;
    }

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var remaining = tps.Sum(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var result = new List<ConsumeResult<byte[], byte[]>>();
        using var timeout = new CancellationTokenSource(Wait);
        for (; remaining > 0; remaining--)
        {
            result.Add(consumer.Consume(timeout.Token));
        }

        return result;
    }

    private List<long> Committed(string groupId, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .Select(c => Math.Max(0, c.Offset.Value)).ToList();
    }

    /// <summary>Records each failed send it is asked about and lets processing continue.</summary>
    private sealed class RecordingProductionHandler : IProductionExceptionHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<(ProductionRecord Record, Exception Exception)> Calls { get; } = new();

        public ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, Microsoft.Extensions.Logging.ILogger logger)
        {
            Calls.Enqueue((record, exception));
            return ProductionExceptionResponse.Continue();
        }
    }
}
