using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>
/// Logs the failure at warning level and drops the record at the failing processor, as Kafka Streams'
/// <c>LogAndContinueProcessingExceptionHandler</c>; with <see cref="StreamsOptions.DeadLetterQueueTopicName"/> set it also
/// writes the input record (raw key and value as consumed) to the dead-letter topic with the error headers.
/// </summary>
public sealed class LogAndContinueProcessingExceptionHandler : IProcessingExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueProcessingExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            exception, "Processing failed in processor '{Processor}' of task {TaskId} for {Record}; record skipped by LogAndContinueProcessingExceptionHandler{DeadLetter}.",
            context.ProcessorNodeId, context.TaskId, context, DeadLetterQueue.Suffix(context));
        return ProcessingExceptionResponse.Continue(DeadLetterQueue.MaybeBuildRecords(context.SourceRawKey, context.SourceRawValue, context, exception));
    }
}
