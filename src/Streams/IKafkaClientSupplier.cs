using Confluent.Kafka;

namespace Streams;

/// <summary>
/// Makes every Kafka client a <see cref="StreamsApplication"/> uses, as Kafka Streams' public
/// <c>org.apache.kafka.streams.KafkaClientSupplier</c> (<c>getAdmin</c>, <c>getProducer</c>, <c>getConsumer</c>,
/// <c>getRestoreConsumer</c>, <c>getGlobalConsumer</c>). Set it on <see cref="StreamsOptions.ClientSupplier"/>; the
/// default, <see cref="DefaultKafkaClientSupplier"/>, builds Confluent.Kafka clients. Replace it to wrap or instrument
/// the clients (derive from <see cref="DefaultKafkaClientSupplier"/> or decorate another supplier), or to run on a
/// model of Kafka in tests (<c>Streams.TestDriver.Simulation.InMemoryKafkaClientSupplier</c>).
/// </summary>
/// <remarks>
/// Each method is called once per client, from the thread that will own it, while the application starts, adds a stream
/// thread or reads metadata; the runtime disposes every client it was given. A supplier must return a new client on each
/// call, configured from the request's configuration and calling the request's handlers (see <see cref="KafkaConsumerRequest"/>).
/// Clients that do not come from Confluent.Kafka work everywhere the runtime uses the interfaces; only the librdkafka
/// batch reads (of the stream threads' main loop and of restores, used when the consumer is Confluent's own and which
/// bypass <c>Consume</c>) are skipped for them: such consumers are read with <c>Consume</c>.
/// </remarks>
public interface IKafkaClientSupplier
{
    /// <summary>A standalone admin client (Kafka Streams' <c>getAdmin</c>): startup metadata, creating and checking internal topics, deleting purged repartition records.</summary>
    /// <param name="request">Its configuration and handlers (role <see cref="KafkaClientRole.Admin"/>).</param>
    /// <returns>A new admin client; the caller disposes it.</returns>
    IAdminClient GetAdmin(KafkaAdminClientRequest request);

    /// <summary>
    /// An admin client sharing another client's connections (Confluent's <see cref="DependentAdminClientBuilder"/>; Kafka
    /// Streams has none and asks its clients for metadata): partition counts read through a stream thread's consumer or
    /// producer, the global consumer or the metadata reader. Disposing it leaves <paramref name="client"/> open.
    /// </summary>
    /// <param name="client">A client this supplier returned (or a wrapper of one).</param>
    /// <returns>A new admin client; the caller disposes it before <paramref name="client"/>.</returns>
    IAdminClient GetDependentAdmin(IClient client);

    /// <summary>A producer (Kafka Streams' <c>getProducer</c>): one per stream thread (<see cref="KafkaClientRole.Producer"/>, transactional under exactly-once) and the metadata announcer (<see cref="KafkaClientRole.MetadataProducer"/>).</summary>
    /// <param name="request">Its configuration and handlers.</param>
    /// <returns>A new producer; the caller disposes it.</returns>
    IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request);

    /// <summary>A stream thread's group consumer (Kafka Streams' <c>getConsumer</c>), role <see cref="KafkaClientRole.MainConsumer"/>; it must call the request's rebalance handlers.</summary>
    /// <param name="request">Its configuration and handlers.</param>
    /// <returns>A new consumer; the caller closes and disposes it.</returns>
    IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request);

    /// <summary>An assign-only consumer (Kafka Streams' <c>getRestoreConsumer</c>): a stream thread's restore consumer, the standby updater's and the metadata reader's (see <see cref="KafkaConsumerRequest.Role"/>).</summary>
    /// <param name="request">Its configuration and handlers.</param>
    /// <returns>A new consumer; the caller disposes it.</returns>
    IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request);

    /// <summary>The global state updater's assign-only consumer (Kafka Streams' <c>getGlobalConsumer</c>), role <see cref="KafkaClientRole.GlobalConsumer"/>.</summary>
    /// <param name="request">Its configuration and handlers.</param>
    /// <returns>A new consumer; the caller disposes it.</returns>
    IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request);
}
