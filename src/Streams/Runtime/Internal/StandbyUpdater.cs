using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Runtime.Internal;

/// <summary>
/// Keeps this instance's standby replicas warm (<see cref="StreamsOptions.NumStandbyReplicas"/>), as Kafka Streams'
/// state updater does for standby tasks, on its own thread with its own assign-only consumer. Whenever the instance
/// metadata (<see cref="MetadataTracker"/>) changes, it recomputes this instance's standby tasks
/// (<see cref="StandbyPlacement"/>), closes those no longer placed here and opens the new ones
/// (<see cref="StandbyTask"/>); it applies their changelogs continuously, checkpoints every
/// <see cref="StreamsOptions.CommitInterval"/> and on close, and announces its standby tasks in the metadata.
/// </summary>
/// <remarks>
/// Hand-over: a stream thread about to open a task as active calls <see cref="Promote"/> (through
/// <see cref="StateDirectory.ClaimForActive"/>), which closes the standby of that task with its checkpoint before
/// returning, so the active restore reads only the changelog after it. Tasks promoted or announced active here are never
/// opened as standbys. A task whose active owner is unknown for a moment (an eager rebalance revokes every task before
/// assigning them again) keeps its standby open or closed as it was, instead of closing and reopening it.
/// </remarks>
internal sealed class StandbyUpdater : IDisposable
{
    private const int MaxRecordsPerRound = 10_000;
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_retryBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_brokerTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_handoverTimeout = TimeSpan.FromSeconds(60);

    private readonly InternalTopologyBuilder _builder;
    private readonly StreamsOptions _options;
    private readonly StateDirectory _stateDirectory;
    private readonly MetadataTracker _metadata;
    private readonly ILogger _logger;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly ChangelogRestorer _preparer;
    private readonly StandbyUpdateReporter _reporter;
    private readonly HashSet<int> _subtopologiesWithState;
    private readonly Dictionary<TaskId, StandbyTask> _tasks = [];
    private readonly Dictionary<TopicPartition, (StandbyTask Task, StandbyStore Store)> _byPartition = [];
    private readonly HashSet<TaskId> _promoted = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StandbyTaskCount _count;
    private readonly Thread _thread;
    private int _waiting;
    private MetadataSnapshot? _placedFrom;
    private IReadOnlySet<TaskId>? _placedWithActive;
    private bool _reassign;
    private long _retryAt;
    private DateTimeOffset _lastCheckpoint;
    private bool _disposed;

    /// <summary>Creates the updater; <see cref="Start"/> starts its thread.</summary>
    /// <param name="builder">The topology.</param>
    /// <param name="options">The application's options.</param>
    /// <param name="stateDirectory">The application's state directory (task folders are shared with the stream threads).</param>
    /// <param name="metadata">The instance metadata: placement input, and where standby tasks are announced.</param>
    /// <param name="logger">The application's logger.</param>
    public StandbyUpdater(InternalTopologyBuilder builder, StreamsOptions options, StateDirectory stateDirectory, MetadataTracker metadata, ILogger logger)
    {
        _builder = builder;
        _options = options;
        _stateDirectory = stateDirectory;
        _metadata = metadata;
        _logger = logger;
        var name = $"{options.ApplicationId}-StandbyUpdater";
        _consumer = options.ClientSupplier.GetRestoreConsumer(
            ClientRequests.Consumer(KafkaClientRole.StandbyConsumer, ClientConfigs.AssignOnlyConsumer(options, name + "-consumer"), options, _logger));
        _preparer = new ChangelogRestorer(_consumer, stateDirectory, logger, s_brokerTimeout);
        _reporter = new StandbyUpdateReporter(options.StandbyUpdateListener, logger);
        _subtopologiesWithState = builder.Subtopologies
            .Where(s => StandbyTask.KeepsState(builder.BuildTask(s.Id, options.ApplicationId, options.DslStoreSuppliers)))
            .Select(s => s.Id)
            .ToHashSet();
        _count = new StandbyTaskCount(name);
        _thread = options.ThreadRunner.CreateThread(name, Run);
    }

    public void Start()
    {
        StreamsMetrics.Standby.Track(_count);
        _thread.Start();
    }

    /// <summary>
    /// Called by a stream thread before it opens <paramref name="id"/> as an active task: closes the standby of that task
    /// (writing its checkpoint) if there is one, and keeps the task from being opened as a standby until the instance's
    /// active tasks no longer include it. Waits at most for the batch the updater is applying (or the standby it is opening).
    /// </summary>
    /// <param name="id">The task about to open active.</param>
    /// <exception cref="StreamsException">The updater did not release the task within 60 s.</exception>
    public void Promote(TaskId id)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            if (!_gate.TryEnter(s_handoverTimeout))
            {
                throw new StreamsException($"The standby updater did not hand task {id} over within {s_handoverTimeout.TotalSeconds:0} s.");
            }

            try
            {
                _promoted.Add(id);
                if (_tasks.ContainsKey(id))
                {
                    CloseTask(id, StandbyUpdateSuspendReason.Promoted);
                    AnnounceLocked();
                }
            }
            finally
            {
                _gate.Exit();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Stops the thread and closes every standby task with its checkpoint (state directories are kept).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stop.Cancel();
        _options.ThreadRunner.Join(_thread, Timeout.InfiniteTimeSpan);

        lock (_gate)
        {
            foreach (var id in _tasks.Keys.ToList())
            {
                CloseTask(id, StandbyUpdateSuspendReason.Migrated);
            }
        }

        StreamsMetrics.Standby.Untrack(_count);
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // Assign-only and never committing: nothing is lost.
        }

        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        var cancellation = _stop.Token;
        _lastCheckpoint = _options.TimeProvider.GetUtcNow();
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                YieldToHandOvers();
                bool idle;
                lock (_gate)
                {
                    Reconcile();
                    MaybeCheckpoint();
                    idle = _byPartition.Count == 0;
                }

                if (idle)
                {
                    cancellation.WaitHandle.WaitOne(s_pollTimeout);
                    continue;
                }

                var result = _consumer.Consume(s_pollTimeout);
                if (result is null)
                {
                    continue;
                }

                YieldToHandOvers();
                lock (_gate)
                {
                    ApplyRound(result);
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
#pragma warning disable CA1031 // The updater must never die (an exception ending a thread ends the process): the broker is away or a store failed, so start over from the checkpoints after a pause.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.StandbyUpdaterFailed(_logger, e, e.Message, s_retryBackoff.TotalSeconds);
                lock (_gate)
                {
                    foreach (var id in _tasks.Keys.ToList())
                    {
                        CloseTask(id, StandbyUpdateSuspendReason.Migrated);
                    }

                    _placedFrom = null;
                    AnnounceLocked();
                }

                cancellation.WaitHandle.WaitOne(s_retryBackoff);
            }
        }
    }

    /// <summary>A stream thread waits in <see cref="Promote"/>: let it take the gate first (the lock is not fair).</summary>
    private void YieldToHandOvers()
    {
        var spin = default(SpinWait);
        while (Volatile.Read(ref _waiting) > 0 && !_stop.IsCancellationRequested)
        {
            spin.SpinOnce();
        }
    }

    /// <summary>Applies the record just consumed and whatever else is already fetched (bounded), then writes every partial batch.</summary>
    private void ApplyRound(ConsumeResult<byte[], byte[]> first)
    {
        var result = first;
        for (var n = 0; result is not null; n++)
        {
            if (!result.IsPartitionEOF && _byPartition.TryGetValue(result.TopicPartition, out var target) && target.Task.Add(target.Store, result))
            {
                target.Task.Write(target.Store, EndOffset(target.Store.Partition));
            }

            result = n + 1 < MaxRecordsPerRound ? _consumer.Consume(TimeSpan.Zero) : null;
        }

        foreach (var (task, store) in _byPartition.Values)
        {
            task.Write(store, EndOffset(store.Partition));
        }
    }

    /// <summary>Recomputes this instance's standby tasks when the metadata or its active tasks changed, and closes and opens tasks to match.</summary>
    private void Reconcile()
    {
        var snapshot = _metadata.Snapshot;
        var localActive = _metadata.LocalActiveTasks;
        var retry = _retryAt != 0 && Stopwatch.GetTimestamp() >= _retryAt;
        if (ReferenceEquals(snapshot, _placedFrom) && ReferenceEquals(localActive, _placedWithActive) && !retry && !_reassign)
        {
            return;
        }

        _placedFrom = snapshot;
        _placedWithActive = localActive;
        _retryAt = 0;

        // A promoted task is tracked by the announced active tasks once it is announced there.
        _promoted.ExceptWith(localActive);
        var placed = StandbyPlacement.Assign(snapshot.Instances, _options.NumStandbyReplicas, t => _subtopologiesWithState.Contains(t.SubtopologyId))
            .GetValueOrDefault(_metadata.InstanceId) ?? new HashSet<TaskId>();
        var wanted = placed.Concat(_tasks.Keys.Where(t => !snapshot.ActiveOwners.ContainsKey(t)))
            .Where(t => !localActive.Contains(t) && !_promoted.Contains(t))
            .ToHashSet();
        var changed = false;
        foreach (var id in _tasks.Keys.Where(t => !wanted.Contains(t)).ToList())
        {
            CloseTask(id, StandbyUpdateSuspendReason.Migrated);
            changed = true;
        }

        foreach (var id in wanted.Where(t => !_tasks.ContainsKey(t)).Order())
        {
            changed |= OpenTask(id);
        }

        if (changed || _reassign)
        {
            Log.StandbyPlaced(_logger, LogFormat.List(_tasks.Keys.Order()));
            AnnounceLocked();
        }

        if (_reassign)
        {
            _reassign = false;
            Assign();
        }
    }

    private bool OpenTask(TaskId id)
    {
        StandbyTask task;
        try
        {
            task = StandbyTask.Open(id, _builder, _options, _stateDirectory, _preparer, LowWatermark, _reporter, _logger);
        }
#pragma warning disable CA1031 // A standby that cannot open now (its files still held, the broker away) is retried; it must not stop the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StandbyOpenFailed(_logger, id.ToString(), s_retryBackoff.TotalSeconds, e.Message);
            _retryAt = Stopwatch.GetTimestamp() + (long)(s_retryBackoff.TotalSeconds * Stopwatch.Frequency);
            return false;
        }

        _tasks.Add(id, task);
        foreach (var store in task.Stores)
        {
            _byPartition[store.Partition] = (task, store);
        }

        Log.StandbyOpened(_logger, id.ToString(), LogFormat.Offsets(task.Stores.Select(s => KeyValuePair.Create(s.Partition, s.Next)), "from"));
        _reassign = true;
        return true;
    }

    private void CloseTask(TaskId id, StandbyUpdateSuspendReason reason)
    {
        if (!_tasks.Remove(id, out var task))
        {
            return;
        }

        foreach (var store in task.Stores)
        {
            _byPartition.Remove(store.Partition);
        }

        task.Close(reason, EndOffset, _logger);
        _reassign = true;
    }

    /// <summary>Points the consumer at every followed partition, from its position.</summary>
    private void Assign()
    {
        var partitions = _tasks.Values.SelectMany(t => t.Stores).Select(s => new TopicPartitionOffset(s.Partition, new Offset(s.Next))).ToList();
        if (partitions.Count == 0)
        {
            _consumer.Unassign();
        }
        else
        {
            _consumer.Assign(partitions);
        }

        _count.Tasks = _tasks.Count;
    }

    private void MaybeCheckpoint()
    {
        var now = _options.TimeProvider.GetUtcNow();
        if (now - _lastCheckpoint < _options.CommitInterval)
        {
            return;
        }

        _lastCheckpoint = now;
        foreach (var task in _tasks.Values)
        {
            task.Checkpoint();
        }
    }

    /// <summary>Announces the standby tasks open now (metadata for queries: <c>KeyQueryMetadata.StandbyHosts</c>).</summary>
    private void AnnounceLocked() => _metadata.OnStandbyTasksChanged(_tasks.Keys.ToHashSet());

    private long LowWatermark(TopicPartition partition) => _consumer.QueryWatermarkOffsets(partition, s_brokerTimeout).Low.Value;

    /// <summary>The partition's end offset as last fetched (no broker call); -1 before the first fetch.</summary>
    private long EndOffset(TopicPartition partition)
    {
        try
        {
            var high = _consumer.GetWatermarkOffsets(partition).High;
            return high == Offset.Unset ? -1 : high.Value;
        }
        catch (KafkaException)
        {
            return -1;
        }
    }
}
