using Confluent.Kafka;

namespace Streams;

/// <summary>
/// What the runtime asks an <see cref="IKafkaClientSupplier"/> for when it needs a consumer: the configuration it computed
/// (the user's <see cref="StreamsOptions.Consumer"/> plus the settings the runtime owns) and the callbacks it relies on.
/// A supplier that builds its own client must keep the configuration's semantics and call every non-null handler as
/// Confluent.Kafka's <see cref="ConsumerBuilder{TKey, TValue}"/> does (the rebalance handlers from inside
/// <see cref="IConsumer{TKey, TValue}.Consume(TimeSpan)"/> and <see cref="IConsumer{TKey, TValue}.Close"/>, on the calling thread);
/// <see cref="ToBuilder"/> gives a builder with all of them set.
/// </summary>
/// <param name="role">What the consumer is for.</param>
/// <param name="config">The configuration; never null (<see cref="ArgumentNullException"/>).</param>
public sealed class KafkaConsumerRequest(KafkaClientRole role, ConsumerConfig config)
{
    /// <summary>What the consumer is for: <see cref="KafkaClientRole.MainConsumer"/>, <see cref="KafkaClientRole.RestoreConsumer"/>, <see cref="KafkaClientRole.StandbyConsumer"/>, <see cref="KafkaClientRole.MetadataConsumer"/> or <see cref="KafkaClientRole.GlobalConsumer"/>.</summary>
    public KafkaClientRole Role { get; } = role;

    /// <summary>The consumer configuration the runtime computed (its own copy: a supplier may change it before building).</summary>
    public ConsumerConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>librdkafka's log lines (Confluent's <see cref="ConsumerBuilder{TKey, TValue}.SetLogHandler"/>); the runtime routes them to <see cref="StreamsOptions.LoggerFactory"/>. Null: Confluent's default (stderr).</summary>
    public Action<IClient, LogMessage>? LogHandler { get; set; }

    /// <summary>Client errors (Confluent's <see cref="ConsumerBuilder{TKey, TValue}.SetErrorHandler"/>); the runtime logs them. Null: none.</summary>
    public Action<IClient, Error>? ErrorHandler { get; set; }

    /// <summary>Partitions assigned by the group (Confluent's <see cref="ConsumerBuilder{TKey, TValue}.SetPartitionsAssignedHandler(Action{IConsumer{TKey, TValue}, List{TopicPartition}})"/>): set for <see cref="KafkaClientRole.MainConsumer"/> only. Under the cooperative protocol the list holds only the newly added partitions (KIP-429).</summary>
    public Action<IConsumer<byte[], byte[]>, List<TopicPartition>>? PartitionsAssignedHandler { get; set; }

    /// <summary>Partitions taken away by the group (Confluent's <see cref="ConsumerBuilder{TKey, TValue}.SetPartitionsRevokedHandler(Action{IConsumer{TKey, TValue}, List{TopicPartitionOffset}})"/>): set for <see cref="KafkaClientRole.MainConsumer"/> only; under the cooperative protocol only the moved partitions.</summary>
    public Action<IConsumer<byte[], byte[]>, List<TopicPartitionOffset>>? PartitionsRevokedHandler { get; set; }

    /// <summary>Partitions lost without a clean revocation (Confluent's <see cref="ConsumerBuilder{TKey, TValue}.SetPartitionsLostHandler(Action{IConsumer{TKey, TValue}, List{TopicPartitionOffset}})"/>; Kafka's <c>ConsumerRebalanceListener#onPartitionsLost</c>, KIP-429): set for the main consumer under <see cref="TaskAssignmentStrategy.CooperativeSticky"/> only.</summary>
    public Action<IConsumer<byte[], byte[]>, List<TopicPartitionOffset>>? PartitionsLostHandler { get; set; }

    /// <summary>A Confluent builder with <see cref="Config"/> and every non-null handler set: what <see cref="DefaultKafkaClientSupplier"/> builds.</summary>
    /// <returns>A new builder; <see cref="ConsumerBuilder{TKey, TValue}.Build"/> makes the librdkafka consumer.</returns>
    public ConsumerBuilder<byte[], byte[]> ToBuilder()
    {
        var builder = new ConsumerBuilder<byte[], byte[]>(Config);
        if (LogHandler is { } log)
        {
            builder.SetLogHandler((c, m) => log(c, m));
        }

        if (ErrorHandler is { } error)
        {
            builder.SetErrorHandler((c, e) => error(c, e));
        }

        if (PartitionsAssignedHandler is { } assigned)
        {
            builder.SetPartitionsAssignedHandler(assigned);
        }

        if (PartitionsRevokedHandler is { } revoked)
        {
            builder.SetPartitionsRevokedHandler(revoked);
        }

        if (PartitionsLostHandler is { } lost)
        {
            builder.SetPartitionsLostHandler(lost);
        }

        return builder;
    }
}
