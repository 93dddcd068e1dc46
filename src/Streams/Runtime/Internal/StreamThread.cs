using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Queries.Internal;
using Streams.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// One stream thread, as Kafka Streams' <c>StreamThread</c>: a consumer in the application's group, a
/// producer, and the tasks of the partitions assigned to it. Loop: poll a batch, buffer it in the tasks,
/// process every buffered record in timestamp order per task, fire wall-clock punctuations, update global
/// stores, and commit every <see cref="StreamsOptions.CommitInterval"/>. Runs on its own OS thread
/// because the Confluent consumer blocks.
/// </summary>
internal sealed partial class StreamThread
{
    private readonly StreamsOptions _options;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly StreamsProducer _streamsProducer;
    private readonly string? _transactionalId;
    private readonly IConsumer<byte[], byte[]> _restoreConsumer;
    private readonly KafkaRecordCollector _collector;
    private readonly TaskManager _tasks;
    private readonly GlobalStateUpdater? _global;
    private readonly ILogger _logger;
    private readonly Action<StreamsState> _setState;
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private readonly string _name;
    private long _commits;
    private long _processed;
    private long _skipped;
    private CancellationToken _cancellation;
    private bool _shuttingDown;

    // Set when the group refused a commit because it is rebalancing: whatever is processed from then on until the
    // partitions are revoked or reassigned would be processed again by their next owner, so the thread only polls.
    private bool _groupMigrating;

    public StreamThread(
        Processor.Internal.InternalTopologyBuilder builder,
        StreamsOptions options,
        StateDirectory stateDirectory,
        GlobalStateUpdater? global,
        ILogger logger,
        Action<StreamsState> setState,
        int index = 1,
        LocalStoreRegistry? localStores = null,
        long? cacheMaxBytes = null,
        Guid processId = default)
    {
        _options = options;
        _global = global;
        _logger = logger;
        _setState = setState;
        var clientPrefix = _name = $"{options.ApplicationId}-StreamThread-{index}";
        _consumer = options.ClientSupplier.GetConsumer(WithGuardedRebalanceHandlers(
            ClientRequests.Consumer(KafkaClientRole.MainConsumer, ClientConfigs.MainConsumer(options, clientPrefix + "-consumer"), options, _logger)));
        var exactlyOnce = options.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2;
        _transactionalId = exactlyOnce ? ClientConfigs.TransactionalId(options.ApplicationId, processId == Guid.Empty ? Guid.NewGuid() : processId, index) : null;
        _producer = options.ClientSupplier.GetProducer(
            ClientRequests.Producer(KafkaClientRole.Producer, ClientConfigs.Producer(options, clientPrefix + "-producer", _transactionalId), options, _logger));
        _streamsProducer = new StreamsProducer(_producer, exactlyOnce, options.FlushTimeout);
        _restoreConsumer = options.ClientSupplier.GetRestoreConsumer(
            ClientRequests.Consumer(KafkaClientRole.RestoreConsumer, ClientConfigs.AssignOnlyConsumer(options, clientPrefix + "-restore-consumer"), options, _logger));
        _collector = new KafkaRecordCollector(_producer, options.FlushTimeout, options.TimeProvider, _streamsProducer) { ClientSupplier = options.ClientSupplier };
        var restorer = new ChangelogRestorer(_restoreConsumer, stateDirectory, logger, TimeSpan.FromSeconds(60), new RestoreReporter(options.StateRestoreListener, logger));
        _tasks = new TaskManager(builder, options, stateDirectory, _collector, restorer, global?.Stores ?? new Dictionary<string, State.IStateStore>(), logger, localStores, cacheMaxBytes)
        {
            Transactions = _streamsProducer,
        };
    }

    /// <summary>The thread's name, <c>{applicationId}-StreamThread-{index}</c>: the prefix of its clients' ids and the <c>thread</c> metric tag.</summary>
    public string Name => _name;

    /// <summary>This thread's share of the record cache in bytes (0 without caching).</summary>
    public long CacheMaxBytes => _tasks.CacheMaxBytes;

    /// <summary>Sets this thread's share of the record cache; callable from any thread (as Kafka Streams' <c>resizeCache</c>).</summary>
    public void ResizeCache(long maxBytes) => _tasks.ResizeCache(maxBytes);

    public StreamsProgress Progress { get; private set; } = StreamsProgress.Empty;

    /// <summary>Leave the group when the thread fails (after closing its tasks uncommitted), so that a replacement thread is assigned at once.</summary>
    public bool LeaveGroupOnFailure { get; init; }

    /// <summary>Set when the thread ends because its producer was fenced (see <see cref="Fenced"/>).</summary>
    private bool _fenced;

    /// <summary>Called on this thread with the active tasks after they change: created, revoked (none left under Range) or lost (instance metadata).</summary>
    public Action<IReadOnlyCollection<Processor.TaskId>>? TasksChanged { get; set; }

    /// <summary>
    /// Notes that the producer was fenced (an exception filter, so before the cleanup runs): the thread then leaves the
    /// group as it ends, so that its replacement (<see cref="ProducerFencedException"/>) is not held back by it.
    /// </summary>
    private bool Fenced()
    {
        _fenced = true;
        return false;
    }

    public void Run(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        var lastCommit = _options.TimeProvider.GetUtcNow();
        var clean = false;
        using var recordsLag = RecordsLagMetric.Register(_name, () => Progress);
        try
        {
            InitTransactions();
            _batchReader = LibrdkafkaBatchReader.TryCreate(_consumer);
            Log.MainLoopReads(_logger, _name, _batchReader is null ? "single records from Consume (the consumer is not a Confluent.Kafka consumer on Streams' librdkafka)" : "batches straight from librdkafka");
            Subscribe();
            var stoppedMidRestore = false;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        RunOnce(ref lastCommit);
                    }
                    catch (StreamsException e) when (e is TaskCorruptedException or TaskMigratedException)
                    {
                        // Exactly-once only: abort, rewind every task to the last commit, go on.
                        AbortAndRewind(e);
                    }

                    PublishProgress();
                }
            }
            catch (ProducerFencedException) when (Fenced())
            {
                // Never entered: the filter only notes the fencing before the finally below runs.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A stop while tasks restore (task creation inside a rebalance callback honours the stop): a stop, not a
                // failure. Nothing is committed (the restoring tasks have nothing to commit, and under exactly-once the
                // open transaction is aborted below); the thread still leaves the group. Found by the seeded simulation.
                stoppedMidRestore = true;
            }

            _shuttingDown = true;
            _setState(StreamsState.PendingShutdown);
            if (!stoppedMidRestore)
            {
                CommitAll(closing: true);
            }

            clean = true;
        }
        finally
        {
            // Never let a cleanup failure hide the exception that stopped the thread.
            _shuttingDown = true;
            PublishProgress();
            Quietly(_tasks.CloseAll);

            // Exactly-once: a failed thread's open transaction is aborted before its partitions can move to another thread.
            Quietly(_streamsProducer.AbortTransaction);
            // After CloseAll: the revocation this triggers has no task left to commit. Both calls are bounded: librdkafka can
            // wait forever inside them when the group changes meanwhile, and a consumer whose close did not end cannot be
            // disposed either (its destroy waits for the same handle).
            var closed = !(clean || LeaveGroupOnFailure || _fenced) || WithinCloseTimeout("Close", _consumer.Close);

            // After Close (whose revocation callbacks the consumer serves itself), before Dispose: the reader holds a
            // reference on the consumer's handle and queue.
            _batchReader?.Dispose();
            if (closed)
            {
                WithinCloseTimeout("Dispose", _consumer.Dispose);
            }
            Quietly(() => _producer.Flush(TimeSpan.FromSeconds(5)));
            Quietly(_producer.Dispose);
            Quietly(_restoreConsumer.Dispose);
            Log.ShutdownComplete(_logger, _processed, _commits);
        }
    }

    /// <summary>One loop iteration: poll a batch, process every task's buffered records, punctuate, update global stores, commit when due.</summary>
    private void RunOnce(ref DateTimeOffset lastCommit)
    {
        var time = _options.TimeProvider;
        PollAndBuffer();
        var commitRequested = false;

        // While the group refuses commits (a rebalance is in progress), processing waits too: whatever would be processed
        // before the next successful commit is processed again if the rebalance then takes the partitions away.
        var paused = _groupMigrating || CommitsDeferred(time.GetUtcNow());
        foreach (var task in paused ? [] : _tasks.Tasks)
        {
            // Interactive queries read the task's stores under this lock: once per batch, not per record.
            lock (task.Context.QueryLock)
            {
                while (task.Process())
                {
                    _processed++;
                }

                task.PunctuateWallClock();
            }

            commitRequested |= task.Context.CommitRequested;
        }

        _global?.Poll(_options.MaxPollRecords);
        var now = time.GetUtcNow();
        if ((commitRequested || now - lastCommit >= _options.CommitInterval) && !CommitsDeferred(now))
        {
            CommitAll();
            lastCommit = now;
        }
    }

    private void PollAndBuffer()
    {
        if (_batchReader is { } reader)
        {
            PollBatchesAndBuffer(reader);
            return;
        }

        var result = ConsumeNext(_options.PollTimeout);
        for (var n = 0; result is not null; n++)
        {
            if (!result.IsPartitionEOF && !IsReleased(result))
            {
                var task = _tasks.TaskFor(result.Topic, result.Partition.Value);
                var skippedBefore = task.SkippedCount;
                task.AddRecord(result);
                _skipped += task.SkippedCount - skippedBefore;
            }

            if (n + 1 >= _options.MaxPollRecords)
            {
                break;
            }

            result = ConsumeNext(TimeSpan.Zero);
        }
    }

    private void CommitAll(bool closing = false)
    {
        int count;
        try
        {
            count = _tasks.Commit(_consumer, closing);
        }
        catch (StreamsException e) when (closing && e is TaskCorruptedException or TaskMigratedException or ProducerFencedException)
        {
            // Exactly-once, and the tasks are closed next anyway: abort (a fenced producer's transaction is the
            // coordinator's to abort); the next owner re-processes from the last commit.
            AbortOnClose(e);
            return;
        }
        catch (KafkaException e) when (IsGroupMigration(e.Error.Code))
        {
            if (KeepsPartitionsAfter(e.Error))
            {
                return;
            }

            // As Kafka Streams' TaskMigratedException: this member's generation is over. Nothing past the last
            // successful commit is committed or checkpointed; whoever owns the partitions next reprocesses from there.
            Log.CommitFailedOnRebalance(_logger, e.Error.Reason);
            _groupMigrating = true;
            return;
        }

        if (count > 0)
        {
            _commits++;
            StreamsMetrics.Commits.Add(1);
        }

        foreach (var task in _tasks.Tasks)
        {
            foreach (var (tp, next) in task.CommittableOffsets)
            {
                _committed[tp] = next;
            }
        }
    }

    private static bool IsGroupMigration(ErrorCode code) =>
        code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId;

    private void OnAssigned(List<TopicPartition> partitions)
    {
        if (_assignment is not null)
        {
            OnAssignedIncrementally(_assignment, partitions);
            return;
        }

        _groupMigrating = false;
        _setState(StreamsState.Rebalancing);
        var committedOffsets = new Dictionary<TopicPartition, long>();
        foreach (var committed in _consumer.Committed(partitions, TimeSpan.FromSeconds(30)))
        {
            committedOffsets[committed.TopicPartition] = committed.Offset.Value < 0 ? 0 : committed.Offset.Value;
            _committed[committed.TopicPartition] = committedOffsets[committed.TopicPartition];
        }

        _tasks.CreateTasks(partitions, committedOffsets, _cancellation);
        TasksChanged?.Invoke([.. _tasks.Tasks.Select(t => t.Id)]);

        _setState(StreamsState.Running);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        if (_assignment is not null)
        {
            OnRevokedIncrementally(_assignment, partitions);
            return;
        }

        _groupMigrating = false;
        if (!_shuttingDown)
        {
            _setState(StreamsState.Rebalancing);
        }

        var ids = string.Join(", ", _tasks.Tasks.Select(t => t.Id));
        CommitAll(closing: true);
        _tasks.CloseAll();
        TasksChanged?.Invoke([]);
        foreach (var tp in partitions)
        {
            _committed.Remove(tp.TopicPartition);
        }

        if (ids.Length > 0)
        {
            Log.TasksRevoked(_logger, ids);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/>, the group consumer's Close or Dispose, on a background thread of its own (made by
    /// the options' thread runner, so a deterministic test scheduler owns it too) and waits for it at most
    /// <see cref="StreamsOptions.ConsumerCloseTimeout"/>: true once it has returned (any failure is logged and ignored: it
    /// was thrown on the closer's thread), false when it still runs at the deadline (logged, event 2010; it is left to finish or hang
    /// on its own).
    /// </summary>
    private bool WithinCloseTimeout(string operation, Action action)
    {
        var runner = _options.ThreadRunner;
        var closer = runner.CreateThread($"{_name}-consumer-{operation.ToLowerInvariant()}", () =>
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // a thread of its own: whatever the consumer throws is logged here, or it would end the process
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "Ignored a failure of the group consumer's {Operation} while shutting down the stream thread.", operation);
            }
        });
        closer.Start();
        if (runner.Join(closer, _options.ConsumerCloseTimeout))
        {
            return true;
        }

        Log.ConsumerCloseTimedOut(_logger, _name, operation, (long)_options.ConsumerCloseTimeout.TotalMilliseconds);
        return false;
    }

    private void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is KafkaException or ObjectDisposedException or InvalidOperationException or StreamsException or IOException)
        {
            _logger.LogWarning(e, "Ignored a failure while shutting down the stream thread.");
        }
    }

    private void PublishProgress()
    {
        var partitions = _committed.Select(kv =>
        {
            long high;
            long position;
            try
            {
                high = _consumer.GetWatermarkOffsets(kv.Key).High.Value;
                position = _consumer.Position(kv.Key).Value;
            }
            catch (KafkaException)
            {
                (high, position) = (-1, -1);
            }

            // No record consumed since the assignment: the consumer starts at the committed offset.
            return new PartitionProgress(kv.Key, kv.Value, high < 0 ? -1 : high, position < 0 ? kv.Value : position);
        }).ToList();
        Progress = new StreamsProgress(_processed, _skipped, _collector.Produced, _commits, partitions);
    }
}
