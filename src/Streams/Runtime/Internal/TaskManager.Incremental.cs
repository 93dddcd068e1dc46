using Confluent.Kafka;
using Streams.Processor;

namespace Streams.Runtime.Internal;

/// <content>
/// Incremental (cooperative) rebalancing: closing only the tasks whose partitions were revoked or lost while the others
/// keep running, as Kafka Streams' <c>TaskManager.handleRevocation</c> / <c>handleLostAll</c> since KIP-429.
/// </content>
internal sealed partial class TaskManager
{
    // The offsets this thread last committed successfully, per source partition of its current tasks.
    private readonly Dictionary<TopicPartition, long> _lastCommitted = [];

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
            _checkpointed.Remove(id);
            foreach (var tp in task.Partitions)
            {
                _lastCommitted.Remove(tp);
            }

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

    /// <summary>
    /// The offsets that differ from this thread's last successful commit, as Kafka Streams commits only the tasks that
    /// processed something since (<c>commitNeeded</c>). An idle application sends no OffsetCommit, so it never meets a
    /// group's refusal while it rebalances (the mock cluster refuses, or fences the member with IllegalGeneration,
    /// a commit that races its rejoin). Stores, caches and the producer are flushed and checkpoints written all the same.
    /// </summary>
    private List<TopicPartitionOffset> ChangedSinceLastCommit(List<TopicPartitionOffset> offsets)
    {
        foreach (var stale in _lastCommitted.Keys.Where(tp => !_byPartition.ContainsKey((tp.Topic, tp.Partition.Value))).ToList())
        {
            _lastCommitted.Remove(stale);
        }

        return [.. offsets.Where(o => !_lastCommitted.TryGetValue(o.TopicPartition, out var last) || last != o.Offset.Value)];
    }

    private void Committed(IEnumerable<TopicPartitionOffset> offsets)
    {
        foreach (var o in offsets)
        {
            _lastCommitted[o.TopicPartition] = o.Offset.Value;
        }
    }
}
