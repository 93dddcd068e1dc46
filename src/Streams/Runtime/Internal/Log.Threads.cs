using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>Log messages of adding and removing stream threads (1007-1010).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Added stream thread {Thread}; live stream threads: {Live}, each with {CacheBytes} bytes of record cache.")]
    public static partial void ThreadAdded(ILogger logger, string thread, int live, long cacheBytes);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Removing stream thread {Thread}: it finishes the record in hand, commits, closes its tasks and leaves the group; live stream threads left: {Live}, each with {CacheBytes} bytes of record cache.")]
    public static partial void ThreadRemoving(ILogger logger, string thread, int live, long cacheBytes);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Cannot {Change} a stream thread: {Reason}.")]
    public static partial void ThreadChangeRefused(ILogger logger, string change, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Stream thread {Thread} failed while it was being removed; it is not replaced. Nothing is committed past the failed record.")]
    public static partial void RemovedThreadFailed(ILogger logger, string thread, Exception exception);
}
