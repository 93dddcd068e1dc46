using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// An <see cref="IKafkaClientSupplier"/> whose clients are backed by an <see cref="InMemoryKafkaCluster"/>: set it as
/// <see cref="StreamsOptions.ClientSupplier"/> to run a <see cref="StreamsApplication"/> in a test without a broker
/// (<see cref="StreamsOptions.BootstrapServers"/> must still be set; <see cref="InMemoryKafkaCluster.BootstrapServers"/> will do).
/// A test tool: the clients model Kafka's semantics, not librdkafka's behaviour under load or faults.
/// </summary>
/// <param name="cluster">The cluster every client of this supplier talks to.</param>
public sealed class InMemoryKafkaClientSupplier(InMemoryKafkaCluster cluster) : IKafkaClientSupplier
{
    /// <summary>The cluster every client of this supplier talks to.</summary>
    public InMemoryKafkaCluster Cluster { get; } = cluster ?? throw new ArgumentNullException(nameof(cluster));

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IAdminClient GetAdmin(KafkaAdminClientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new InMemoryAdminClient(Cluster, $"{request.Config.ClientId ?? "rdkafka"}#admin");
    }

    /// <inheritdoc/>
    /// <remarks>Any client will do (the model has no connections to share): a new admin client on <see cref="Cluster"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public IAdminClient GetDependentAdmin(IClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new InMemoryAdminClient(Cluster, client.Name + "#admin");
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new InMemoryProducer(Cluster, request.Config);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new InMemoryConsumer(Cluster, request);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request) => GetConsumer(request);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request) => GetConsumer(request);
}
