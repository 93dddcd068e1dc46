using Microsoft.Extensions.Logging;

namespace Streams.Hosting.Internal;

/// <summary>The hosting log messages with stable event ids (5xxx; the runtime's own are 1xxx to 3xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Starting streams application {ApplicationId} against {BootstrapServers} (state directory {StateDirectory}).")]
    public static partial void Starting(ILogger logger, string applicationId, string bootstrapServers, string stateDirectory);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Host is stopping streams application {ApplicationId}: finishing the record in hand, flushing, committing and leaving the group.")]
    public static partial void Stopping(ILogger logger, string applicationId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Streams application {ApplicationId} stopped: {RecordsProcessed} records processed, {Commits} commits.")]
    public static partial void Stopped(ILogger logger, string applicationId, long recordsProcessed, long commits);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Streams application {ApplicationId} stopped in state {State} without a stop request from the host; the host keeps running.")]
    public static partial void StoppedUnrequested(ILogger logger, string applicationId, StreamsState state);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Streams application {ApplicationId} failed in state {State}; the exception propagates to the host, whose BackgroundServiceExceptionBehavior applies (StopHost by default).")]
    public static partial void Failed(ILogger logger, Exception exception, string applicationId, StreamsState state);
}
