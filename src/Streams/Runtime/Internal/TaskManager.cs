using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Queries.Internal;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Runtime.Internal;

/// <summary>
/// Creates, restores, commits and closes the tasks of one stream thread as partitions are assigned and
/// revoked, as Kafka Streams' <c>TaskManager</c>. A task is (sub-topology, partition); partition p of every
/// source topic of a sub-topology goes to the same task.
/// </summary>
internal sealed partial class TaskManager(
    InternalTopologyBuilder builder,
    StreamsOptions options,
    StateDirectory stateDirectory,
    KafkaRecordCollector collector,
    ChangelogRestorer restorer,
    IReadOnlyDictionary<string, IStateStore> globalStores,
    ILogger logger,
    LocalStoreRegistry? localStores = null,
    long? cacheMaxBytes = null)
{
    private readonly State.Internal.RecordCache? _cache = options.StateStoreCacheMaxBytes > 0 ? new(cacheMaxBytes ?? options.StateStoreCacheMaxBytes) : null;
    private readonly Dictionary<TaskId, StreamTask> _tasks = [];
    private readonly Dictionary<(string Topic, int Partition), StreamTask> _byPartition = [];
    private readonly Dictionary<TaskId, Dictionary<TopicPartition, long>> _changelogOffsets = [];
    private readonly Dictionary<TaskId, Dictionary<TopicPartition, long>> _checkpointed = []; // the offsets of each task's last checkpoint; none yet after it opened (opening consumed the old one), so its first commit writes one
    private readonly Dictionary<string, int> _subtopologyByTopic = builder.Subtopologies
        .SelectMany(s => s.SourceTopics.Select(t => (Topic: t.Decorated(options.ApplicationId), s.Id)))
        .ToDictionary(x => x.Topic, x => x.Id, StringComparer.Ordinal);

    public IReadOnlyCollection<StreamTask> Tasks => _tasks.Values;

    /// <summary>This thread's record cache budget in bytes (0 without caching).</summary>
    public long CacheMaxBytes => _cache?.MaxBytes ?? 0;

    /// <summary>Sets this thread's record cache budget (callable from any thread); caching stores evict down to it on their next write. No effect when caching is off.</summary>
    public void ResizeCache(long maxBytes)
    {
        if (_cache is not null)
        {
            _cache.MaxBytes = maxBytes;
        }
    }

    public IReadOnlyCollection<string> SourceTopics => _subtopologyByTopic.Keys;

    public StreamTask TaskFor(string topic, int partition) =>
        _byPartition.TryGetValue((topic, partition), out var task)
            ? task
            : throw new StreamsException($"Received a record of {topic}-{partition}, which no task of this thread owns.");

    /// <summary>The task of a partition, if this thread owns one.</summary>
    public bool TryGetTask(string topic, int partition, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamTask? task) =>
        _byPartition.TryGetValue((topic, partition), out task);

    /// <summary>Creates and restores the tasks of newly assigned partitions.</summary>
    /// <param name="partitions">The assigned partitions.</param>
    /// <param name="committedOffsets">The group's committed offset per assigned partition: how far a store whose changelog is its source topic is restored.</param>
    /// <param name="cancellationToken">Stops a restoration in progress.</param>
    public void CreateTasks(IReadOnlyCollection<TopicPartition> partitions, IReadOnlyDictionary<TopicPartition, long> committedOffsets, CancellationToken cancellationToken)
    {
        foreach (var group in partitions.GroupBy(p => new TaskId(_subtopologyByTopic[p.Topic], p.Partition.Value)))
        {
            var id = group.Key;
            var (task, checkpoint) = OpenTask(id, group);
            var restoredTo = RestoreTask(task, checkpoint, committedOffsets, cancellationToken);
            _tasks.Add(id, task);
            _changelogOffsets[id] = restoredTo.ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var tp in group)
            {
                _byPartition[(tp.Topic, tp.Partition.Value)] = task;
            }
        }

        Log.TasksCreated(logger, LogFormat.Partitions(partitions), LogFormat.List(partitions.Select(p => new TaskId(_subtopologyByTopic[p.Topic], p.Partition.Value)).Distinct().Order()));
    }

    /// <summary>
    /// Flushes stores and the producer, then commits input offsets (at-least-once; exactly-once: see
    /// <see cref="CommitExactlyOnce"/>). A task's persistent stores are made durable (RocksDB's write-ahead log fsynced) and
    /// its checkpoint written only when its changelogs moved more than <see cref="CheckpointOffsetDelta"/> records since its
    /// last checkpoint, or when <paramref name="closing"/>, as Kafka Streams' <c>StreamTask.maybeCheckpoint</c>
    /// (<c>StateManagerUtil.checkpointNeeded</c>, 10,000 records): in between, the stores' writes reach the log without an
    /// fsync, and a crash restores from the older checkpoint by replaying the changelog from there.
    /// </summary>
    /// <param name="consumer">The thread's main consumer.</param>
    /// <param name="closing">The tasks are closed right after this commit (shutdown, revocation): every task is checkpointed.</param>
    public int Commit(IConsumer<byte[], byte[]> consumer, bool closing = false)
    {
        if (_tasks.Count == 0)
        {
            return 0;
        }

        if (Transactions is { ExactlyOnce: true } transactions)
        {
            return CommitExactlyOnce(consumer, transactions, closing);
        }

        using var activity = StreamsTracing.StartCommit();
        var started = StreamsMetrics.CommitDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var offsets = new List<TopicPartitionOffset>();
        using (State.Internal.StoreFlush.WithoutSync())
        {
            foreach (var task in _tasks.Values)
            {
                lock (task.Context.QueryLock)
                {
                    offsets.AddRange(task.PrepareCommit().Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))));
                }
            }
        }

        collector.Flush();
        offsets = ChangedSinceLastCommit(offsets);
        if (offsets.Count > 0)
        {
            consumer.Commit(offsets);
            _purger.OnCommitted(offsets);
            Committed(offsets);
        }

        WriteCheckpoints(closing);
        activity?.SetTag("streams.commit.offsets", offsets.Count);
        if (started != 0)
        {
            StreamsMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        Log.Committed(logger, offsets.Count);
        return offsets.Count;
    }

    public void CloseAll()
    {
        foreach (var task in _tasks.Values)
        {
            localStores?.Unregister(task.Id, task.Context.QueryLock);
            lock (task.Context.QueryLock)
            {
                task.Close();
            }
        }

        _tasks.Clear();
        _byPartition.Clear();
        _changelogOffsets.Clear();
        _checkpointed.Clear();
    }

    /// <summary>Kafka Streams' <c>OFFSET_DELTA_THRESHOLD_FOR_CHECKPOINT</c>: the changelog records since a task's last checkpoint above which a commit checkpoints it.</summary>
    internal const long CheckpointOffsetDelta = 10_000;

    private void WriteCheckpoints(bool enforce)
    {
        var acked = collector.AcknowledgedOffsets;
        foreach (var task in _tasks.Values)
        {
            if (CheckpointOffsets(task, acked) is not { } offsets || !(enforce || CheckpointNeeded(_checkpointed.GetValueOrDefault(task.Id), offsets)))
            {
                continue;
            }

            // The caches are clean (the commit flushed them): this flush makes the stores durable, the fsync the commit skipped.
            lock (task.Context.QueryLock)
            {
                task.FlushStores();
            }

            TaskCheckpoint.Write(stateDirectory.TaskDirectory(task.Id), offsets);
            _checkpointed[task.Id] = new Dictionary<TopicPartition, long>(offsets);
        }
    }

    /// <summary>As Kafka Streams' <c>StateManagerUtil.checkpointNeeded</c>: the changelogs moved more than <see cref="CheckpointOffsetDelta"/> records in all since <paramref name="last"/>.</summary>
    internal static bool CheckpointNeeded(IReadOnlyDictionary<TopicPartition, long>? last, IReadOnlyDictionary<TopicPartition, long> current)
    {
        if (last is null)
        {
            return true;
        }

        long delta = 0;
        foreach (var (tp, offset) in current)
        {
            delta += offset - last.GetValueOrDefault(tp);
        }

        return delta > CheckpointOffsetDelta;
    }

    /// <summary>The changelog offsets the task's stores hold after a commit; null for a task without persistent stores or changelogs (no checkpoint).</summary>
    private Dictionary<TopicPartition, long>? CheckpointOffsets(StreamTask task, IReadOnlyDictionary<TopicPartition, long> acked)
    {
        if (!task.Topology.Stores.Any(s => s.Persistent) || task.Topology.ChangelogTopics.Count + task.Topology.SourceChangelogTopics.Count == 0)
        {
            return null;
        }

        var offsets = _changelogOffsets[task.Id];
        foreach (var topic in task.Topology.ChangelogTopics.Values)
        {
            var tp = new TopicPartition(topic, task.Id.Partition);
            if (acked.TryGetValue(tp, out var last))
            {
                offsets[tp] = Math.Max(offsets.GetValueOrDefault(tp), last + 1);
            }
            else if (!offsets.ContainsKey(tp))
            {
                offsets[tp] = 0;
            }
        }

        // A source-topic changelog is as far as the input was committed: restoring up to there is what the store holds.
        var committed = task.CommittableOffsets.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var topic in task.Topology.SourceChangelogTopics.Values)
        {
            var tp = new TopicPartition(topic, task.Id.Partition);
            if (committed.TryGetValue(tp, out var next))
            {
                offsets[tp] = Math.Max(offsets.GetValueOrDefault(tp), next);
            }
            else if (!offsets.ContainsKey(tp))
            {
                offsets[tp] = 0;
            }
        }

        return offsets;
    }
}
