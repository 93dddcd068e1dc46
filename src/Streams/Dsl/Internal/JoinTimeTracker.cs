using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Streams.Processor;
using Streams.Processor.Internal;

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

/// <summary>
/// The <see cref="JoinTimeTracker"/> of each task, shared by the join's two processor suppliers, as Kafka Streams'
/// <c>TimeTrackerSupplier</c>. Keyed by the running task itself, so that two runtimes (or test drivers) of one
/// topology in a process never share a tracker; contexts that are not the runtime's fall back to the task id.
/// </summary>
internal sealed class JoinTimeTrackers
{
    private readonly ConditionalWeakTable<TaskContext, JoinTimeTracker> _byTask = new();
    private readonly ConcurrentDictionary<TaskId, JoinTimeTracker> _byTaskId = new();

    public JoinTimeTracker Get(IProcessorContext context) =>
        context is IInternalProcessorContext { Task: var task }
            ? _byTask.GetValue(task, _ => new JoinTimeTracker())
            : _byTaskId.GetOrAdd(context.TaskId, _ => new JoinTimeTracker());

    public void Remove(IProcessorContext context)
    {
        if (context is IInternalProcessorContext { Task: var task })
        {
            _byTask.Remove(task);
        }
        else
        {
            _byTaskId.TryRemove(context.TaskId, out _);
        }
    }
}
