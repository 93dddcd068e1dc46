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

        // The restore consumer's Consume(timeout) reads nothing (waiting up to its timeout) until the test releases it.
        using var restoring = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var supplier = new InterceptedClients(new InMemoryKafkaClientSupplier(cluster), KafkaClientRole.RestoreConsumer, (MethodInfo method, object?[] args, out object? result) =>
        {
            result = null;
            if (method.Name != nameof(IConsumer<byte[], byte[]>.Consume) || args is not [TimeSpan timeout] || release.IsSet)
            {
                return false;
            }

            restoring.Set();
            release.Wait(timeout);
            return true;
        });
        await using var second = new StreamsApplication(WordCounting.Topology(), Options(cluster, supplier, "second", guarantee));
        await second.StartAsync();
        restoring.Wait(s_wait).Should().BeTrue("the second instance restores the count store from its changelog");
        await second.StopAsync().WaitAsync(s_wait);
        release.Set();

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
}
