using Streams.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Processor.Internal;

/// <summary>
/// Per-task state shared by the task's nodes: record context, stream time, stores and their restore
/// callbacks, punctuation schedules and the record collector. Implements the store-facing contexts.
/// </summary>
internal sealed partial class TaskContext : IStateStoreContext, IChangelogContext
{
    private readonly Dictionary<string, IStateStore> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStateRestoreCallback> _restorers = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, IStateStore> _globalStores;
    private readonly IReadOnlyDictionary<string, string> _changelogTopics;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Confluent.Kafka.TopicPartition> _changelogPartitions = new(StringComparer.Ordinal);
    private readonly List<PunctuationSchedule> _schedules = [];

    // The schedules as of the last change: a punctuator may schedule or cancel while they fire. Rebuilt only on a change,
    // not on every Punctuate call (one per processed record).
    private PunctuationSchedule[]? _snapshot;

    public TaskContext(
        string applicationId,
        TaskId taskId,
        string stateDirectory,
        IRecordCollector collector,
        TimeProvider time,
        IReadOnlyDictionary<string, string> changelogTopics,
        IReadOnlyDictionary<string, IStateStore> globalStores)
    {
        ApplicationId = applicationId;
        TaskId = taskId;
        StateDirectory = stateDirectory;
        Collector = collector;
        _time = time;
        _changelogTopics = changelogTopics;
        _globalStores = globalStores;
    }

    public string ApplicationId { get; }

    public TaskId TaskId { get; }

    public string StateDirectory { get; }

    /// <summary>
    /// Held by the stream thread while it processes a batch of this task, punctuates, restores or commits it, and by
    /// interactive queries for each read of the task's stores: the stores are never read and written at the same time.
    /// </summary>
    public object QueryLock { get; } = new();

    /// <summary>The task's logger (set by <see cref="StreamTask"/>); processors log through <see cref="DroppedRecords"/>.</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IRecordCollector Collector { get; }

    /// <summary>The error handlers and dead-letter topic (set by whoever creates the task; Kafka Streams' defaults otherwise).</summary>
    public TaskErrorHandling Errors { get; set; } = TaskErrorHandling.Default;

    /// <summary>The input record being processed (raw bytes for error handlers); null while punctuating or committing.</summary>
    public Confluent.Kafka.ConsumeResult<byte[], byte[]>? CurrentRecord => _current;

    /// <summary>Metadata of the record being processed, created on first access (most records never need it).</summary>
    public RecordMetadata? RecordMetadata
    {
        get => _metadata ??= _current is null ? null : new RecordMetadata(_current.Topic, _current.Partition.Value, _current.Offset.Value);
        set
        {
            _metadata = value;
            _current = null;
        }
    }

    private Confluent.Kafka.ConsumeResult<byte[], byte[]>? _current;
    private RecordMetadata? _metadata;

    /// <summary>Makes <paramref name="record"/> the one being processed.</summary>
    public void SetCurrentRecord(Confluent.Kafka.ConsumeResult<byte[], byte[]>? record)
    {
        _current = record;
        _metadata = null;
    }

    /// <summary>Largest processed record timestamp; -1 before the first record (Kafka Streams' UNKNOWN).</summary>
    public long StreamTime { get; set; } = -1;

    public long RecordTimestamp { get; set; }

    public long SystemTimeMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public string? CurrentNode { get; set; }

    public bool CommitRequested { get; set; }

    public IReadOnlyDictionary<string, IStateRestoreCallback> Restorers => _restorers;

    public IReadOnlyDictionary<string, string> ChangelogTopics => _changelogTopics;

    public void AddStore(IStateStore store) => _stores.Add(store.Name, store);

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(restoreCallback);
        _restorers[store.Name] = restoreCallback;
    }

    public bool IsGlobalStore(string name) => _globalStores.ContainsKey(name);

    public TStore GetStore<TStore>(string name)
        where TStore : class
    {
        if (!_stores.TryGetValue(name, out var store) && !_globalStores.TryGetValue(name, out store))
        {
            throw new InvalidOperationException($"Task {TaskId} has no state store named '{name}'.");
        }

        return store as TStore
            ?? throw new InvalidOperationException($"State store '{name}' is a {store.GetType().Name}, not a {typeof(TStore).Name}.");
    }

    public bool IsLoggingEnabled(string storeName) => _changelogTopics.ContainsKey(storeName);

    public void LogChange(string storeName, byte[] key, byte[]? value, long timestamp)
    {
        // One TopicPartition per changelog of the task, made at its first change.
        if (!_changelogPartitions.TryGetValue(storeName, out var partition))
        {
            partition = new Confluent.Kafka.TopicPartition(_changelogTopics[storeName], TaskId.Partition);
            _changelogPartitions[storeName] = partition;
        }

        Collector.Send(partition, key, value, timestamp);
    }

    public IDisposable Schedule(string nodeName, TimeSpan interval, PunctuationType type, Action<long> punctuator)
    {
        ArgumentNullException.ThrowIfNull(punctuator);
        var ms = (long)interval.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(ms, 1L, nameof(interval));

        // As Kafka Streams: stream-time schedules align to 0 and fire with the first record;
        // wall-clock schedules fire one interval from now.
        var first = type == PunctuationType.StreamTime ? 0L : SystemTimeMs + ms;
        var schedule = new PunctuationSchedule(nodeName, type, ms, first, punctuator, this);
        _schedules.Add(schedule);
        _snapshot = null;
        return schedule;
    }

    /// <summary>Fires the due schedules of one type; returns true when any fired.</summary>
    public bool Punctuate(PunctuationType type, long now)
    {
        if (_schedules.Count == 0 || now < 0)
        {
            return false;
        }

        var fired = false;
        foreach (var s in _snapshot ??= [.. _schedules])
        {
            if (s.Type != type || s.Cancelled || now < s.Next)
            {
                continue;
            }

            var previous = (_current, _metadata, CurrentNode, RecordTimestamp);
            RecordMetadata = null;
            CurrentNode = s.NodeName;
            RecordTimestamp = now;
            try
            {
                s.Callback(now);
            }
            catch (Exception ex) when (ex is not StreamsException)
            {
                // As Kafka Streams 4.x: the processing exception handler decides; Continue skips this firing.
                Errors.OnProcessingError(this, s.NodeName, null, null, ex, punctuating: true);
            }
            finally
            {
                (_current, _metadata, CurrentNode, RecordTimestamp) = previous;
            }

            // Skipped intervals are not replayed: the next time is the next boundary after now.
            var missed = (now - s.Next) / s.IntervalMs;
            s.Next += (missed + 1) * s.IntervalMs;
            fired = true;
        }

        return fired;
    }

    private sealed class PunctuationSchedule(
        string nodeName, PunctuationType type, long intervalMs, long next, Action<long> callback, TaskContext owner) : IDisposable
    {
        public string NodeName { get; } = nodeName;

        public PunctuationType Type { get; } = type;

        public long IntervalMs { get; } = intervalMs;

        public long Next { get; set; } = next;

        public Action<long> Callback { get; } = callback;

        public bool Cancelled { get; private set; }

        public void Dispose()
        {
            Cancelled = true;
            owner._schedules.Remove(this);
            owner._snapshot = null;
        }
    }
}
