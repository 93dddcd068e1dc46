using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>Logs the failure at error level and stops processing, as Kafka Streams' <c>LogAndFailExceptionHandler</c>.</summary>
public sealed class LogAndFailExceptionHandler : IDeserializationExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndFailExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogError(exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; stopping (nothing committed past it).", record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Fail;
    }
}
