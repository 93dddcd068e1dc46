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
        var supplier = new HangingCloseSupplier(new InMemoryKafkaClientSupplier(cluster), hangingCall);
        try
        {
            await using var app = new StreamsApplication(topology, Options(cluster, supplier, loggerFactory, TimeSpan.FromMilliseconds(200)));
            await app.StartAsync();
            cluster.WaitUntil(c => c.CommittedOffset("close-timeout", new TopicPartition("words", 0)) == 5, s_wait).Should().BeTrue("the instance processes and commits its input first");

            await app.StopAsync().WaitAsync(s_wait);

            supplier.Entered.IsSet.Should().BeTrue($"the thread called the consumer's {hangingCall}");
            app.State.Should().Be(StreamsState.NotRunning);
            app.Error.Should().BeNull("a consumer that does not close in time is given up, not a failure");
            supplier.Calls.Should().Contain("Close");
            if (hangingCall == "Close")
            {
                supplier.Calls.Should().NotContain("Dispose", "a consumer whose close did not end is not disposed: librdkafka's destroy waits for the same handle");
            }

            var warning = provider.Entries.Should().ContainSingle(e => e.EventId.Id == 2010).Which;
            warning.Level.Should().Be(LogLevel.Warning);
            warning.Message.Should().Contain($"{hangingCall} did not end within ConsumerCloseTimeout (200 ms)");
            cluster.CommittedOffset("close-timeout", new TopicPartition("words", 0)).Should().Be(5, "the commit before the close stands");
        }
        finally
        {
            supplier.Release.Set();
        }
    }

    [Fact]
    public async Task A_consumer_close_that_ends_is_followed_by_its_dispose_and_no_warning()
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider));
        var (cluster, topology) = WordCount();
        var supplier = new HangingCloseSupplier(new InMemoryKafkaClientSupplier(cluster), hangingCall: null);
        await using (var app = new StreamsApplication(topology, Options(cluster, supplier, loggerFactory, TimeSpan.FromSeconds(30))))
        {
            await app.StartAsync();
            cluster.WaitUntil(c => c.CommittedOffset("close-timeout", new TopicPartition("words", 0)) == 5, s_wait).Should().BeTrue();
            await app.StopAsync().WaitAsync(s_wait);
            app.Error.Should().BeNull();
        }

        supplier.Calls.Should().Equal("Close", "Dispose");
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

    /// <summary>The model's clients; the group consumer records its Close and Dispose calls, and one of them blocks until released.</summary>
    private sealed class HangingCloseSupplier(InMemoryKafkaClientSupplier inner, string? hangingCall) : IKafkaClientSupplier
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public string? HangingCall => hangingCall;

        public List<string> Calls { get; } = [];

        public IAdminClient GetAdmin(KafkaAdminClientRequest request) => inner.GetAdmin(request);

        public IAdminClient GetDependentAdmin(IClient client) => inner.GetDependentAdmin(client);

        public IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request) => inner.GetProducer(request);

        public IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request)
        {
            var proxy = DispatchProxy.Create<IConsumer<byte[], byte[]>, HangingCloseConsumer>();
            ((HangingCloseConsumer)(object)proxy).Setup(inner.GetConsumer(request), this);
            return proxy;
        }

        public IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request) => inner.GetRestoreConsumer(request);

        public IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request) => inner.GetGlobalConsumer(request);
    }

    /// <summary>Forwards every call; Close and Dispose are recorded, and the supplier's hanging one waits for its release (bounded) first.</summary>
    public class HangingCloseConsumer : DispatchProxy
    {
        private IConsumer<byte[], byte[]>? _inner;
        private HangingCloseSupplier? _supplier;

        internal void Setup(IConsumer<byte[], byte[]> inner, object supplier)
        {
            _inner = inner;
            _supplier = (HangingCloseSupplier)supplier;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name is nameof(IConsumer<byte[], byte[]>.Close) or nameof(IDisposable.Dispose) && args is [])
            {
                lock (_supplier!.Calls)
                {
                    _supplier.Calls.Add(targetMethod.Name);
                }

                if (targetMethod.Name == _supplier.HangingCall)
                {
                    _supplier.Entered.Set();
                    _supplier.Release.Wait(s_wait);
                }
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
