using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>Log messages of the uncaught exception handler.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Stream thread {Thread} failed; the uncaught exception handler chose ReplaceThread: its tasks were closed without committing and stream thread {Replacement} rejoins the group from the last committed offsets.")]
    public static partial void ThreadReplaced(ILogger logger, int thread, int replacement, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "The uncaught exception handler chose ShutdownApplication, which needs Kafka Streams' assignor to reach the other instances; this runtime shuts down this instance only (as ShutdownClient).")]
    public static partial void ShutdownApplicationUnsupported(ILogger logger);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "The uncaught exception handler threw; shutting this instance down (as ShutdownClient).")]
    public static partial void UncaughtHandlerFailed(ILogger logger, Exception exception);
}
