using Confluent.Kafka;

namespace Streams;

/// <summary>
/// What the runtime asks an <see cref="IKafkaClientSupplier"/> for when it needs a producer: the configuration it computed
/// (the user's <see cref="StreamsOptions.Producer"/> plus the partitioner and, under exactly-once, <c>transactional.id</c>)
/// and its callbacks. <see cref="ToBuilder"/> gives Confluent's builder with all of them set.
/// </summary>
/// <param name="role">What the producer is for.</param>
/// <param name="config">The configuration; never null (<see cref="ArgumentNullException"/>).</param>
public sealed class KafkaProducerRequest(KafkaClientRole role, ProducerConfig config)
{
    /// <summary>What the producer is for: <see cref="KafkaClientRole.Producer"/> or <see cref="KafkaClientRole.MetadataProducer"/>.</summary>
    public KafkaClientRole Role { get; } = role;

    /// <summary>The producer configuration the runtime computed (its own copy).</summary>
    public ProducerConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>librdkafka's log lines; null: Confluent's default (stderr).</summary>
    public Action<IClient, LogMessage>? LogHandler { get; set; }

    /// <summary>Client errors; null: none.</summary>
    public Action<IClient, Error>? ErrorHandler { get; set; }

    /// <summary>A Confluent builder with <see cref="Config"/> and every non-null handler set: what <see cref="DefaultKafkaClientSupplier"/> builds.</summary>
    /// <returns>A new builder.</returns>
    public ProducerBuilder<byte[], byte[]> ToBuilder()
    {
        var builder = new ProducerBuilder<byte[], byte[]>(Config);
        if (LogHandler is { } log)
        {
            builder.SetLogHandler((c, m) => log(c, m));
        }

        if (ErrorHandler is { } error)
        {
            builder.SetErrorHandler((c, e) => error(c, e));
        }

        return builder;
    }
}
