using Confluent.Kafka;

namespace Streams;

/// <summary>
/// What the runtime asks an <see cref="IKafkaClientSupplier"/> for when it needs a standalone admin client: the
/// configuration (<see cref="StreamsOptions.Admin"/> plus the bootstrap servers) and its callbacks; its role is <see cref="KafkaClientRole.Admin"/>.
/// </summary>
/// <param name="config">The configuration; never null (<see cref="ArgumentNullException"/>).</param>
public sealed class KafkaAdminClientRequest(AdminClientConfig config)
{
    /// <summary>The admin configuration the runtime computed (its own copy).</summary>
    public AdminClientConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>librdkafka's log lines; null: Confluent's default (stderr).</summary>
    public Action<IClient, LogMessage>? LogHandler { get; set; }

    /// <summary>Client errors; null: none.</summary>
    public Action<IClient, Error>? ErrorHandler { get; set; }

    /// <summary>A Confluent builder with <see cref="Config"/> and every non-null handler set: what <see cref="DefaultKafkaClientSupplier"/> builds.</summary>
    /// <returns>A new builder.</returns>
    public AdminClientBuilder ToBuilder()
    {
        var builder = new AdminClientBuilder(Config);
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
