using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>The requests the runtime hands <see cref="StreamsOptions.ClientSupplier"/>: each client's config with librdkafka's log routed to the logger factory and client errors logged.</summary>
internal static class ClientRequests
{
    public static KafkaConsumerRequest Consumer(KafkaClientRole role, ConsumerConfig config, StreamsOptions options, ILogger logger) =>
        new(role, config) { LogHandler = ClientLog.Handler(options.LoggerFactory), ErrorHandler = (_, e) => Log.ClientError(logger, e.Reason, e.IsFatal) };

    public static KafkaProducerRequest Producer(KafkaClientRole role, ProducerConfig config, StreamsOptions options, ILogger logger) =>
        new(role, config) { LogHandler = ClientLog.Handler(options.LoggerFactory), ErrorHandler = (_, e) => Log.ClientError(logger, e.Reason, e.IsFatal) };

    public static KafkaAdminClientRequest Admin(StreamsOptions options, Action<IClient, Error>? errorHandler = null) =>
        new(ClientConfigs.Admin(options)) { LogHandler = ClientLog.Handler(options.LoggerFactory), ErrorHandler = errorHandler };
}
