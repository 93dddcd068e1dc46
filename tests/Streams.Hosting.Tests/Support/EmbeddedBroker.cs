using Streams.Testing;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.Serialization;

namespace Streams.Hosting.Tests.Support;

/// <summary>One embedded broker (librdkafka's mock cluster) shared by the tests that run a real application; each test uses its own topics and application id.</summary>
public sealed class EmbeddedBroker : IDisposable
{
    /// <summary>The bound on every wait in these tests.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public EmbeddedKafkaCluster Cluster { get; } = EmbeddedKafkaCluster.Start();

    public string BootstrapServers => Cluster.BootstrapServers;

    public void Dispose() => Cluster.Dispose();

    /// <summary>Creates fresh input and output topics (1 partition) and returns their names.</summary>
    public (string Input, string Output) CreateTopics()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (input, output) = ($"in-{suffix}", $"out-{suffix}");
        Cluster.CreateTopic(input, 1);
        Cluster.CreateTopic(output, 1);
        return (input, output);
    }

    /// <summary>Produces <paramref name="count"/> Int32 values 0..count-1, then (when asked) one value that is not an Int32.</summary>
    public void ProduceInts(string topic, int count, bool poison = false)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = $"k{i}", Value = Serdes.Int32.Serialize(i, default) });
        }

        if (poison)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = "poison", Value = [1, 2] });
        }

        if (producer.Flush(Timeout) != 0)
        {
            throw new TimeoutException($"Producing to {topic} did not finish within {Timeout}.");
        }
    }

    /// <summary>in -> value * 10 -> out.</summary>
    public static Topology TimesTen(string input, string output)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, int>(input).MapValues(v => v * 10).To(output);
        return builder.Build();
    }

    /// <summary>Settings that make the mock broker fast (docs/embedded-broker.md), as configuration keys under <c>Streams</c>.</summary>
    public Dictionary<string, string?> Configuration(string applicationId, string stateDirectory) => new()
    {
        ["Streams:ApplicationId"] = applicationId,
        ["Streams:BootstrapServers"] = BootstrapServers,
        ["Streams:StateDirectory"] = stateDirectory,
        ["Streams:CommitInterval"] = "00:00:00.200",
        ["Streams:Consumer:session.timeout.ms"] = "6000",
        ["Streams:Consumer:heartbeat.interval.ms"] = "500",
        ["Streams:Consumer:fetch.wait.max.ms"] = "10",
    };

    /// <summary>The same settings in code.</summary>
    public StreamsOptions Options(string applicationId, string stateDirectory) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = BootstrapServers,
        StateDirectory = stateDirectory,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        Consumer = new ConsumerConfig { SessionTimeoutMs = 6000, HeartbeatIntervalMs = 500, FetchWaitMaxMs = 10 },
    };

    /// <summary>Waits until <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> after <see cref="Timeout"/> (<see cref="Eventually"/>).</summary>
    public static Task WaitUntil(Func<bool> condition, string what) => Eventually.Until(condition, () => what, Timeout);
}

[CollectionDefinition(nameof(EmbeddedBrokerTests), DisableParallelization = true)]
public sealed class EmbeddedBrokerTests : ICollectionFixture<EmbeddedBroker>;
