using Confluent.Kafka;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State.Internal;

namespace Streams.Runtime.Internal;

/// <content>Opening a task's stores, with recovery from a store that wiped its corrupt files.</content>
internal sealed partial class TaskManager
{
    /// <summary>
    /// Builds the task, checks its checkpoint and opens its stores. When a store finds its files corrupt and deletes
    /// them (<see cref="StateStoreWipedException"/>, RocksDB's <c>OnCorruption = Wipe</c>), the task is closed, its local
    /// state wiped and the task built again on empty state, once, so that the restore that follows rebuilds every store
    /// from the beginning of its changelog in this same start (Kafka Streams' <c>TaskCorruptedException</c> path).
    /// </summary>
    /// <returns>The task with its stores open, and the checkpoint its restore starts from.</returns>
    private (StreamTask Task, IReadOnlyDictionary<TopicPartition, long> Checkpoint) OpenTask(TaskId id, IEnumerable<TopicPartition> partitions)
    {
        stateDirectory.ClaimForActive(id); // a standby of the task on this instance hands its stores over first
        IReadOnlyDictionary<TopicPartition, long>? wiped = null;
        while (true)
        {
            var topology = builder.BuildTask(id.SubtopologyId, options.ApplicationId, options.DslStoreSuppliers, _cache);
            var checkpoint = wiped ?? restorer.PrepareTask(id, topology);
            var context = new TaskContext(
                options.ApplicationId, id, stateDirectory.TaskDirectory(id), collector, options.TimeProvider, topology.ChangelogTopics, globalStores);
            context.Errors = new TaskErrorHandling(options.ProcessingExceptionHandler, options.ProductionExceptionHandler, options.DeadLetterQueueTopicName);
            var task = new StreamTask(id, topology, context, partitions, options.DeserializationExceptionHandler, logger);
            try
            {
                task.InitializeStores();
                return (task, checkpoint);
            }
            catch (StateStoreWipedException e) when (wiped is null)
            {
                task.Close();
                wiped = restorer.WipeCorruptTask(id, e);
            }
            catch
            {
                // Never leave the stores that did open holding their files (RocksDB's lock) after a failed open.
                task.Close();
                throw;
            }
        }
    }

    /// <summary>Restores the task's stores (queryable as restoring meanwhile) and initializes its topology; when the restore stops early (shutdown, failure), closes the task so that its stores release their files.</summary>
    private IReadOnlyDictionary<TopicPartition, long> RestoreTask(
        StreamTask task, IReadOnlyDictionary<TopicPartition, long> checkpoint, IReadOnlyDictionary<TopicPartition, long> committedOffsets, CancellationToken cancellationToken)
    {
        var queryable = localStores?.Register(task.Id, task.Context, task.Topology.Stores);
        try
        {
            var restoredTo = restorer.Restore(task, checkpoint, committedOffsets, cancellationToken);
            lock (task.Context.QueryLock)
            {
                task.InitializeTopology();
            }

            queryable?.Activate();
            return restoredTo;
        }
        catch
        {
            localStores?.Unregister(task.Id, task.Context.QueryLock);
            task.Close();
            throw;
        }
    }
}
