using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>
/// Decides what happens when a sink record cannot be serialized or sent, as Kafka Streams' <c>ProductionExceptionHandler</c>
/// (KIP-210, with serialization errors from KIP-399). Send errors arrive with the producer's delivery report, after
/// librdkafka's own retries (<c>message.timeout.ms</c>), for example <c>MsgSizeTooLarge</c> or
/// <c>TopicAuthorizationFailed</c>; the handler runs on the producer's delivery thread and must not block. Changelog writes
/// and dead-letter writes never reach a handler: their failure always stops the thread (skipping one would lose state).
/// Configure it with <see cref="StreamsOptions.ProductionExceptionHandler"/>; the default is
/// <see cref="DefaultProductionExceptionHandler"/>. Implementations must be thread-safe.
/// </summary>
public interface IProductionExceptionHandler
{
    /// <summary>Decides the fate of a record whose send failed.</summary>
    /// <param name="context">The input record being processed when the output record was sent.</param>
    /// <param name="record">The output record, with serialized key and value.</param>
    /// <param name="exception">The failure; a <see cref="ProduceException{TKey, TValue}"/> whose <c>Error</c> has the broker's code.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail, continue or retry, with optional dead-letter records.</returns>
    ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, ILogger logger);

    /// <summary>Decides the fate of a record whose key or value could not be serialized. The default fails.</summary>
    /// <param name="context">The input record being processed.</param>
    /// <param name="record">The output record, with the unserialized key and value.</param>
    /// <param name="exception">What the serializer threw.</param>
    /// <param name="origin">Key or value.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue (retry means fail), with optional dead-letter records.</returns>
    ProductionExceptionResponse HandleSerializationError(
        ErrorHandlerContext context, ProductionRecord record, Exception exception, SerializationExceptionOrigin origin, ILogger logger) =>
        ProductionExceptionResponse.Fail();
}
