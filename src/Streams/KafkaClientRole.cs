namespace Streams;

/// <summary>
/// What a Kafka client made through an <see cref="IKafkaClientSupplier"/> is for: every client the runtime of a
/// <see cref="StreamsApplication"/> creates has exactly one role, carried by its request so that a supplier can tell
/// them apart (Kafka Streams' <c>KafkaClientSupplier</c> tells them apart by method: <c>getAdmin</c>, <c>getProducer</c>,
/// <c>getConsumer</c>, <c>getRestoreConsumer</c>, <c>getGlobalConsumer</c>; the roles below refine those five methods).
/// </summary>
public enum KafkaClientRole
{
    /// <summary>A stream thread's group consumer (<see cref="IKafkaClientSupplier.GetConsumer"/>): joins the group <c>{ApplicationId}</c> and reads the source topics.</summary>
    MainConsumer = 0,

    /// <summary>A stream thread's restore consumer (<see cref="IKafkaClientSupplier.GetRestoreConsumer"/>): assign-only, reads changelogs back into stores.</summary>
    RestoreConsumer = 1,

    /// <summary>The standby updater's consumer (<see cref="IKafkaClientSupplier.GetRestoreConsumer"/>; in Kafka Streams standby tasks read through the restore consumer): assign-only.</summary>
    StandbyConsumer = 2,

    /// <summary>The instance-metadata reader (<see cref="IKafkaClientSupplier.GetRestoreConsumer"/>): assign-only, reads the application's metadata topic (a Streams addition, not in Kafka Streams).</summary>
    MetadataConsumer = 3,

    /// <summary>The global state updater's consumer (<see cref="IKafkaClientSupplier.GetGlobalConsumer"/>): assign-only, reads global table topics.</summary>
    GlobalConsumer = 4,

    /// <summary>A stream thread's producer (<see cref="IKafkaClientSupplier.GetProducer"/>): sink, repartition and changelog records; transactional under exactly-once.</summary>
    Producer = 5,

    /// <summary>The instance-metadata announcer (<see cref="IKafkaClientSupplier.GetProducer"/>): never transactional, one request in flight.</summary>
    MetadataProducer = 6,

    /// <summary>A standalone admin client (<see cref="IKafkaClientSupplier.GetAdmin(KafkaAdminClientRequest)"/>): startup metadata, internal topics, purging repartition topics.</summary>
    Admin = 7,
}
