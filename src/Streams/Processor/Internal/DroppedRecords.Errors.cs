using Microsoft.Extensions.Logging;
using Streams.Errors;
using Streams.Internal;

namespace Streams.Processor.Internal;

/// <summary>Records an error handler decided to skip (Continue): deserialization, processing, serialization and send errors.</summary>
internal static partial class DroppedRecords
{
    /// <summary>
    /// A record skipped by an error handler's Continue, as Kafka Streams' <c>dropped-records</c> sensor: counted with the
    /// reason and task, and logged at debug naming the node and the input record (topic-partition@offset). The handler
    /// itself logs at warning (the built-in ones do).
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="node">The node that failed.</param>
    /// <param name="reason">The metric reason tag: "deserialization error", "processing error", "serialization error" or "send error".</param>
    /// <param name="context">The failure's context.</param>
    /// <param name="detail">What failed.</param>
    public static void Skipped(TaskContext task, string? node, string reason, ErrorHandlerContext context, string detail) =>
        Skipped(task.TaskId, task.Logger, node, reason, context, detail);

    /// <summary>As <see cref="Skipped(TaskContext, string?, string, ErrorHandlerContext, string)"/>, from outside the task's thread (delivery reports).</summary>
    public static void Skipped(TaskId taskId, ILogger logger, string? node, string reason, ErrorHandlerContext context, string detail)
    {
        StreamsMetrics.RecordsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("task", taskId.ToString()));
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogDropped(logger, node ?? "(none)", reason, context.Topic ?? "(punctuation)", context.Partition, context.Offset, context.TimestampMs, detail);
        }
    }
}
