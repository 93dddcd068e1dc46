using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
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
internal sealed class ChangelogRestorer(IConsumer<byte[], byte[]> restoreConsumer, StateDirectory stateDirectory, ILogger logger, TimeSpan timeout)
{
    private const int BatchSize = 1000;

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
            var end = restoreConsumer.QueryWatermarkOffsets(tp, timeout).High.Value;
            if (checkpoint[tp] > end)
            {
                Log.StaleState(logger, id.ToString(), checkpoint[tp], tp.ToString(), end, dir);
                StateDirectory.Wipe(dir);
                return new Dictionary<TopicPartition, long>();
            }
        }

        // The checkpoint is consumed: a crash before the next commit must not trust it again.
        TaskCheckpoint.Delete(dir);
        return checkpoint;
    }

    /// <summary>
    /// Replays changelog records after the checkpoint (or from the beginning) into the stores: up to the end of each
    /// changelog, and for source-topic changelogs up to <paramref name="committedOffsets"/> of that partition (nothing
    /// when none was committed).
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, long> Restore(
        StreamTask task, IReadOnlyDictionary<TopicPartition, long> checkpoint, IReadOnlyDictionary<TopicPartition, long> committedOffsets, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        long restored = 0;
        var topology = task.Topology;
        var byTopic = topology.ChangelogTopics.Concat(topology.SourceChangelogTopics)
            .ToDictionary(kv => kv.Value, kv => task.Context.Restorers[kv.Key], StringComparer.Ordinal);
        var fromSource = topology.SourceChangelogTopics.Values.ToHashSet(StringComparer.Ordinal);
        var persistent = topology.Stores.Where(s => s.Persistent && (topology.ChangelogTopics.ContainsKey(s.Name) || topology.SourceChangelogTopics.ContainsKey(s.Name)))
            .Select(s => topology.ChangelogTopics.TryGetValue(s.Name, out var t) ? t : topology.SourceChangelogTopics[s.Name]).ToHashSet(StringComparer.Ordinal);
        var pending = new Dictionary<TopicPartition, long>();
        var ends = new Dictionary<TopicPartition, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var topic in byTopic.Keys)
        {
            var tp = new TopicPartition(topic, task.Id.Partition);
            var (low, high) = restoreConsumer.QueryWatermarkOffsets(tp, timeout) is var w ? (w.Low.Value, w.High.Value) : default;
            if (fromSource.Contains(topic))
            {
                // Records after the committed offset are processed as input, not restored.
                high = Math.Min(high, committedOffsets.TryGetValue(tp, out var committed) && committed >= 0 ? committed : 0);
            }

            // In-memory stores (e.g. a suppression buffer next to RocksDB stores) start empty: replay their whole changelog, as Kafka Streams.
            var start = persistent.Contains(topic) && checkpoint.TryGetValue(tp, out var c) ? c : low;
            if (start < low)
            {
                Log.ChangelogTruncated(logger, tp.ToString(), low, start);
                start = low;
            }

            ends[tp] = fromSource.Contains(topic) ? high : Math.Max(start, high);
            if (start < high)
            {
                pending[tp] = high;
                assignment.Add(new TopicPartitionOffset(tp, new Offset(start)));
            }
        }

        if (assignment.Count == 0)
        {
            return ends;
        }

        restoreConsumer.Assign(assignment);
        var batches = byTopic.Keys.ToDictionary(t => t, _ => new List<StateRestoreRecord>(BatchSize), StringComparer.Ordinal);

        // Source topics restored into stores that keep the timestamp in the value (not versioned stores, which take it per record).
        var rawSources = fromSource.Where(t => byTopic[t] is not IRecordBatchingStateRestoreCallback).ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();

        // Store writes run on a worker while the next batch is consumed (one batch in flight, in order, one writer at a
        // time): restore costs max(consume, write) instead of their sum. Only stale-store queries read them meanwhile, under the task's query lock (see ApplyLocked).
        // The stream thread is synchronous by design (librdkafka's consumer API is), so it waits for the worker by blocking.
        var writing = Task.CompletedTask;
        void Hand(IStateRestoreCallback callback, List<StateRestoreRecord> full)
        {
            writing.GetAwaiter().GetResult();
            writing = Task.Run(() => ApplyLocked(task, callback, full), cancellationToken);
        }

        try
        {
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = restoreConsumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null || result.IsPartitionEOF)
                {
                    // Compaction may leave no record at the last offsets before the end: the position tells.
                    foreach (var tp in pending.Where(p => restoreConsumer.Position(p.Key).Value >= p.Value).Select(p => p.Key).ToList())
                    {
                        pending.Remove(tp);
                    }

                    if (pending.Count > 0 && deadline.Elapsed > timeout)
                    {
                        throw new StreamsException(
                            $"Restoring task {task.Id} made no progress for {timeout.TotalSeconds:0} s; still missing {string.Join(", ", pending.Select(p => $"{p.Key} up to {p.Value}"))}.");
                    }

                    continue;
                }

                deadline.Restart();
                var partition = result.TopicPartition;
                var end = pending.GetValueOrDefault(partition, -1);
                var offset = result.Offset.Value;
                if (offset >= end)
                {
                    // Already complete (a source topic read past its committed offset): not restored.
                    continue;
                }

                var topic = result.Topic;
                var batch = batches[topic];
                var message = result.Message;
                if (message.Key is not null)
                {
                    var timestamp = message.Timestamp.UnixTimestampMs;
                    batch.Add(new(message.Key, rawSources.Contains(topic) ? TimestampedValue(message.Value, timestamp) : message.Value, timestamp));
                }

                if (batch.Count >= BatchSize)
                {
                    Hand(byTopic[topic], batch);
                    restored += batch.Count;
                    batches[topic] = new List<StateRestoreRecord>(BatchSize);
                }

                if (offset + 1 >= end)
                {
                    pending.Remove(partition);
                }
            }

            writing.GetAwaiter().GetResult();
            foreach (var (topic, batch) in batches)
            {
                if (batch.Count > 0)
                {
                    ApplyLocked(task, byTopic[topic], batch);
                    restored += batch.Count;
                }
            }
        }
        finally
        {
            // On failure, still never leave a writer running against stores the caller is about to close.
            if (!writing.IsCompleted)
            {
                try
                {
                    writing.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // The first failure is the one being thrown.
                }
            }

            restoreConsumer.Unassign();
        }

        RestoredRecords += restored;
        Log.Restored(logger, restored, byTopic.Count, task.Id.ToString(), sw.ElapsedMilliseconds);
        return ends;
    }

    /// <summary>Applies a batch under the task's query lock: queries that enable stale stores read restoring stores.</summary>
    private static void ApplyLocked(StreamTask task, IStateRestoreCallback callback, List<StateRestoreRecord> batch)
    {
        lock (task.Context.QueryLock)
        {
            Apply(callback, batch);
        }
    }

    /// <summary>Hands a batch to a store: with timestamps to stores that need them (versioned stores), as key-value pairs otherwise.</summary>
    internal static void Apply(IStateRestoreCallback callback, List<StateRestoreRecord> batch)
    {
        if (callback is IRecordBatchingStateRestoreCallback withTimestamps)
        {
            withTimestamps.RestoreBatch(batch);
        }
        else
        {
            callback.RestoreBatch(batch.ConvertAll(r => new KeyValuePair<byte[], byte[]?>(r.Key, r.Value)));
        }
    }

    /// <summary>A source topic's value in the timestamped store format: 8-byte big-endian timestamp, then the value (Kafka Streams' <c>rawValueToTimestampedValue</c>).</summary>
    private static byte[]? TimestampedValue(byte[]? value, long timestamp)
    {
        if (value is null)
        {
            return null;
        }

        var bytes = new byte[value.Length + 8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        value.CopyTo(bytes, 8);
        return bytes;
    }
}
