using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Serialization;
using Streams.TestDriver.Simulation;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// A stream thread's shutdown is bounded by <see cref="StreamsOptions.ConsumerCloseTimeout"/>: librdkafka's consumer close
/// can wait forever when the group changes under it (seen twice in CI, inside Confluent's rebalance callback during
/// <c>Close()</c>, and in <c>Dispose()</c> after it), and an unbounded close made the application's stop, and so a host's
/// shutdown, hang with it. Made deterministic here: the group consumer's Close (or Dispose) blocks until the test releases it.
/// </summary>
public sealed class ConsumerCloseTimeoutTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-close-timeout-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Theory]
    [InlineData("Close")]
    [InlineData("Dispose")]
    public async Task A_consumer_close_that_does_not_end_is_given_up_after_ConsumerCloseTimeout_and_the_stop_completes(string hangingCall)
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider));
        var (cluster, topology) = WordCount();
        var calls = new CloseCalls(hangingCall);
        var supplier = new InterceptedClients(new InMemoryKafkaClientSupplier(cluster), KafkaClientRole.MainConsumer, calls.Hook);
        try
        {
            // 2 s: long enough for the calls that do not hang (the Close before a hanging Dispose) on a loaded machine.
            await using var app = new StreamsApplication(topology, Options(cluster, supplier, loggerFactory, TimeSpan.FromSeconds(2)));
            await app.StartAsync();
            cluster.WaitUntil(c => c.CommittedOffset("close-timeout", new TopicPartition("words", 0)) == 5, s_wait).Should().BeTrue("the instance processes and commits its input first");

            await app.StopAsync().WaitAsync(s_wait);

            calls.Entered.IsSet.Should().BeTrue($"the thread called the consumer's {hangingCall}");
            app.State.Should().Be(StreamsState.NotRunning);
            app.Error.Should().BeNull("a consumer that does not close in time is given up, not a failure");
            calls.Names.Should().Contain("Close");
            if (hangingCall == "Close")
            {
                calls.Names.Should().NotContain("Dispose", "a consumer whose close did not end is not disposed: librdkafka's destroy waits for the same handle");
            }

            var warning = provider.Entries.Should().ContainSingle(e => e.EventId.Id == 2010).Which;
            warning.Level.Should().Be(LogLevel.Warning);
            warning.Message.Should().Contain($"{hangingCall} did not end within ConsumerCloseTimeout (2000 ms)");
            cluster.CommittedOffset("close-timeout", new TopicPartition("words", 0)).Should().Be(5, "the commit before the close stands");
        }
        finally
        {
            calls.Release.Set();
        }
    }

    [Fact]
    public async Task A_consumer_close_that_ends_is_followed_by_its_dispose_and_no_warning()
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider));
        var (cluster, topology) = WordCount();
        var calls = new CloseCalls(hangingCall: null);
        var supplier = new InterceptedClients(new InMemoryKafkaClientSupplier(cluster), KafkaClientRole.MainConsumer, calls.Hook);
        await using (var app = new StreamsApplication(topology, Options(cluster, supplier, loggerFactory, TimeSpan.FromSeconds(30))))
        {
            await app.StartAsync();
            cluster.WaitUntil(c => c.CommittedOffset("close-timeout", new TopicPartition("words", 0)) == 5, s_wait).Should().BeTrue();
            await app.StopAsync().WaitAsync(s_wait);
            app.Error.Should().BeNull();
        }

        calls.Names.Should().Equal("Close", "Dispose");
        provider.Entries.Should().NotContain(e => e.EventId.Id == 2010);
    }

    private static (InMemoryKafkaCluster Cluster, Topology Topology) WordCount()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("words", 1);
        cluster.CreateTopic("counts", 1);
        using (var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig())))
        {
            for (var i = 0; i < 5; i++)
            {
                producer.Produce("words", new Message<byte[], byte[]> { Key = Serdes.String.Serialize($"k{i}", default)!, Value = Serdes.String.Serialize($"w{i % 2}", default)! });
            }
        }

        return (cluster, WordCounting.Topology());
    }

    private StreamsOptions Options(InMemoryKafkaCluster cluster, IKafkaClientSupplier supplier, ILoggerFactory loggerFactory, TimeSpan closeTimeout) => new()
    {
        ApplicationId = "close-timeout",
        BootstrapServers = cluster.BootstrapServers,
        StateDirectory = _stateRoot,
        CommitInterval = TimeSpan.FromMilliseconds(50),
        ConsumerCloseTimeout = closeTimeout,
        ClientSupplier = supplier,
        LoggerFactory = loggerFactory,
    };

    /// <summary>Records the group consumer's Close and Dispose calls; the hanging one waits for <see cref="Release"/> (bounded) first.</summary>
    private sealed class CloseCalls(string? hangingCall)
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public List<string> Names { get; } = [];

        public bool Hook(MethodInfo method, object?[] args, out object? result)
        {
            result = null;
            if (method.Name is nameof(IConsumer<byte[], byte[]>.Close) or nameof(IDisposable.Dispose) && args is [])
            {
                lock (Names)
                {
                    Names.Add(method.Name);
                }

                if (method.Name == hangingCall)
                {
                    Entered.Set();
                    Release.Wait(s_wait);
                }
            }

            return false; // then forwarded
        }
    }
}
