using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Runtime.Internal;

/// <summary>
/// Restores a task's stores from their changelog partitions before it processes, as Kafka Streams'
/// <c>StoreChangelogReader</c>: decides per task between resuming from the checkpoint, wiping stale or
/// uncheckpointed local state, and then replays <c>[start, end)</c> of each changelog partition into the
/// stores' restore callbacks in batches. Uses its own group-less consumer (assign, never commit). A store whose
/// changelog is its source topic (<see cref="TopologyOptimization.ReuseKTableSourceTopics"/>) is restored only up to
/// the committed offset of that input partition (what follows is processed normally), with each value converted to the
/// store's timestamped format, as Kafka Streams' source-topic changelogs.
/// </summary>
internal sealed class ChangelogRestorer(
    IConsumer<byte[], byte[]> restoreConsumer, StateDirectory stateDirectory, ILogger logger, TimeSpan timeout, RestoreReporter? reporter = null)
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromMilliseconds(200);
    private readonly RestoreReporter _reporter = reporter ?? RestoreReporter.MetricsOnly;

    public long RestoredRecords { get; private set; }

    /// <summary>Checks the checkpoint against the changelog ends; wipes the task folder when it cannot be trusted. Call before the stores open.</summary>
    public IReadOnlyDictionary<TopicPartition, long> PrepareTask(TaskId id, ProcessorTopology topology)
    {
        var dir = stateDirectory.TaskDirectory(id);
        var changelogs = topology.ChangelogTopics.Values.Concat(topology.SourceChangelogTopics.Values).Select(t => new TopicPartition(t, id.Partition)).ToList();
        var persistent = topology.Stores.Any(s => s.Persistent);
        var checkpoint = TaskCheckpoint.Read(dir);
        if (!persistent)
        {
            // In-memory stores start empty: restore everything.
            return new Dictionary<TopicPartition, long>();
        }

        if (checkpoint.Count == 0 || changelogs.Any(tp => !checkpoint.ContainsKey(tp)))
        {
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Log.NoCheckpoint(logger, id.ToString(), dir);
            }

            StateDirectory.Wipe(dir);
            return new Dictionary<TopicPartition, long>();
        }

        foreach (var tp in changelogs)
        {
            var end = Watermarks(restoreConsumer, tp, timeout).High;
            if (checkpoint[tp] > end)
            {
                Log.StaleState(logger, id.ToString(), checkpoint[tp], LogFormat.Partition(tp), end, dir);
                StateDirectory.Wipe(dir);
                return new Dictionary<TopicPartition, long>();
            }
        }

        // The checkpoint is consumed: a crash before the next commit must not trust it again.
        TaskCheckpoint.Delete(dir);
        return checkpoint;
    }

    /// <summary>
    /// A store of the task found its files corrupt and deleted them (<see cref="State.Internal.StateStoreWipedException"/>):
    /// as Kafka Streams handles a <c>TaskCorruptedException</c>, wipe the task's whole local state, so that the task,
    /// created again by the caller, restores every store from the beginning of its changelog. Call after closing the task.
    /// </summary>
    /// <returns>The checkpoint to restore from: none.</returns>
    public IReadOnlyDictionary<TopicPartition, long> WipeCorruptTask(TaskId id, State.Internal.StateStoreWipedException corruption)
    {
        var dir = stateDirectory.TaskDirectory(id);
        Log.StoreWiped(logger, corruption.StoreName, id.ToString(), dir, corruption.Message);
        StateDirectory.Wipe(dir);
        return new Dictionary<TopicPartition, long>();
    }

    /// <summary>
    /// Replays changelog records after the checkpoint (or from the beginning) into the stores: up to the end of each
    /// changelog, and for source-topic changelogs up to <paramref name="committedOffsets"/> of that partition (nothing
    /// when none was committed). Reports each partition's start, batches and end (or suspension, when it stops early)
    /// to the restore listener and metrics.
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, long> Restore(
        StreamTask task, IReadOnlyDictionary<TopicPartition, long> checkpoint, IReadOnlyDictionary<TopicPartition, long> committedOffsets, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var topology = task.Topology;
        var taskId = task.Id.ToString();
        var fromSource = topology.SourceChangelogTopics.Values.ToHashSet(StringComparer.Ordinal);
        var ends = new Dictionary<TopicPartition, long>();
        var restores = new List<ChangelogPartitionRestore>();

        // Records are read in batches straight from librdkafka where the consumer is Confluent's (a test double is read with Consume).
        using var reader = LibrdkafkaBatchReader.TryCreate(restoreConsumer);
        var assignment = new List<TopicPartitionOffset>();
        foreach (var (storeName, topic) in topology.ChangelogTopics.Concat(topology.SourceChangelogTopics))
        {
            var tp = new TopicPartition(topic, task.Id.Partition);
            var (low, high) = Watermarks(restoreConsumer, tp, timeout);
            if (fromSource.Contains(topic))
            {
                // Records after the committed offset are processed as input, not restored.
                high = Math.Min(high, committedOffsets.TryGetValue(tp, out var committed) && committed >= 0 ? committed : 0);
            }

            // In-memory stores (e.g. a suppression buffer next to RocksDB stores) start empty: replay their whole changelog, as Kafka Streams.
            var persistent = topology.Stores.Any(s => s.Persistent && string.Equals(s.Name, storeName, StringComparison.Ordinal));
            var start = persistent && checkpoint.TryGetValue(tp, out var c) ? c : low;
            if (start < low)
            {
                Log.ChangelogTruncated(logger, LogFormat.Partition(tp), low, start);
                start = low;
            }

            ends[tp] = fromSource.Contains(topic) ? high : Math.Max(start, high);
            var callback = task.Context.Restorers[storeName];
            var progress = new StoreRestoreProgress(taskId, tp, storeName, start, Math.Max(start, high));
            restores.Add(new ChangelogPartitionRestore(progress, callback, timestampedValues: fromSource.Contains(topic), BatchSize, nativeRecords: reader is not null));
            if (start < high)
            {
                assignment.Add(new TopicPartitionOffset(tp, new Offset(start)));
            }
        }

        foreach (var r in restores)
        {
            _reporter.Started(r.Progress);
            if (r.Progress.Start >= r.End)
            {
                _reporter.Ended(r.Progress);
            }
        }

        long restored = 0;
        if (assignment.Count > 0)
        {
            restored = Replay(task.Id, task.Context.QueryLock, restores, assignment, reader, cancellationToken);
        }

        RestoredRecords += restored;
        if (assignment.Count > 0 && StreamsMetrics.Restore.Duration.Enabled)
        {
            StreamsMetrics.Restore.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("task", taskId));
        }

        Log.Restored(logger, restored, restores.Count, taskId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return ends;
    }

    /// <summary>
    /// Writes already-read changelog records into a store in batches, as <see cref="Restore"/> does: with timestamps to
    /// stores that need them (versioned stores), as key-value pairs otherwise (for benchmarks and tests).
    /// </summary>
    internal static void Apply(IStateRestoreCallback callback, IReadOnlyList<StateRestoreRecord> records, int batchSize = BatchSize)
    {
        var r = new ChangelogPartitionRestore(new StoreRestoreProgress("0_0", new TopicPartition("changelog", 0), "store", 0, records.Count), callback, false, batchSize);
        for (var i = 0; i < records.Count; i++)
        {
            r.Add(new Message<byte[], byte[]> { Key = records[i].Key, Value = records[i].Value!, Timestamp = new Timestamp(records[i].TimestampMs, TimestampType.CreateTime) }, i);
            if (r.Count >= batchSize || i == records.Count - 1)
            {
                r.TakeBatch()();
            }
        }

        r.EndBulk();
    }

    /// <summary>
    /// Reads the assigned changelog partitions to their ends. Each full batch is written on a worker while the next one
    /// is read (one batch in flight, in order, one writer at a time): restore costs max(read, write) instead of their
    /// sum where a core is free. Only queries with stale stores enabled read the stores meanwhile, under the task's query lock. The stream thread is synchronous by
    /// design (librdkafka's consumer API is), so it waits for the worker by blocking. Records are read with librdkafka's
    /// batch API (<paramref name="reader"/>; Confluent's per-record <c>Consume</c> cost about four times the CPU): a
    /// RocksDB store's records go from librdkafka's buffers straight into its native write batch on this thread, so the
    /// worker only applies batches; other stores get arrays.
    /// </summary>
    /// <returns>The records written.</returns>
    private long Replay(
        TaskId taskId, object queryLock, List<ChangelogPartitionRestore> restores, List<TopicPartitionOffset> assignment, LibrdkafkaBatchReader? reader, CancellationToken cancellationToken)
    {
        var byTopic = restores.ToDictionary(r => r.Topic, StringComparer.Ordinal);
        var pending = assignment.Count;
        foreach (var r in restores)
        {
            r.Complete = r.Progress.Start >= r.End;
        }

        long restored = 0;
        ChangelogPartitionRestore? last = null;
        Task? writing = null;
        (ChangelogPartitionRestore? Restore, long LastOffset, int Count, bool Final) inFlight = default;

        // Waits for the batch in flight and reports it (and its partition's end after its final batch).
        void Retire()
        {
            if (writing is null)
            {
                return;
            }

            var write = writing;
            writing = null;
            write.GetAwaiter().GetResult();
            restored += inFlight.Count;
            var done = inFlight.Restore!;
            _reporter.BatchRestored(done.Progress, inFlight.LastOffset, inFlight.Count);
            if (inFlight.Final)
            {
                Finish(done);
            }
        }

        void Hand(ChangelogPartitionRestore r, bool final)
        {
            Retire();
            inFlight = (r, r.LastOffset, r.Count, final);
            var batch = r.TakeBatch();
            writing = Task.Run(
                () =>
                {
                    // Queries that enable stale stores read restoring stores: never in the middle of a batch.
                    lock (queryLock)
                    {
                        batch();
                    }
                },
                CancellationToken.None);
        }

        void Completed(ChangelogPartitionRestore r)
        {
            r.Complete = true;
            pending--;
            if (r.Count > 0)
            {
                Hand(r, final: true);
            }
            else if (writing is not null && inFlight.Restore == r)
            {
                // Its batch in flight was its last one: it ends when that batch is retired.
                inFlight.Final = true;
            }
            else
            {
                Finish(r);
            }
        }

        void Finish(ChangelogPartitionRestore r)
        {
            lock (queryLock)
            {
                r.EndBulk();
            }

            _reporter.Ended(r.Progress);
        }

        // Progress is checked on empty polls only, so that no clock is read per record.
        var idle = Stopwatch.StartNew();
        long consumed = 0, consumedAtIdleCheck = 0;
        var ok = false;

        void NothingRead()
        {
            // Compaction may leave no record at the last offsets before the end: the position tells.
            foreach (var r in restores)
            {
                if (!r.Complete && restoreConsumer.Position(r.Partition).Value >= r.End)
                {
                    Completed(r);
                }
            }

            if (consumed != consumedAtIdleCheck)
            {
                consumedAtIdleCheck = consumed;
                idle.Restart();
            }
            else if (pending > 0 && idle.Elapsed > timeout)
            {
                throw new StreamsException(
                    $"Restoring task {taskId} made no progress for {timeout.TotalSeconds:0} s; still missing "
                    + string.Join(", ", restores.Where(r => !r.Complete).Select(r => $"{r.Partition} up to {r.End}")) + ".");
            }
        }

        // Whether the record at offset is still to be restored; completes its partition when it is past the end.
        bool Admit(ChangelogPartitionRestore current, long offset)
        {
            if (current.Complete)
            {
                // Already complete (a source topic read past its committed offset): not restored.
                return false;
            }

            if (offset >= current.End)
            {
                Completed(current);
                return false;
            }

            return true;
        }

        // After a record was taken (or skipped for its null key): hands a full batch over, completes the partition at its end.
        void Admitted(ChangelogPartitionRestore current, long offset)
        {
            if (current.Count >= BatchSize)
            {
                Hand(current, final: false);
            }

            if (offset + 1 >= current.End)
            {
                Completed(current);
            }
        }

        restoreConsumer.Assign(assignment);
        try
        {
            while (pending > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader is not null)
                {
                    // librdkafka's batch API: up to a thousand records per call, keys and values read in place.
                    var n = reader.Read(ConsumeTimeout);
                    if (n == 0)
                    {
                        NothingRead();
                        continue;
                    }

                    consumed += n;
                    var lastHandle = IntPtr.Zero;
                    for (var i = 0; i < n && pending > 0; i++)
                    {
                        var record = reader[i];
                        var handle = record.TopicHandle;
                        if (last is null || handle != lastHandle)
                        {
                            last = byTopic[record.Topic];
                            lastHandle = handle;
                        }

                        var offset = record.Offset;
                        if (Admit(last, offset))
                        {
                            if (record.HasKey)
                            {
                                last.Add(record, offset);
                            }

                            Admitted(last, offset);
                        }
                    }

                    continue;
                }

                var result = restoreConsumer.Consume(ConsumeTimeout);
                if (result is null)
                {
                    NothingRead();
                    continue;
                }

                consumed++;

                // Nearly always the same partition as the last record: compare the topic before hashing it.
                var topic = result.Topic;
                var current = last is not null && string.Equals(last.Topic, topic, StringComparison.Ordinal) ? last : byTopic[topic];
                last = current;
                var at = result.Offset.Value;
                if (Admit(current, at))
                {
                    if (result.Message.Key is not null)
                    {
                        current.Add(result.Message, at);
                    }

                    Admitted(current, at);
                }
            }

            Retire();
            ok = true;
        }
        finally
        {
            if (!ok)
            {
                Suspend(taskId, restores, writing, inFlight, cancellationToken);
            }

            foreach (var r in restores)
            {
                r.Release();
            }

            restoreConsumer.Unassign();
        }

        return restored;
    }

    /// <summary>A restore stopped early: never leave a writer running against stores the caller is about to close, and report the suspension.</summary>
    private void Suspend(
        TaskId taskId, List<ChangelogPartitionRestore> restores, Task? writing, (ChangelogPartitionRestore? Restore, long LastOffset, int Count, bool Final) inFlight, CancellationToken cancellationToken)
    {
        if (writing is not null)
        {
            try
            {
                writing.Wait(CancellationToken.None);
                _reporter.BatchRestored(inFlight.Restore!.Progress, inFlight.LastOffset, inFlight.Count);
                if (inFlight.Final)
                {
                    _reporter.Ended(inFlight.Restore.Progress);
                }
            }
            catch (AggregateException)
            {
                // The first failure is the one being thrown.
            }
        }

        Log.RestoreSuspended(logger, taskId.ToString(), cancellationToken.IsCancellationRequested ? "the thread is stopping" : "restoring failed");
        foreach (var r in restores)
        {
            _reporter.Suspended(r.Progress);
        }
    }

    /// <summary>
    /// A changelog partition's low and high watermarks. A changelog that does not exist yet (no record was ever written to
    /// it: the broker auto-creates it at the first one, as librdkafka's mock cluster does for internal topics it cannot
    /// create) has nothing to restore: librdkafka 2.x answers <c>Local_UnknownPartition</c> for it, read as (0, 0).
    /// </summary>
    private static (long Low, long High) Watermarks(IConsumer<byte[], byte[]> restoreConsumer, TopicPartition tp, TimeSpan timeout)
    {
        try
        {
            var w = restoreConsumer.QueryWatermarkOffsets(tp, timeout);
            return (w.Low.Value, w.High.Value);
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.Local_UnknownPartition or ErrorCode.Local_UnknownTopic or ErrorCode.UnknownTopicOrPart)
        {
            return (0, 0);
        }
    }
}
