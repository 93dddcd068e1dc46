using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// One standby replica of a task, as Kafka Streams' <c>StandbyTask</c>: the task's stores opened in its state directory
/// (never processing, never writing changelogs), with the persistent stores that have their own changelog fed from it
/// through the same batch path as a restore (<see cref="ChangelogPartitionRestore"/>). Opening validates and consumes the
/// checkpoint exactly as an active task does (<see cref="ChangelogRestorer.PrepareTask"/>: stale or uncheckpointed state
/// is wiped); <see cref="Checkpoint"/> flushes the stores and writes it again. Used by <see cref="StandbyUpdater"/>'s
/// thread only.
/// </summary>
internal sealed class StandbyTask
{
    private const int BatchSize = 1000;

    private readonly StreamTask _task;
    private readonly StandbyUpdateReporter _reporter;
    private readonly Dictionary<TopicPartition, long> _unfollowed = [];
    private bool _dirty;

    private StandbyTask(StreamTask task, StandbyUpdateReporter reporter)
    {
        _task = task;
        _reporter = reporter;
    }

    public TaskId Id => _task.Id;

    /// <summary>The stores this standby updates, one per changelog partition it follows.</summary>
    public IReadOnlyList<StandbyStore> Stores { get; private set; } = [];

    /// <summary>Whether a sub-topology's tasks have state a standby keeps: a persistent store with its own changelog.</summary>
    public static bool KeepsState(ProcessorTopology topology) =>
        topology.Stores.Any(s => s.Persistent && topology.ChangelogTopics.ContainsKey(s.Name));

    /// <summary>
    /// Opens the standby: builds the task's stores (without record cache), validates and consumes its checkpoint, opens
    /// the stores (rebuilding a store that wiped its corrupt files from scratch, as an active task does) and reports where
    /// each followed store starts.
    /// </summary>
    /// <param name="id">The task.</param>
    /// <param name="builder">The topology.</param>
    /// <param name="options">The application's options (application id, store suppliers, clock).</param>
    /// <param name="stateDirectory">The application's state directory.</param>
    /// <param name="preparer">Checks checkpoints against the changelog ends (its consumer is the updater's).</param>
    /// <param name="watermarks">The first retained offset of a changelog partition.</param>
    /// <param name="reporter">Where starts, batches and suspensions are reported.</param>
    /// <param name="logger">The application's logger.</param>
    /// <returns>The open standby.</returns>
    /// <exception cref="Exception">Anything opening the stores throws (the stores that did open are closed first).</exception>
    public static StandbyTask Open(
        TaskId id,
        InternalTopologyBuilder builder,
        StreamsOptions options,
        StateDirectory stateDirectory,
        ChangelogRestorer preparer,
        Func<TopicPartition, long> watermarks,
        StandbyUpdateReporter reporter,
        ILogger logger)
    {
        IReadOnlyDictionary<TopicPartition, long>? wiped = null;
        while (true)
        {
            var topology = builder.BuildTask(id.SubtopologyId, options.ApplicationId, options.DslStoreSuppliers);
            var checkpoint = wiped ?? preparer.PrepareTask(id, topology);
            var context = new TaskContext(
                options.ApplicationId, id, stateDirectory.TaskDirectory(id), NoWritesCollector.Instance, options.TimeProvider, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
            var task = new StreamTask(id, topology, context, [], options.DeserializationExceptionHandler, logger);
            var standby = new StandbyTask(task, reporter);
            try
            {
                task.InitializeStores();
                standby.Follow(checkpoint, watermarks);
                return standby;
            }
            catch (StateStoreWipedException e) when (wiped is null)
            {
                task.Close();
                wiped = preparer.WipeCorruptTask(id, e);
            }
            catch
            {
                task.Close();
                throw;
            }
        }
    }

    /// <summary>Adds a changelog record read for <paramref name="store"/> to its batch (records before its position are ignored: re-delivered after a re-assignment).</summary>
    /// <returns>Whether the batch is full and should be written now.</returns>
    public bool Add(StandbyStore store, ConsumeResult<byte[], byte[]> result)
    {
        var offset = result.Offset.Value;
        if (offset < store.Next)
        {
            return false;
        }

        if (result.Message.Key is not null)
        {
            store.Restore.Add(result.Message, offset);
        }

        store.Next = offset + 1;
        _dirty = true;
        return store.Restore.Count >= BatchSize;
    }

    /// <summary>Writes the batch being filled for <paramref name="store"/> (if any) and reports it.</summary>
    /// <param name="store">The store.</param>
    /// <param name="currentEndOffset">The partition's end offset as last seen.</param>
    public void Write(StandbyStore store, long currentEndOffset)
    {
        var count = store.Restore.Count;
        if (count == 0)
        {
            return;
        }

        var batchEnd = store.Restore.LastOffset;
        store.Restore.TakeBatch()();
        store.Restore.EndBulk();
        _reporter.BatchLoaded(store.Partition, store.StoreName, Id, batchEnd, count, Math.Max(currentEndOffset, batchEnd + 1));
    }

    /// <summary>Flushes the stores and writes the task's checkpoint, when anything was applied since the last one.</summary>
    /// <returns>The offsets written; null when nothing changed.</returns>
    public IReadOnlyDictionary<TopicPartition, long>? Checkpoint(bool force = false)
    {
        if (!_dirty && !force)
        {
            return null;
        }

        foreach (var store in _task.Topology.Stores)
        {
            store.Flush();
        }

        var offsets = new Dictionary<TopicPartition, long>(_unfollowed);
        foreach (var store in Stores)
        {
            offsets[store.Partition] = store.Next;
        }

        TaskCheckpoint.Write(_task.Context.StateDirectory, offsets);
        _dirty = false;
        return offsets;
    }

    /// <summary>
    /// Writes what is pending, checkpoints (so that whoever opens the task next, active or standby, reads only what
    /// follows), reports the suspension of every store, and closes the stores. Their files stay in the task directory.
    /// </summary>
    /// <param name="reason">Why the standby closes.</param>
    /// <param name="endOffsets">The end offset of a changelog partition as last seen.</param>
    /// <param name="logger">The application's logger.</param>
    public void Close(StandbyUpdateSuspendReason reason, Func<TopicPartition, long> endOffsets, ILogger logger)
    {
        var checkpointed = false;
        try
        {
            foreach (var store in Stores)
            {
                Write(store, endOffsets(store.Partition));
            }

            var offsets = Checkpoint(force: true)!;
            checkpointed = true;
            Log.StandbyClosed(logger, Id.ToString(), reason.ToString(), LogFormat.Offsets(offsets));
        }
#pragma warning disable CA1031 // Whatever failed, the stores must be closed (releasing their files); without a checkpoint the next open restores from the changelog.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StandbyCloseFailed(logger, Id.ToString(), e.Message);
        }
        finally
        {
            foreach (var store in Stores)
            {
                // The store holds the changelog up to its position only when that was checkpointed; else nothing is known to be in it.
                _reporter.Suspended(store.Partition, store.StoreName, checkpointed ? store.Next - 1 : -1, Math.Max(endOffsets(store.Partition), store.Next), reason);
            }

            try
            {
                _task.Close();
            }
#pragma warning disable CA1031 // A store that fails to close is logged; the updater goes on with the other tasks.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.StandbyCloseFailed(logger, Id.ToString(), e.Message);
            }
        }
    }

    /// <summary>Picks the followed stores and their start offsets; remembers the checkpointed offsets of the changelogs it does not follow.</summary>
    private void Follow(IReadOnlyDictionary<TopicPartition, long> checkpoint, Func<TopicPartition, long> watermarks)
    {
        var topology = _task.Topology;
        var stores = new List<StandbyStore>();
        foreach (var (storeName, topic) in topology.ChangelogTopics.Concat(topology.SourceChangelogTopics))
        {
            var tp = new TopicPartition(topic, Id.Partition);
            var followed = !topology.SourceChangelogTopics.ContainsKey(storeName)
                && topology.Stores.Any(s => s.Persistent && string.Equals(s.Name, storeName, StringComparison.Ordinal));
            if (!followed)
            {
                // In-memory stores start empty when the task opens active (their offset is ignored); a source-topic changelog
                // is restored up to the committed input offset, which a standby does not know: the store keeps what the
                // checkpoint says, and 0 after a wipe is true of an empty store.
                _unfollowed[tp] = checkpoint.GetValueOrDefault(tp);
                continue;
            }

            var low = watermarks(tp);
            var start = checkpoint.TryGetValue(tp, out var c) ? Math.Max(c, low) : low;
            var progress = new StoreRestoreProgress(Id.ToString(), tp, storeName, start, start);
            stores.Add(new StandbyStore(storeName, tp, new ChangelogPartitionRestore(progress, _task.Context.Restorers[storeName], timestampedValues: false, BatchSize), start));
        }

        Stores = stores;
        foreach (var store in stores)
        {
            _reporter.Started(store.Partition, store.StoreName, store.Next);
        }
    }

    /// <summary>A standby never processes, so its stores never write to a changelog.</summary>
    private sealed class NoWritesCollector : IRecordCollector
    {
        public static readonly NoWritesCollector Instance = new();

        public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets { get; } = new Dictionary<TopicPartition, long>();

        public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition) =>
            throw new InvalidOperationException($"A standby task never writes records (attempted '{topic}').");

        public void Flush()
        {
        }
    }
}

/// <summary>One changelog partition a standby follows into one store.</summary>
/// <param name="storeName">The store.</param>
/// <param name="partition">Its changelog partition.</param>
/// <param name="restore">The batch being filled, in the shape the store's restore callback takes.</param>
/// <param name="start">The first offset to read.</param>
internal sealed class StandbyStore(string storeName, TopicPartition partition, ChangelogPartitionRestore restore, long start)
{
    public string StoreName { get; } = storeName;

    public TopicPartition Partition { get; } = partition;

    public ChangelogPartitionRestore Restore { get; } = restore;

    /// <summary>The next changelog offset to apply: every record before it is in the store (once flushed).</summary>
    public long Next { get; set; } = start;
}
