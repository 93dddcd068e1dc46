using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>
/// Logs the failure at error level and stops processing, as Kafka Streams' <c>LogAndFailProcessingExceptionHandler</c>.
/// It writes nothing to the dead-letter topic: the record is processed again after a restart (Kafka 4.1 also writes it
/// there, which duplicates it on every retry).
/// </summary>
public sealed class LogAndFailProcessingExceptionHandler : IProcessingExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndFailProcessingExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogError(
            exception, "Processing failed in processor '{Processor}' of task {TaskId} for {Record}; stopping (nothing committed past it).",
            context.ProcessorNodeId, context.TaskId, context);
        return ProcessingExceptionResponse.Fail();
    }
}
