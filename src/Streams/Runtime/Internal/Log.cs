using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>The runtime's log messages with stable event ids (1xxx: lifecycle, 2xxx: tasks and state, 3xxx: topics and clients).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "State transition from {OldState} to {NewState}.")]
    public static partial void StateTransition(ILogger logger, StreamsState oldState, StreamsState newState);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Stream thread failed; the application moves to Error. Nothing is committed past the failed record.")]
    public static partial void ThreadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "The start failed and the application moves to Error: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Shutdown complete: {Processed} records processed, {Commits} commits.")]
    public static partial void ShutdownComplete(ILogger logger, long processed, long commits);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Assigned partitions: {Partitions}; created tasks: {Tasks}.")]
    public static partial void TasksCreated(ILogger logger, string partitions, string tasks);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Partitions revoked; tasks committed and closed: {Tasks}.")]
    public static partial void TasksRevoked(ILogger logger, string tasks);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Restored {Records} records of task {TaskId} in {ElapsedMs} ms (stores restored: {Stores}).")]
    public static partial void Restored(ILogger logger, long records, int stores, string taskId, long elapsedMs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Local state of task {TaskId} is stale: its checkpoint offset {Checkpoint} for {Changelog} is beyond the changelog end {End} (a new or different cluster). Wiping {Directory} and restoring from the changelog.")]
    public static partial void StaleState(ILogger logger, string taskId, long checkpoint, string changelog, long end, string directory);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Task {TaskId} has no checkpoint; wiping its local state at {Directory} and restoring from the changelog beginning.")]
    public static partial void NoCheckpoint(ILogger logger, string taskId, string directory);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Global stores loaded: {Records} records from {Topics} in {ElapsedMs} ms.")]
    public static partial void GlobalLoaded(ILogger logger, long records, string topics, long elapsedMs);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Changelog {Changelog} starts at offset {Low}, after the checkpoint {Checkpoint}: records in between were deleted by the broker's retention and cannot be restored.")]
    public static partial void ChangelogTruncated(ILogger logger, string changelog, long low, long checkpoint);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Committed {Count} offsets.")]
    public static partial void Committed(ILogger logger, int count);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Offset commit failed because the group moved on ({Reason}); nothing past the last commit is committed or checkpointed, and the records since then are processed again by the partitions' next owner (at-least-once).")]
    public static partial void CommitFailedOnRebalance(ILogger logger, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Stream thread {Thread}: the group consumer's {Operation} did not end within ConsumerCloseTimeout ({TimeoutMs} ms); the thread shuts down without it. Its tasks are closed and nothing past the last commit is committed; the consumer is left undisposed and leaves the group when its session times out, as after a crash.")]
    public static partial void ConsumerCloseTimedOut(ILogger logger, string thread, string operation, long timeoutMs);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Created internal topics: {Topics}.")]
    public static partial void TopicsCreated(ILogger logger, string topics);

    /// <summary>A Kafka client's error callback: librdkafka retries non-fatal errors itself; a fatal one ends the client.</summary>
    public static void ClientError(ILogger logger, string reason, bool isFatal) =>
        ClientError(logger, reason.TrimEnd('.'), isFatal ? "fatal, the client cannot go on" : "the client retries");

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Kafka client error: {Reason} ({Consequence}).")]
    private static partial void ClientError(ILogger logger, string reason, string consequence);

    [LoggerMessage(EventId = 3004, Message = "librdkafka {Facility} ({Client}): {Message}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string message);
}
