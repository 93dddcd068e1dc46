using System.Collections.Concurrent;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// <see cref="StreamsOptions.ClientSupplier"/> against the embedded broker, as Kafka Streams' <c>KafkaClientSupplier</c>:
/// a supplier deriving from <see cref="DefaultKafkaClientSupplier"/> sees every client the runtime makes (stream
/// thread consumer, restore consumer and producer, global consumer, standby consumer, metadata reader and announcer,
/// admin clients), each with the runtime's own configuration.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class ClientSupplierTests() : EmbeddedBrokerTestBase("streams-supplier-")
{
    [Fact]
    public async Task Every_client_of_the_runtime_comes_from_the_configured_supplier()
    {
        Cluster.CreateTopic("supplier-words", 2);
        Cluster.CreateTopic("supplier-regions", 1);
        Produce("supplier-regions", [("r1", "north")]);
        Produce("supplier-words", Enumerable.Range(0, 30).Select(i => ($"w{i % 5}", "x")));
        var supplier = new RecordingSupplier();
        var builder = new StreamsBuilder();
        builder.GlobalTable<string, string>("supplier-regions", materialized: Materialized<string, string>.As("regions-store"));
        builder.Stream<string, string>("supplier-words").GroupByKey().Count(Materialized<string, long>.As("supplier-counts"));
        var options = new StreamsOptions
        {
            ApplicationId = "supplier-app",
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            ApplicationServer = "localhost:7201",
            NumStandbyReplicas = 1,
            Consumer = MockBrokerGroup.Consumer(),
            ClientSupplier = supplier,
        };

        await using (var app = new StreamsApplication(builder.Build(), options))
        {
            await app.StartAsync();
            await WaitUntil(() => app.Progress.RecordsProcessed == 30, () => $"the 30 words are processed ({app.Progress.RecordsProcessed})");
            await app.StopAsync();
        }

        supplier.Roles.Keys.Should().BeEquivalentTo(Enum.GetValues<KafkaClientRole>(), "every kind of client the runtime uses came from the supplier");
        supplier.Roles[KafkaClientRole.MainConsumer].Should().ContainSingle().Which.Should().Be("supplier-app-StreamThread-1-consumer");
        supplier.Roles[KafkaClientRole.RestoreConsumer].Should().ContainSingle().Which.Should().Be("supplier-app-StreamThread-1-restore-consumer");
        supplier.Roles[KafkaClientRole.Producer].Should().ContainSingle().Which.Should().Be("supplier-app-StreamThread-1-producer");
        supplier.Roles[KafkaClientRole.GlobalConsumer].Should().ContainSingle().Which.Should().Be("supplier-app-global-consumer");
        supplier.MainConsumerGroups.Should().Equal("supplier-app");
        supplier.DependentAdmins.Should().BeGreaterThan(0, "partition counts are read through admin clients on the runtime's own clients");
    }

    /// <summary>Records what the runtime asks for, then builds Confluent's clients as the default supplier does.</summary>
    private sealed class RecordingSupplier : DefaultKafkaClientSupplier
    {
        private int _dependentAdmins;

        public ConcurrentDictionary<KafkaClientRole, ConcurrentQueue<string>> Roles { get; } = new();

        public ConcurrentQueue<string> MainConsumerGroups { get; } = new();

        public int DependentAdmins => Volatile.Read(ref _dependentAdmins);

        public override IAdminClient GetAdmin(KafkaAdminClientRequest request)
        {
            Record(KafkaClientRole.Admin, "admin");
            return base.GetAdmin(request);
        }

        public override IAdminClient GetDependentAdmin(IClient client)
        {
            Interlocked.Increment(ref _dependentAdmins);
            return base.GetDependentAdmin(client);
        }

        public override IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request)
        {
            Record(request.Role, request.Config.ClientId);
            return base.GetProducer(request);
        }

        public override IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request)
        {
            request.Role.Should().Be(KafkaClientRole.MainConsumer);
            request.PartitionsAssignedHandler.Should().NotBeNull("the runtime's rebalance handlers come with the request");
            MainConsumerGroups.Enqueue(request.Config.GroupId);
            Record(request.Role, request.Config.ClientId);
            return base.GetConsumer(request);
        }

        public override IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request)
        {
            request.Role.Should().BeOneOf(KafkaClientRole.RestoreConsumer, KafkaClientRole.StandbyConsumer, KafkaClientRole.MetadataConsumer);
            Record(request.Role, request.Config.ClientId);
            return base.GetRestoreConsumer(request);
        }

        public override IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request)
        {
            Record(request.Role, request.Config.ClientId);
            return base.GetGlobalConsumer(request);
        }

        private void Record(KafkaClientRole role, string clientId) => Roles.GetOrAdd(role, _ => new()).Enqueue(clientId);
    }
}
