using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>
/// Retries retriable send errors; logs every other send error and every serialization error at warning level and drops the
/// output record. With <see cref="StreamsOptions.DeadLetterQueueTopicName"/> set it writes the input record that caused it
/// (its key and value bytes as consumed, as Kafka Streams' <c>sourceRawKey</c>/<c>sourceRawValue</c>; the output record's
/// bytes when it came from a punctuation) to the dead-letter topic with the error headers naming the input record.
/// </summary>
public sealed class LogAndContinueProductionExceptionHandler : IProductionExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueProductionExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        if (ProductionErrors.IsRetriable(exception))
        {
            return ProductionExceptionResponse.Retry();
        }

        logger.LogWarning(
            exception, "Sending a record to topic '{Topic}' failed (input {Record}, task {TaskId}); output record skipped by LogAndContinueProductionExceptionHandler{DeadLetter}.",
            record.Topic, context, context.TaskId, DeadLetterQueue.Suffix(context));
        return context.Topic is null
            ? ProductionExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(record.Key as byte[], record.Value as byte[], context, exception))
            : ProductionExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(context.SourceRawKey, context.SourceRawValue, context, exception));
    }

    /// <inheritdoc />
    public ProductionExceptionResponse HandleSerializationError(
        ErrorHandlerContext context, ProductionRecord record, Exception exception, SerializationExceptionOrigin origin, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            exception, "Serializing the {Origin} of a record for topic '{Topic}' failed (input {Record}, task {TaskId}); output record skipped by LogAndContinueProductionExceptionHandler{DeadLetter}.",
            origin, record.Topic, context, context.TaskId, DeadLetterQueue.Suffix(context));
        return ProductionExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(context.SourceRawKey, context.SourceRawValue, context, exception));
    }
}
