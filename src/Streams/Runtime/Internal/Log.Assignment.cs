using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>Log messages of cooperative task assignment (2070-2074); see <see cref="CooperativeAssignment"/>.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2090, Level = LogLevel.Information, Message = "Subscribed the lead source topics {Topics} with the cooperative-sticky assignor; {Companions}.")]
    public static partial void LeadTopicsSubscribed(ILogger logger, string topics, string companions);

    [LoggerMessage(EventId = 2091, Level = LogLevel.Warning, Message = "Partitions were lost (the group moved on without this member): {Partitions}; tasks closed without committing: {Tasks}. Their next owner processes the records since the last commit again (at-least-once).")]
    public static partial void TasksLost(ILogger logger, string partitions, string tasks);

    [LoggerMessage(EventId = 2092, Level = LogLevel.Information, Message = "Offset commit refused while the group rebalances ({Reason}); the tasks keep processing and their offsets are committed once the rebalance completes.")]
    public static partial void CommitDeferredByRebalance(ILogger logger, string reason);

    [LoggerMessage(EventId = 2093, Level = LogLevel.Warning, Message = "Could not read the partition counts of the source topics ({Reason}); each sub-topology's lead topic is its first by name.")]
    public static partial void PartitionCountsUnknown(ILogger logger, string reason);

    [LoggerMessage(EventId = 2094, Level = LogLevel.Information, Message = "Partitions revoked incrementally: {Partitions}; tasks committed and closed: {Tasks}; tasks this thread keeps: {Kept}.")]
    public static partial void TasksRevokedIncrementally(ILogger logger, string partitions, string tasks, string kept);

    [LoggerMessage(EventId = 2095, Level = LogLevel.Error, Message = "The {Callback} handler failed inside the consumer's rebalance callback; the stream thread fails with it once the callback has returned (nothing is committed past the last commit).")]
    public static partial void RebalanceCallbackFailed(ILogger logger, string callback, Exception exception);
}
