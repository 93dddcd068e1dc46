using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>
/// Logs the failure at warning level and skips the record, as Kafka Streams' <c>LogAndContinueExceptionHandler</c>; with
/// <see cref="StreamsOptions.DeadLetterQueueTopicName"/> set it also writes the record (key and value bytes as consumed)
/// to the dead-letter topic with the error headers.
/// </summary>
public sealed class LogAndContinueExceptionHandler : IDeserializationExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; record skipped by LogAndContinueExceptionHandler.", record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Continue;
    }

    /// <inheritdoc />
    public DeserializationExceptionResponse HandleError(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; record skipped by LogAndContinueExceptionHandler{DeadLetter}.",
            record.Topic, record.Partition.Value, record.Offset.Value, DeadLetterQueue.Suffix(context));
        return DeserializationExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(record.Message.Key, record.Message.Value, context, exception));
    }
}
