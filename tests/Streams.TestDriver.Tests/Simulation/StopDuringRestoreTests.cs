using System.Reflection;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// Regression for the seeded simulation's at-least-once seeds 103, 138, 139, 145, 187, 192, 227, 231, 369, 388 (and
/// exactly-once seed 47): a StopAsync while a stream thread restores its tasks (inside a rebalance callback) ended the
/// application with the restore's OperationCanceledException as its Error. Made deterministic here: the restore consumer
/// reads nothing until the test has stopped the application.
/// </summary>
public sealed class StopDuringRestoreTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-stop-restore-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task A_stop_while_tasks_restore_is_a_clean_stop(ProcessingGuarantee guarantee)
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("words", 1);
        cluster.CreateTopic("counts", 1);
        using (var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig())))
        {
            for (var i = 0; i < 20; i++)
            {
                producer.Produce("words", new Message<byte[], byte[]> { Key = Serdes.String.Serialize($"k{i}", default)!, Value = Serdes.String.Serialize($"w{i % 3}", default)! });
            }
        }

        // A first instance fills the changelog, then a second one on a fresh state directory has it to restore.
        await using (var first = new StreamsApplication(WordCounting.Topology(), Options(cluster, new InMemoryKafkaClientSupplier(cluster), "first", guarantee)))
        {
            await first.StartAsync();
            cluster.WaitUntil(c => c.CommittedRecords("counts").Count > 0 && c.CommittedOffset("stop-restore", new TopicPartition("words", 0)) == 20, s_wait).Should().BeTrue();
            await first.StopAsync();
        }

        var supplier = new StallingRestoreSupplier(new InMemoryKafkaClientSupplier(cluster));
        await using var second = new StreamsApplication(WordCounting.Topology(), Options(cluster, supplier, "second", guarantee));
        await second.StartAsync();
        supplier.Restoring.Wait(s_wait).Should().BeTrue("the second instance restores the count store from its changelog");
        await second.StopAsync().WaitAsync(s_wait);
        supplier.Release.Set();

        second.State.Should().Be(StreamsState.NotRunning);
        second.Error.Should().BeNull("a stop while tasks restore is a stop, not a failure");
    }

    private StreamsOptions Options(InMemoryKafkaCluster cluster, IKafkaClientSupplier supplier, string instance, ProcessingGuarantee guarantee) => new()
    {
        ApplicationId = "stop-restore",
        BootstrapServers = cluster.BootstrapServers,
        StateDirectory = Path.Combine(_stateRoot, instance),
        CommitInterval = TimeSpan.FromMilliseconds(50),
        ProcessingGuarantee = guarantee,
        ClientSupplier = supplier,
    };

    /// <summary>The model's clients, but the restore consumer's Consume reads nothing (waiting up to its timeout) until released.</summary>
    private sealed class StallingRestoreSupplier(InMemoryKafkaClientSupplier inner) : IKafkaClientSupplier
    {
        public ManualResetEventSlim Restoring { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public IAdminClient GetAdmin(KafkaAdminClientRequest request) => inner.GetAdmin(request);

        public IAdminClient GetDependentAdmin(IClient client) => inner.GetDependentAdmin(client);

        public IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request) => inner.GetProducer(request);

        public IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request) => inner.GetConsumer(request);

        public IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request)
        {
            var proxy = DispatchProxy.Create<IConsumer<byte[], byte[]>, StallingConsumer>();
            ((StallingConsumer)(object)proxy).Setup(inner.GetRestoreConsumer(request), this);
            return proxy;
        }

        public IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request) => inner.GetGlobalConsumer(request);
    }

    /// <summary>Forwards every call, except that Consume(TimeSpan) signals and reads nothing until the supplier releases it.</summary>
    public class StallingConsumer : DispatchProxy
    {
        private IConsumer<byte[], byte[]>? _inner;
        private StallingRestoreSupplier? _supplier;

        internal void Setup(IConsumer<byte[], byte[]> inner, object supplier)
        {
            _inner = inner;
            _supplier = (StallingRestoreSupplier)supplier;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IConsumer<byte[], byte[]>.Consume) && args is [TimeSpan timeout] && !_supplier!.Release.IsSet)
            {
                _supplier.Restoring.Set();
                _supplier.Release.Wait(timeout);
                return null;
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
