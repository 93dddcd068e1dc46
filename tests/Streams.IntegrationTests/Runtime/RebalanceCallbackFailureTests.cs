using Confluent.Kafka;
using Streams.Dsl;
using Streams.Errors;
using Streams.IntegrationTests.FlightDelays;
using Streams.RocksDb;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// A task that fails to open while partitions are being assigned (its folder in the state directory is a regular file):
/// the failure leaves the consumer's rebalance callback as a thread failure, so the application reaches Error through
/// the uncaught-exception handler, under every assignment strategy and group protocol. It used to abort the whole process under
/// cooperative-sticky ("Local: Erroneous state" from Confluent.Kafka's Unassign inside the callback, exit 134).
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class RebalanceCallbackFailureTests() : EmbeddedBrokerTestBase("streams-callback-")
{
    [Theory]
    [InlineData(TaskAssignmentStrategy.CooperativeSticky, GroupProtocol.Classic)]
    [InlineData(TaskAssignmentStrategy.Range, GroupProtocol.Classic)]
    [InlineData(TaskAssignmentStrategy.CooperativeSticky, GroupProtocol.Consumer)]
    public async Task A_task_that_cannot_open_moves_the_application_to_Error_without_killing_the_process(TaskAssignmentStrategy assignment, GroupProtocol protocol)
    {
        Cluster.CreateTopic("in", 1);
        Produce("in", [("k", "v")]);
        var appId = $"callback-{assignment}-{protocol}".ToLowerInvariant();
        Directory.CreateDirectory(Path.Combine(StateDir, appId));
        File.WriteAllText(Path.Combine(StateDir, appId, "0_0"), "a file where the task's folder should be");
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String)).GroupByKey().Count(Materialized<string?, long>.As("counts"));
        var failures = new List<Exception>();

        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = appId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
            TaskAssignment = assignment,
            GroupProtocol = protocol,
        });
        app.SetUncaughtExceptionHandler(e =>
        {
            lock (failures)
            {
                failures.Add(e);
            }

            return StreamThreadExceptionResponse.ShutdownClient;
        });
        await app.StartAsync();
        await app.Completion.WaitAsync(Wait);

        app.State.Should().Be(StreamsState.Error);
        lock (failures)
        {
            failures.Should().ContainSingle("the failure reached the uncaught-exception handler once");
            failures[0].ToString().Should().Contain("0_0");
        }
    }
}
