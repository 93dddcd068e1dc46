using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <content>The client settings <see cref="ProcessingGuarantee.ExactlyOnceV2"/> owns, as Kafka Streams' <c>StreamsConfig</c> under EOS.</content>
internal static partial class ClientConfigs
{
    /// <summary>Kafka Streams' default <c>transaction.timeout.ms</c> under exactly-once: 10 s, so that a crashed thread's open transaction blocks read_committed readers of its partitions for at most that long.</summary>
    public const int ExactlyOnceTransactionTimeoutMs = 10_000;

    /// <summary>
    /// The <c>transactional.id</c> of a stream thread's producer under exactly-once v2, as Kafka Streams 4.x:
    /// <c>{applicationId}-{processId}-{threadIndex}</c>. The process id is new for every <see cref="StreamsApplication"/>,
    /// so a restarted instance never fences another one; zombies are fenced by the consumer group generation
    /// that travels with the offsets (KIP-447).
    /// </summary>
    public static string TransactionalId(string applicationId, Guid processId, int threadIndex) => $"{applicationId}-{processId}-{threadIndex}";

    /// <summary>
    /// Warns (<c>TransactionTimeoutNotBelowSessionTimeout</c>) when, under exactly-once, the producer's
    /// <c>transaction.timeout.ms</c> (default <see cref="ExactlyOnceTransactionTimeoutMs"/>) is not below the consumer's
    /// <c>session.timeout.ms</c> (default 45,000): a crashed thread's transaction could then outlive its group membership.
    /// Found by the seeded simulation (docs/reliability.md): Kafka has the same window; its defaults keep it closed.
    /// </summary>
    /// <param name="options">The application's options.</param>
    /// <param name="logger">The application's logger.</param>
    public static void WarnIfTransactionOutlivesSession(StreamsOptions options, ILogger logger)
    {
        if (options.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2
            && (options.Producer.TransactionTimeoutMs ?? ExactlyOnceTransactionTimeoutMs) is var transactionTimeout
            && (options.Consumer.SessionTimeoutMs ?? 45_000) is var sessionTimeout
            && transactionTimeout >= sessionTimeout)
        {
            Log.TransactionTimeoutNotBelowSessionTimeout(logger, transactionTimeout, sessionTimeout);
        }
    }

    /// <summary>Under exactly-once, a consumer reads only committed transactions (<c>isolation.level=read_committed</c>); else the user's setting (librdkafka's default is read_committed too).</summary>
    private static ConsumerConfig ApplyIsolation(ConsumerConfig config, StreamsOptions options)
    {
        if (options.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2)
        {
            config.IsolationLevel = IsolationLevel.ReadCommitted;
        }

        return config;
    }

    /// <summary>Under exactly-once: the thread's <c>transactional.id</c> and <c>transaction.timeout.ms</c> 10,000 unless the user set it.</summary>
    private static void ApplyTransactions(ProducerConfig config, StreamsOptions options, string? transactionalId)
    {
        if (options.ProcessingGuarantee != ProcessingGuarantee.ExactlyOnceV2 || transactionalId is null)
        {
            return;
        }

        config.TransactionalId = transactionalId;
        config.TransactionTimeoutMs ??= ExactlyOnceTransactionTimeoutMs;
    }
}
