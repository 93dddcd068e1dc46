using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams;

namespace FlightDelays;

/// <summary>
/// The job's own Kafka clients (replayer, results reader, offset queries): librdkafka's log goes to the job's logger under
/// the runtime's category <see cref="Category"/> (not to stderr as raw <c>%3|...|FAIL|</c> lines), and a first contact
/// with the brokers is bounded and fails with the runtime's one-sentence <see cref="KafkaUnreachableException"/>.
/// </summary>
public static class KafkaClientLog
{
    /// <summary>The runtime's category for librdkafka's log; the job shows it with --verbose only.</summary>
    public const string Category = "Streams.Librdkafka";

    /// <summary>A log handler writing librdkafka's lines to <paramref name="logger"/> (syslog 0-3 Error, 4 Warning, 5-6 Information, 7 Debug).</summary>
    public static Action<IClient, LogMessage> Handler(ILogger logger) => (_, m) =>
    {
        var level = m.Level switch
        {
            <= SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
#pragma warning disable CA1848, CA2254 // librdkafka's lines are free text at a level known only at run time
            logger.Log(level, "librdkafka {Facility} ({Client}): {Message}", m.Facility, m.Name, m.Message);
#pragma warning restore CA1848, CA2254
        }
    };

    /// <summary>
    /// Asks the brokers for metadata within <paramref name="timeout"/>; when none answers, throws the runtime's
    /// <see cref="KafkaUnreachableException"/> (one sentence: the servers, what failed, what to check).
    /// </summary>
    public static void CheckBrokers(string bootstrapServers, TimeSpan timeout, ILogger logger)
    {
        string? firstError = null;
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers })
            .SetLogHandler(Handler(logger))
            .SetErrorHandler((_, e) =>
            {
                if (!e.IsBrokerError && e.Code != ErrorCode.Local_AllBrokersDown)
                {
                    Interlocked.CompareExchange(ref firstError, e.Reason, null);
                }
            })
            .Build();
        try
        {
            if (admin.GetMetadata(timeout).Brokers.Count == 0)
            {
                throw new KafkaUnreachableException(bootstrapServers, timeout, "the metadata answer listed no brokers", null);
            }
        }
        catch (KafkaException e) when (!e.Error.IsBrokerError)
        {
            var failure = Volatile.Read(ref firstError) is { } reason
                ? $"no broker answered a metadata request (the client's first error: {KafkaUnreachableException.ShortReason(reason)})"
                : $"no broker answered a metadata request ({e.Error.Reason})";
            throw new KafkaUnreachableException(bootstrapServers, timeout, failure, e);
        }
    }
}
