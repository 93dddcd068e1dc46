using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <content>Restore messages (event ids 2050-2059).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "State store {Store} of task {TaskId} found its files corrupt and deleted them (RocksDbOptions.OnCorruption is Wipe); wiping the task's local state at {Directory} and restoring all its stores from their changelogs now. {Detail}")]
    public static partial void StoreWiped(ILogger logger, string store, string taskId, string directory, string detail);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Information, Message = "Restore of task {TaskId} stopped before its end: {Reason}.")]
    public static partial void RestoreSuspended(ILogger logger, string taskId, string reason);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Warning, Message = "The state restore listener threw from {Callback} for store {Store} ({Changelog}); ignored, the restore goes on.")]
    public static partial void RestoreListenerFailed(ILogger logger, Exception exception, string callback, string store, string changelog);
}
