using System.Collections.Concurrent;
using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>
/// Time shared by the two join processors of one task of a stream-stream join, as Kafka Streams'
/// <c>KStreamImplJoin.TimeTracker</c>: the join's stream time (the largest timestamp either side has seen, -1
/// before the first record) and the earliest time at which a record of the outer store closes (long.MinValue when
/// unknown, e.g. after a restart with restored records: the next record then scans the store).
/// </summary>
internal sealed class JoinTimeTracker
{
    public long StreamTime { get; private set; } = -1;

    public long EarliestOuterClose { get; set; } = long.MinValue;

    public void Advance(long timestampMs) => StreamTime = Math.Max(StreamTime, timestampMs);
}

/// <summary>The <see cref="JoinTimeTracker"/> of each task, shared by the join's two processor suppliers, as Kafka Streams' <c>TimeTrackerSupplier</c>.</summary>
internal sealed class JoinTimeTrackers
{
    private readonly ConcurrentDictionary<TaskId, JoinTimeTracker> _trackers = new();

    public JoinTimeTracker Get(TaskId taskId) => _trackers.GetOrAdd(taskId, _ => new JoinTimeTracker());

    public void Remove(TaskId taskId) => _trackers.TryRemove(taskId, out _);
}
