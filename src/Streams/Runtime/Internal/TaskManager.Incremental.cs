using Confluent.Kafka;
using Streams.Processor;

namespace Streams.Runtime.Internal;

/// <content>
/// Incremental (cooperative) rebalancing: closing only the tasks whose partitions were revoked or lost while the others
/// keep running, as Kafka Streams' <c>TaskManager.handleRevocation</c> / <c>handleLostAll</c> since KIP-429.
/// </content>
internal sealed partial class TaskManager
{
    /// <summary>The (decorated) source topics of each sub-topology that reads any, in sub-topology order.</summary>
    public IReadOnlyList<IReadOnlyCollection<string>> SourceTopicsBySubtopology =>
        [.. _subtopologyByTopic.GroupBy(kv => kv.Value).OrderBy(g => g.Key).Select(g => (IReadOnlyCollection<string>)[.. g.Select(kv => kv.Key)])];

    /// <summary>The ids of this thread's tasks that own any of <paramref name="partitions"/>, ordered.</summary>
    /// <param name="partitions">Partitions of source topics.</param>
    /// <returns>The owning tasks' ids; partitions no task owns are ignored.</returns>
    public IReadOnlyList<TaskId> TaskIdsOf(IEnumerable<TopicPartition> partitions) =>
        [.. partitions.Select(tp => _byPartition.GetValueOrDefault((tp.Topic, tp.Partition.Value))).OfType<Processor.Internal.StreamTask>().Select(t => t.Id).Distinct().Order()];

    /// <summary>
    /// Closes the given tasks and forgets them (their stores are closed and no longer queryable here); the other tasks
    /// are untouched. Commits nothing: a revocation commits before (<see cref="Commit"/>), a loss closes dirty. Unknown
    /// ids are ignored.
    /// </summary>
    /// <param name="ids">The tasks to close.</param>
    public void CloseTasks(IEnumerable<TaskId> ids)
    {
        foreach (var id in ids)
        {
            if (!_tasks.Remove(id, out var task))
            {
                continue;
            }

            _changelogOffsets.Remove(id);
            foreach (var key in _byPartition.Where(kv => kv.Value == task).Select(kv => kv.Key).ToList())
            {
                _byPartition.Remove(key);
            }

            localStores?.Unregister(task.Id, task.Context.QueryLock);
            lock (task.Context.QueryLock)
            {
                task.Close();
            }
        }
    }
}
