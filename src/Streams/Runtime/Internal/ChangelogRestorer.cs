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
/// stores' restore callbacks in batches. Uses its own group-less consumer (assign, never commit).
/// </summary>
internal sealed class ChangelogRestorer(IConsumer<byte[], byte[]> restoreConsumer, StateDirectory stateDirectory, ILogger logger, TimeSpan timeout)
{
    private const int BatchSize = 1000;

    public long RestoredRecords { get; private set; }

    /// <summary>Checks the checkpoint against the changelog ends; wipes the task folder when it cannot be trusted. Call before the stores open.</summary>
    public IReadOnlyDictionary<TopicPartition, long> PrepareTask(TaskId id, ProcessorTopology topology)
    {
        var dir = stateDirectory.TaskDirectory(id);
        var changelogs = topology.ChangelogTopics.Values.Select(t => new TopicPartition(t, id.Partition)).ToList();
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

    /// <summary>Replays changelog records after the checkpoint (or from the beginning) into the stores.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Restore(StreamTask task, IReadOnlyDictionary<TopicPartition, long> checkpoint, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        long restored = 0;
        var byTopic = task.Topology.ChangelogTopics.ToDictionary(kv => kv.Value, kv => task.Context.Restorers[kv.Key], StringComparer.Ordinal);
        var persistent = task.Topology.Stores.Where(s => s.Persistent && task.Topology.ChangelogTopics.ContainsKey(s.Name))
            .Select(s => task.Topology.ChangelogTopics[s.Name]).ToHashSet(StringComparer.Ordinal);
        var pending = new Dictionary<TopicPartition, long>();
        var ends = new Dictionary<TopicPartition, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var topic in byTopic.Keys)
        {
            var tp = new TopicPartition(topic, task.Id.Partition);
            var (low, high) = restoreConsumer.QueryWatermarkOffsets(tp, timeout) is var w ? (w.Low.Value, w.High.Value) : default;
            // In-memory stores (e.g. a suppression buffer next to RocksDB stores) start empty: replay their whole changelog, as Kafka Streams.
            var start = persistent.Contains(topic) && checkpoint.TryGetValue(tp, out var c) ? c : low;
            if (start < low)
            {
                Log.ChangelogTruncated(logger, tp.ToString(), low, start);
                start = low;
            }

            ends[tp] = Math.Max(start, high);
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
        var deadline = Stopwatch.StartNew();
        try
        {
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = restoreConsumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null || result.IsPartitionEOF)
                {
                    if (deadline.Elapsed > timeout)
                    {
                        throw new StreamsException(
                            $"Restoring task {task.Id} made no progress for {timeout.TotalSeconds:0} s; still missing {string.Join(", ", pending.Select(p => $"{p.Key} up to {p.Value}"))}.");
                    }

                    continue;
                }

                deadline.Restart();
                var batch = batches[result.Topic];
                if (result.Message.Key is not null)
                {
                    batch.Add(new(result.Message.Key, result.Message.Value, result.Message.Timestamp.UnixTimestampMs));
                }

                if (batch.Count >= BatchSize)
                {
                    Apply(byTopic[result.Topic], batch);
                    restored += batch.Count;
                    batch.Clear();
                }

                if (result.Offset.Value + 1 >= pending.GetValueOrDefault(result.TopicPartition, long.MaxValue))
                {
                    pending.Remove(result.TopicPartition);
                }
            }

            foreach (var (topic, batch) in batches)
            {
                if (batch.Count > 0)
                {
                    Apply(byTopic[topic], batch);
                    restored += batch.Count;
                }
            }
        }
        finally
        {
            restoreConsumer.Unassign();
        }

        RestoredRecords += restored;
        Log.Restored(logger, restored, byTopic.Count, task.Id.ToString(), sw.ElapsedMilliseconds);
        return ends;
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
}
