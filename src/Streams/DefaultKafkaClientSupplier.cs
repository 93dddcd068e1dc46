using Confluent.Kafka;

namespace Streams;

/// <summary>
/// The default <see cref="IKafkaClientSupplier"/>: Confluent.Kafka clients built from each request's
/// <c>ToBuilder()</c>, as Kafka Streams' <c>DefaultKafkaClientSupplier</c> builds <c>KafkaConsumer</c>,
/// <c>KafkaProducer</c> and <c>Admin</c> from the configs it is given. Derive from it to wrap or instrument some clients
/// and keep the rest (every method is virtual).
/// </summary>
public class DefaultKafkaClientSupplier : IKafkaClientSupplier
{
    /// <summary>The shared instance (stateless): the default of <see cref="StreamsOptions.ClientSupplier"/>.</summary>
    public static DefaultKafkaClientSupplier Instance { get; } = new();

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public virtual IAdminClient GetAdmin(KafkaAdminClientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToBuilder().Build();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public virtual IAdminClient GetDependentAdmin(IClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new DependentAdminClientBuilder(client.Handle).Build();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public virtual IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToBuilder().Build();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public virtual IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToBuilder().Build();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public virtual IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToBuilder().Build();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public virtual IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToBuilder().Build();
    }
}
