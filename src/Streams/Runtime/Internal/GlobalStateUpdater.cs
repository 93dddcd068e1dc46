using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Errors;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Runtime.Internal;

/// <summary>
/// Keeps the global stores up to date, as Kafka Streams' <c>GlobalStreamThread</c>: on start it wipes
/// their local folder, reads every partition of their topics from the beginning to the end offsets taken
/// at start (so processing starts with complete tables), then applies new records whenever
/// <see cref="Poll"/> is called from a stream thread (from all of them in turn: whichever gets there first applies).
/// </summary>
internal sealed class GlobalStateUpdater : IDisposable
{
    /// <summary>Records per batch reported to the restore listener while loading, as the restorer's batches.</summary>
    private const int RestoreBatchSize = 1000;

    private readonly IKafkaClientSupplier _supplier;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly StreamTask _task;
    private readonly ILogger _logger;
    private readonly RestoreReporter _reporter;
    private readonly Dictionary<string, string> _storeByTopic;
    private readonly Lock _pollGate = new();

    public GlobalStateUpdater(
        InternalTopologyBuilder builder, StreamsOptions options, StateDirectory stateDirectory, ConsumerConfig config, ILogger logger)
    {
        _logger = logger;
        _reporter = new RestoreReporter(options.StateRestoreListener, logger);
        var topology = builder.BuildGlobal(options.DslStoreSuppliers);
        _storeByTopic = topology.ChangelogTopics.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        StateDirectory.Wipe(stateDirectory.GlobalDirectory);
        var context = new TaskContext(
            options.ApplicationId, new TaskId(-1, -1), stateDirectory.GlobalDirectory, NoChangelogCollector.Instance, options.TimeProvider,
            new Dictionary<string, string>(), new Dictionary<string, IStateStore>());
        _task = new StreamTask(new TaskId(-1, -1), topology, context, [], options.DeserializationExceptionHandler, logger);
        _supplier = options.ClientSupplier;
        _consumer = _supplier.GetGlobalConsumer(ClientRequests.Consumer(KafkaClientRole.GlobalConsumer, config, options, _logger));
        Stores = topology.Stores.ToDictionary(s => s.Name, s => s, StringComparer.Ordinal);
        Topics = topology.SourcesByTopic.Keys.ToList();
    }

    public IReadOnlyDictionary<string, IStateStore> Stores { get; }

    public IReadOnlyList<string> Topics { get; }

    /// <summary>The global task's context: its query lock guards every update of the stores.</summary>
    public TaskContext Context => _task.Context;

    public void Bootstrap(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        _task.InitializeStores();
        _task.InitializeTopology();
        if (Topics.Count == 0)
        {
            return;
        }

        using var admin = _supplier.GetDependentAdmin(_consumer);
        var md = admin.GetMetadata(timeout);
        var partitions = md.Topics.Where(t => Topics.Contains(t.Topic, StringComparer.Ordinal))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
        var missing = Topics.Except(md.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new StreamsException($"Global table topic(s) {string.Join(", ", missing)} do not exist; create and load them before starting.");
        }

        var restores = partitions.ToDictionary(tp => tp, tp =>
        {
            var w = _consumer.QueryWatermarkOffsets(tp, timeout);
            return new StoreRestoreProgress("global", tp, _storeByTopic[tp.Topic], w.Low.Value, Math.Max(w.Low.Value, w.High.Value));
        });
        _consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var pending = restores.Values.Where(p => p.End > p.Start).ToDictionary(p => p.Partition, p => new PartitionBatch(p));
        foreach (var progress in restores.Values)
        {
            _reporter.Started(progress);
            if (progress.End <= progress.Start)
            {
                _reporter.Ended(progress);
            }
        }

        long loaded = 0;
        var idle = Stopwatch.StartNew();
        var ok = false;
        try
        {
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var r = _consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (r is null)
                {
                    // Compaction may leave no record at the last offsets before the end: the position tells.
                    foreach (var batch in pending.Values.Where(b => _consumer.Position(b.Progress.Partition).Value >= b.Progress.End).ToList())
                    {
                        Complete(batch);
                        pending.Remove(batch.Progress.Partition);
                    }

                    if (pending.Count > 0 && idle.Elapsed > timeout)
                    {
                        throw new StreamsException($"Loading global stores made no progress for {timeout.TotalSeconds:0} s; missing {string.Join(", ", pending.Keys)}.");
                    }

                    continue;
                }

                idle.Restart();
                Apply(r);
                loaded++;
                if (!pending.TryGetValue(r.TopicPartition, out var current))
                {
                    continue;
                }

                current.LastOffset = r.Offset.Value;
                if (r.Message.Key is not null && ++current.Count >= RestoreBatchSize)
                {
                    _reporter.BatchRestored(current.Progress, current.LastOffset, current.Count);
                    current.Count = 0;
                }

                if (r.Offset.Value + 1 >= current.Progress.End)
                {
                    Complete(current);
                    pending.Remove(r.TopicPartition);
                }
            }

            ok = true;
        }
        finally
        {
            if (!ok)
            {
                foreach (var progress in restores.Values)
                {
                    _reporter.Suspended(progress);
                }
            }
        }

        if (StreamsMetrics.Restore.Duration.Enabled)
        {
            StreamsMetrics.Restore.Duration.Record(sw.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("task", "global"));
        }

        Log.GlobalLoaded(_logger, loaded, string.Join(", ", Topics), sw.ElapsedMilliseconds);
    }

    /// <summary>Reports a partition loaded to its end: its last partial batch, then its end.</summary>
    private void Complete(PartitionBatch batch)
    {
        if (batch.Count > 0)
        {
            _reporter.BatchRestored(batch.Progress, batch.LastOffset, batch.Count);
            batch.Count = 0;
        }

        _reporter.Ended(batch.Progress);
    }

    /// <summary>Applies records that arrived since the last call, without waiting. Safe to call from several stream threads: one applies while the others return at once.</summary>
    public void Poll(int maxRecords)
    {
        // Every stream thread calls Poll from its loop: one polls at a time and the others skip (they never wait on each other).
        if (Topics.Count == 0 || !_pollGate.TryEnter())
        {
            return;
        }

        try
        {
            lock (Context.QueryLock)
            {
                for (var i = 0; i < maxRecords; i++)
                {
                    var r = _consumer.Consume(TimeSpan.Zero);
                    if (r is null)
                    {
                        return;
                    }

                    Apply(r);
                }
            }
        }
        finally
        {
            _pollGate.Exit();
        }
    }

    public void Dispose()
    {
        lock (Context.QueryLock)
        {
            _task.Close();
        }

        try
        {
            _consumer.Close();
        }
        catch (KafkaException e)
        {
            // Assign-only and never committing: nothing is lost. A failing close (its client crashed, its broker is gone)
            // must not escape: this runs on the last stream thread to exit, where it would end the process.
            _logger.LogWarning(e, "Ignored a failure while closing the global consumer.");
        }

        _consumer.Dispose();
    }

    private void Apply(ConsumeResult<byte[], byte[]> record)
    {
        if (record.IsPartitionEOF)
        {
            return;
        }

        _task.AddRecord(record);
        while (_task.Process())
        {
        }
    }

    /// <summary>Records of one partition loaded since the last report to the restore listener.</summary>
    private sealed class PartitionBatch(StoreRestoreProgress progress)
    {
        public StoreRestoreProgress Progress { get; } = progress;

        public int Count { get; set; }

        public long LastOffset { get; set; } = -1;
    }

    /// <summary>Global stores have no changelog: their topic is their changelog.</summary>
    private sealed class NoChangelogCollector : IRecordCollector
    {
        public static readonly NoChangelogCollector Instance = new();

        public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets { get; } = new Dictionary<TopicPartition, long>();

        public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition) =>
            throw new StreamsException($"Global store processors cannot write to topics (attempted '{topic}').");

        public void Flush()
        {
        }
    }
}
