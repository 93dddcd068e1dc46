using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// Regression for the seeded simulation's flight workload, seed 0 (at its first crash, under both guarantees): an
/// application with a GlobalKTable whose clients crash ended the whole process. The last stream thread to exit cleans
/// up, and the global consumer's Close threw the crashed client's KafkaException out of that thread (unhandled). The
/// global consumer is assign-only and never commits: its failing close is now logged and ignored, as the standby
/// consumer's.
/// </summary>
public sealed class GlobalTableCrashTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-global-crash-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task A_crash_of_an_application_with_a_global_table_fails_the_application_not_the_process(ProcessingGuarantee guarantee)
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("airports", 1);
        cluster.CreateTopic("flights", 2);
        cluster.CreateTopic("joined", 1);
        var supplier = new InMemoryKafkaClientSupplier(cluster);
        using (var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig())))
        {
            producer.Produce("airports", new Message<byte[], byte[]> { Key = Serdes.String.Serialize("ATL", default)!, Value = Serdes.String.Serialize("Atlanta", default)! });
            producer.Produce("flights", new Message<byte[], byte[]> { Key = Serdes.String.Serialize("f1", default)!, Value = Serdes.String.Serialize("ATL", default)! });
        }

        var builder = new StreamsBuilder();
        var airports = builder.GlobalTable("airports", Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        builder.Stream("flights", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .LeftJoin(airports, (_, origin) => origin, (origin, city) => (string?)$"{origin}:{city}")
            .To("joined", Produced<string?, string?>.With(Serdes.String, Serdes.String));

        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = "global-crash",
            BootstrapServers = cluster.BootstrapServers,
            StateDirectory = _stateRoot,
            CommitInterval = TimeSpan.FromMilliseconds(50),
            ProcessingGuarantee = guarantee,
            ClientSupplier = supplier,
        });
        await app.StartAsync();
        cluster.WaitUntil(c => c.CommittedRecords("joined").Count == 1, s_wait).Should().BeTrue("the instance joins the flight with its airport");

        supplier.Crash();

        // Before the fix the process ended here (an unhandled KafkaException on the last stream thread's cleanup).
        (await app.WaitForStateAsync(StreamsState.Error, s_wait)).Should().BeTrue("the crashed clients fail the stream thread, and so the application");
        app.Error.Should().BeOfType<KafkaException>().Which.Message.Should().Contain("crashed");
        Serdes.String.Deserialize(cluster.CommittedRecords("joined")[0].Value, false, default).Should().Be("ATL:Atlanta");
    }
}
