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

    private readonly ClientLifetime _lifetime = new();
    private readonly List<InMemoryConsumer> _consumers = [];

    /// <summary>Whether <see cref="Crash"/> was called.</summary>
    public bool Crashed => _lifetime.Crashed;

    /// <summary>
    /// Crashes the process of every client this supplier made or will make, as a <c>kill -9</c> seen from the cluster: from
    /// now on each of their requests fails with a fatal <see cref="KafkaException"/> (<see cref="ErrorCode.Local_AllBrokersDown"/>)
    /// and reaches nothing; a consumer closed or disposed afterwards does not leave its group, so its member stays until its
    /// <c>session.timeout.ms</c> (the consumer config, default 45,000 ms, on <see cref="InMemoryKafkaCluster.TimeProvider"/>)
    /// passes, then expires at the next poll of another member (Kafka's <c>GroupCoordinator</c> session expiry) and the
    /// group rebalances without it (a rebalance in progress waits for it until then, as Kafka's); a producer's open
    /// transaction stays open until the next producer with its <c>transactional.id</c> bumps the epoch (and aborts it) or
    /// <c>transaction.timeout.ms</c> passes. Idempotent. Wakes every waiting consumer.
    /// </summary>
    /// <remarks>
    /// The application using this supplier keeps running its own code until it notices (its stream threads fail on their next
    /// request); use a new supplier on the same cluster for the restarted instance. Records appended before the crash stay.
    /// </remarks>
    public void Crash()
    {
        lock (Cluster.Gate)
        {
            _lifetime.Crash();
            foreach (var consumer in _consumers)
            {
                consumer.MarkCrashed();
            }

            Cluster.Pulse();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IAdminClient GetAdmin(KafkaAdminClientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new InMemoryAdminClient(Cluster, $"{request.Config.ClientId ?? "rdkafka"}#admin", _lifetime);
    }

    /// <inheritdoc/>
    /// <remarks>Any client will do (the model has no connections to share): a new admin client on <see cref="Cluster"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public IAdminClient GetDependentAdmin(IClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new InMemoryAdminClient(Cluster, client.Name + "#admin", _lifetime);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new InMemoryProducer(Cluster, request.Config, _lifetime);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var consumer = new InMemoryConsumer(Cluster, request, _lifetime);
        lock (Cluster.Gate)
        {
            _consumers.Add(consumer);
            if (_lifetime.Crashed)
            {
                consumer.MarkCrashed();
            }
        }

        return consumer;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request) => GetConsumer(request);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request) => GetConsumer(request);
}
