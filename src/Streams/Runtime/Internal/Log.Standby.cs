using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <content>Standby replica messages (event ids 2070-2079).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 2070, Level = LogLevel.Information, Message = "Standby task {TaskId} opened; it follows the changelogs {Changelogs}.")]
    public static partial void StandbyOpened(ILogger logger, string taskId, string changelogs);

    [LoggerMessage(EventId = 2071, Level = LogLevel.Information, Message = "Standby task {TaskId} closed ({Reason}); checkpointed offsets: {Offsets}.")]
    public static partial void StandbyClosed(ILogger logger, string taskId, string reason, string offsets);

    [LoggerMessage(EventId = 2072, Level = LogLevel.Warning, Message = "Could not open standby task {TaskId}; retrying in {RetrySeconds} s. {Reason}")]
    public static partial void StandbyOpenFailed(ILogger logger, string taskId, double retrySeconds, string reason);

    [LoggerMessage(EventId = 2073, Level = LogLevel.Warning, Message = "The standby update listener threw from {Callback} for store {Store} ({Changelog}); ignored, the updates go on.")]
    public static partial void StandbyListenerFailed(ILogger logger, Exception exception, string callback, string store, string changelog);

    [LoggerMessage(EventId = 2074, Level = LogLevel.Warning, Message = "The standby updater failed ({Reason}); its standby tasks are closed and reopened from their checkpoints in {RetrySeconds} s.")]
    public static partial void StandbyUpdaterFailed(ILogger logger, Exception exception, string reason, double retrySeconds);

    [LoggerMessage(EventId = 2075, Level = LogLevel.Debug, Message = "Standby placement: this instance keeps the standby tasks {Tasks}.")]
    public static partial void StandbyPlaced(ILogger logger, string tasks);

    [LoggerMessage(EventId = 2076, Level = LogLevel.Warning, Message = "Closing standby task {TaskId} failed; its local state is kept without a checkpoint, so the next open restores it from the changelog. {Reason}")]
    public static partial void StandbyCloseFailed(ILogger logger, string taskId, string reason);
}
