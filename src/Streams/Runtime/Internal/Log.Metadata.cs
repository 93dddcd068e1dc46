using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>Log messages of the instance metadata for interactive queries (32xx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Announced instance {InstanceId} at {Host} on {Topic} (sequence {Sequence}): active tasks: {Tasks}; standby tasks: {StandbyTasks}.")]
    public static partial void MetadataAnnounced(ILogger logger, string tasks, string standbyTasks, Guid instanceId, string host, long sequence, string topic);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Could not announce instance metadata on {Topic}: {Reason}. Other instances see this instance's previous tasks until its next announcement.")]
    public static partial void MetadataPublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Ignored a record at offset {Offset} of {Topic} that is not instance metadata.")]
    public static partial void MetadataRecordMalformed(ILogger logger, long offset, string topic);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Reading instance metadata from {Topic} failed ({Reason}); retrying.")]
    public static partial void MetadataReadFailed(ILogger logger, string topic, string reason);
}
