using System.Diagnostics;
using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <content>
/// Exactly-once v2 (KIP-447): the transactional commit, the rewind of corrupted tasks, and the checkpoint rule that lets a
/// crashed instance keep clean local state.
/// </content>
/// <remarks>
/// Checkpoint rule. Kafka Streams (before KIP-892) writes no checkpoint while an EOS task runs, so every crash wipes its
/// stores. Here the checkpoint is written right after a successful <c>CommitTransaction</c> (the stores were flushed before
/// it and everything their changelogs hold up to the checkpoint offsets is committed), and deleted right before the first
/// write into any persistent store of the task after that commit (<see cref="TaskContext.BeforeFirstPersistentWrite"/>,
/// called by the change-logging layer before it writes into the store: a cache flush or eviction, or an uncached put).
/// So a checkpoint on disk always describes stores that hold exactly the committed changelog: a crash while they are dirty
/// finds none and wipes and restores (read_committed); a crash while they are clean (an idle task, or caching holding every
/// write since the commit) restores only the changelog tail. Cost: one file deletion per task that wrote since the last
/// commit and one checkpoint write (write + rename) per such task per commit; a clean task costs nothing. Tasks with a
/// persistent store whose writes are not announced (no change-logging layer: unlogged stores, source-topic changelogs,
/// custom stores) get no checkpoint while running, as Kafka Streams, and one only when closed cleanly.
/// </remarks>
internal sealed partial class TaskManager
{
    /// <summary>The thread's producer; under exactly-once, <see cref="Commit"/> commits through its transaction.</summary>
    public StreamsProducer? Transactions { get; init; }

    /// <summary>
    /// Rewinds every task to the last commit after an abort, as Kafka Streams handles a <c>TaskCorruptedException</c>: closes
    /// the tasks without committing, opens them again (a task whose stores were written since its checkpoint has none, so
    /// its local state is wiped and restored from the changelog; a clean one keeps it) and seeks the consumer back to the
    /// committed offsets.
    /// </summary>
    /// <param name="consumer">The thread's main consumer, repositioned to <paramref name="committedOffsets"/>.</param>
    /// <param name="committedOffsets">The last committed offset per assigned partition.</param>
    /// <param name="cancellationToken">Stops the restore.</param>
    /// <returns>The ids of the rewound tasks.</returns>
    public IReadOnlyList<Processor.TaskId> RewindAll(IConsumer<byte[], byte[]> consumer, IReadOnlyDictionary<TopicPartition, long> committedOffsets, CancellationToken cancellationToken)
    {
        var partitions = _byPartition.Keys.Select(k => new TopicPartition(k.Topic, k.Partition)).ToList();
        var ids = _tasks.Keys.Order().ToList();
        CloseAll();
        if (partitions.Count == 0)
        {
            return ids;
        }

        CreateTasks(partitions, committedOffsets, cancellationToken);
        foreach (var tp in partitions)
        {
            consumer.Seek(new TopicPartitionOffset(tp, committedOffsets.TryGetValue(tp, out var next) && next >= 0 ? new Offset(next) : Offset.Beginning));
        }

        return ids;
    }

    /// <summary>
    /// The exactly-once commit, as Kafka Streams' <c>TaskExecutor.commitOffsetsOrTransaction</c> under EOS v2: flush every
    /// task's stores (their changelog writes join the open transaction), flush the producer (a failed send is a
    /// <see cref="TaskCorruptedException"/>), send the input offsets that moved since the last commit with the consumer's
    /// group metadata, commit the transaction, then checkpoint (see the checkpoint rule above). Opens no transaction when
    /// nothing was sent and no offset moved.
    /// </summary>
    private int CommitExactlyOnce(IConsumer<byte[], byte[]> consumer, StreamsProducer transactions, bool closing)
    {
        using var activity = StreamsTracing.StartCommit();
        var started = StreamsMetrics.CommitDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var offsets = new List<TopicPartitionOffset>();
        foreach (var task in _tasks.Values)
        {
            lock (task.Context.QueryLock)
            {
                offsets.AddRange(task.PrepareCommit().Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))));
            }
        }

        collector.Flush();
        offsets = ChangedSinceLastCommit(offsets);
        var hadTransaction = transactions.TransactionInFlight;
        transactions.CommitTransaction(offsets, consumer.ConsumerGroupMetadata);
        Committed(offsets);
        _purger.OnCommitted(offsets);

        WriteExactlyOnceCheckpoints(closing);
        activity?.SetTag("streams.commit.offsets", offsets.Count);
        if (started != 0 && hadTransaction)
        {
            StreamsMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        if (hadTransaction || offsets.Count > 0)
        {
            Log.Committed(logger, offsets.Count);
        }

        return hadTransaction ? Math.Max(offsets.Count, 1) : offsets.Count;
    }

    /// <summary>
    /// After a successful transactional commit: checkpoints every task whose stores are clean and not yet checkpointed, and
    /// arms the hook that deletes the checkpoint before the next persistent write. When <paramref name="closing"/>, every
    /// task is checkpointed (it is closed next, without further writes), as Kafka Streams checkpoints on a clean close.
    /// </summary>
    private void WriteExactlyOnceCheckpoints(bool closing)
    {
        var acked = collector.AcknowledgedOffsets;
        foreach (var task in _tasks.Values)
        {
            var context = task.Context;
            if (context.BeforeFirstPersistentWrite is not null || (!closing && !WritesAreTracked(task)))
            {
                // Already checkpointed and clean since; or writes this rule cannot see.
                continue;
            }

            if (CheckpointOffsets(task, acked) is not { } offsets)
            {
                continue;
            }

            var directory = stateDirectory.TaskDirectory(task.Id);
            TaskCheckpoint.Write(directory, offsets);

            // One unlink, no existence check: the file was just written, and File.Delete ignores a missing one.
            var path = Path.Combine(directory, TaskCheckpoint.FileName);
            context.BeforeFirstPersistentWrite = () => File.Delete(path);
        }
    }

    /// <summary>True when every persistent store of the task announces its writes (it has a change-logging layer) and no store's changelog is a source topic.</summary>
    private static bool WritesAreTracked(StreamTask task) =>
        task.Topology.SourceChangelogTopics.Count == 0
        && task.Topology.Stores.Where(s => s.Persistent).All(s => task.Context.TracksPersistentWrites(s.Name));
}
