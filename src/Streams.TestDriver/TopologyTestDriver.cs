using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.TestDriver.Internal;

namespace Streams.TestDriver;

/// <summary>
/// Runs a <see cref="Topology"/> in memory, synchronously and without a broker, as Kafka Streams'
/// <c>TopologyTestDriver</c>. It runs the real task code: one <c>StreamTask</c> per sub-topology (task
/// <c>{subtopology}_0</c>: every topic has a single partition 0) with the real processor nodes and store
/// layers, plus one task that keeps the global stores, which is initialized first.
/// <para>
/// Pipe records with <see cref="CreateInputTopic{TKey, TValue}(string, ISerde{TKey}, ISerde{TValue})"/>;
/// each pipe call returns once the record and everything it caused is processed: records the topology
/// writes to a topic it reads itself (repartition topics, or a user topic another sub-topology reads) are
/// fed back and processed before the call returns, and records written to a global table's topic update its
/// store. Everything written (sinks, repartition and changelog topics) is captured per topic and read with
/// <see cref="CreateOutputTopic{TKey, TValue}"/>. Input offsets count from 0 per topic. After each
/// processed record the task commits (stores are flushed: caches write through and forward downstream), as Kafka's
/// driver does; persistent stores are not fsynced at each of these commits but when the driver is disposed.
/// </para>
/// <para>
/// Wall-clock time is a mock clock that only <see cref="AdvanceWallClockTime"/> moves; stream time moves
/// with record timestamps as in a real task, and stream-time punctuations fire while records are processed.
/// Not thread-safe. Dispose it to close the tasks and stores.
/// </para>
/// </summary>
public sealed partial class TopologyTestDriver : IDisposable
{
    private readonly string _stateDirectory;
    private readonly bool _ownsStateDirectory;
    private readonly ManualTimeProvider _time;
    private readonly Topology _topology;
    private readonly List<StreamTask> _tasks = [];
    private readonly StreamTask? _globalTask;
    private readonly Dictionary<string, StreamTask> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStateStore> _stores = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>
    /// Creates the tasks of <paramref name="topology"/>, opens their stores and initializes their processors:
    /// global stores first, then one task per sub-topology in id order.
    /// </summary>
    /// <param name="topology">The topology to run; the driver builds its own node and store instances from it.</param>
    /// <param name="options">Settings; null uses <see cref="TopologyTestDriverOptions"/> defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> or a required option is null.</exception>
    /// <exception cref="ArgumentException">The application id is empty or has characters other than ASCII letters, digits, '.', '_' and '-'.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The initial wall-clock time is before the Unix epoch.</exception>
    /// <exception cref="TopologyException">A processor cannot be wired (for example a store it needs is missing).</exception>
    public TopologyTestDriver(Topology topology, TopologyTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var o = options ?? new TopologyTestDriverOptions();
        Validate(o);
        _topology = topology;
        ApplicationId = o.ApplicationId;
        _time = new ManualTimeProvider(o.InitialWallClockTime);
        _ownsStateDirectory = o.StateDirectory is null;
        _stateDirectory = o.StateDirectory ?? Path.Combine(Path.GetTempPath(), "streams-test-driver-" + Guid.NewGuid().ToString("N"));
        try
        {
            var logger = o.LoggerFactory.CreateLogger<TopologyTestDriver>();
            var builder = topology.Builder;
            var globalStores = new Dictionary<string, IStateStore>(StringComparer.Ordinal);
            if (builder.GlobalStores.Count > 0)
            {
                var global = builder.BuildGlobal(o.DslStoreSuppliers);

                // The global store's topic is its changelog: nothing is logged, so no changelog topics here.
                _globalTask = CreateTask(new TaskId(-1, -1), "global", global, new Dictionary<string, string>(), globalStores, o, logger);
                foreach (var store in global.Stores)
                {
                    globalStores.Add(store.Name, store);
                }
            }

            var cache = o.StateStoreCacheMaxBytes > 0 ? new RecordCache(o.StateStoreCacheMaxBytes) : null;
            foreach (var sub in builder.Subtopologies)
            {
                var id = new TaskId(sub.Id, 0);
                var task = builder.BuildTask(sub.Id, ApplicationId, o.DslStoreSuppliers, cache);
                _tasks.Add(CreateTask(id, id.ToString(), task, task.ChangelogTopics, globalStores, o, logger));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The application id the topology runs under (prefix of internal topic names).</summary>
    public string ApplicationId { get; }

    /// <summary>The mock wall-clock time the tasks read; moves only with <see cref="AdvanceWallClockTime"/>.</summary>
    public DateTimeOffset WallClockTime => _time.GetUtcNow();

    /// <summary>
    /// Every topic the topology has written to so far, including repartition topics
    /// (<c>{applicationId}-{name}-repartition</c>) and changelog topics (<c>{applicationId}-{store}-changelog</c>),
    /// whether or not their records were read, as Kafka Streams' <c>producedTopicNames</c>.
    /// </summary>
    public IReadOnlySet<string> ProducedTopicNames => new HashSet<string>(Collector.ProducedTopics, StringComparer.Ordinal);

    internal TestRecordCollector Collector { get; } = new();

    /// <summary>
    /// Creates a topic to pipe records into; records piped without a timestamp get the driver's current
    /// wall-clock time, which does not advance by itself (as Kafka's <c>createInputTopic</c> without start and advance).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">A topic the topology reads: a source topic, a global table's topic, or a decorated internal topic.</param>
    /// <param name="keySerde">Serializes the keys.</param>
    /// <param name="valueSerde">Serializes the values.</param>
    /// <returns>The input topic.</returns>
    /// <exception cref="ArgumentException">The topology does not read <paramref name="topic"/>; the message lists the topics it reads.</exception>
    /// <exception cref="ArgumentNullException">A serde is null.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        CreateInputTopic(topic, keySerde, valueSerde, WallClockTime, TimeSpan.Zero);

    /// <summary>
    /// Creates a topic to pipe records into whose auto timestamps start at <paramref name="startTimestamp"/>
    /// and advance by <paramref name="autoAdvance"/> after each record piped without a timestamp, as Kafka
    /// Streams' <c>createInputTopic(topic, keySerializer, valueSerializer, startTimestamp, autoAdvance)</c>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">A topic the topology reads.</param>
    /// <param name="keySerde">Serializes the keys.</param>
    /// <param name="valueSerde">Serializes the values.</param>
    /// <param name="startTimestamp">The first auto timestamp; not before the Unix epoch.</param>
    /// <param name="autoAdvance">The step after each auto-stamped record; not negative.</param>
    /// <returns>The input topic.</returns>
    /// <exception cref="ArgumentException">The topology does not read <paramref name="topic"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The start is before the epoch or the step is negative.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(
        string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, DateTimeOffset startTimestamp, TimeSpan autoAdvance)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        ArgumentOutOfRangeException.ThrowIfLessThan(startTimestamp, DateTimeOffset.UnixEpoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(autoAdvance, TimeSpan.Zero);
        RequireConsumed(topic);
        return new TestInputTopic<TKey, TValue>(this, topic, keySerde, valueSerde, startTimestamp, autoAdvance);
    }

    /// <summary>
    /// Creates a reader of a topic the topology writes: a sink topic, a repartition topic or a changelog topic.
    /// The topic need not have been written yet.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="topic">The topic name (internal topics with their <c>{applicationId}-</c> prefix).</param>
    /// <param name="keySerde">Deserializes the keys.</param>
    /// <param name="valueSerde">Deserializes the values.</param>
    /// <returns>The output topic.</returns>
    /// <exception cref="ArgumentNullException">A serde is null.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public TestOutputTopic<TKey, TValue> CreateOutputTopic<TKey, TValue>(string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        return new TestOutputTopic<TKey, TValue>(this, topic, keySerde, valueSerde);
    }

    /// <summary>
    /// Advances the mock wall clock, fires the wall-clock punctuations that became due and processes what
    /// they wrote, as Kafka Streams' <c>advanceWallClockTime</c>. Each due schedule fires once per call, with
    /// the new time, even when the advance spans several intervals (missed intervals are skipped, as in
    /// Kafka Streams).
    /// </summary>
    /// <param name="advance">How far to move the clock; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="advance"/> is negative.</exception>
    /// <exception cref="StreamsException">A punctuator or a processor downstream of it threw.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public void AdvanceWallClockTime(TimeSpan advance)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        _time.Advance(advance);
        foreach (var task in _tasks)
        {
            if (Run(task, task.PunctuateWallClock, "punctuating (wall-clock time)"))
            {
                Commit(task);
            }
        }

        ProcessUntilIdle();
    }

    /// <summary>Returns a task's or a global store by name, as Kafka Streams' <c>getStateStore</c>.</summary>
    /// <param name="name">The store name.</param>
    /// <returns>The outermost layer of the store, or null when the topology has no store of that name.</returns>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public IStateStore? GetStateStore(string name)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(name);
        return _stores.GetValueOrDefault(name);
    }

    /// <summary>Every store of the topology, global stores included, by name, as Kafka Streams' <c>getAllStateStores</c>.</summary>
    /// <returns>The stores.</returns>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public IReadOnlyDictionary<string, IStateStore> GetAllStateStores()
    {
        ThrowIfDisposed();
        return new Dictionary<string, IStateStore>(_stores, StringComparer.Ordinal);
    }

    /// <summary>
    /// Returns a key-value store. A timestamped store (every DSL store is one) is returned as a view that drops
    /// the timestamps on reads and writes <c>-1</c> (no timestamp) on puts, as Kafka Streams' <c>getKeyValueStore</c>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store, or null when the topology has no store of that name.</returns>
    /// <exception cref="InvalidOperationException">The store is not a key-value store of these types; the message says what it is.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public IKeyValueStore<TKey, TValue>? GetKeyValueStore<TKey, TValue>(string name) => GetStateStore(name) switch
    {
        null => null,
        IKeyValueStore<TKey, TValue> plain => plain,
        ITimestampedKeyValueStore<TKey, TValue> stamped => new KeyValueStoreFacade<TKey, TValue>(stamped),
        var other => throw WrongKind(other, typeof(IKeyValueStore<TKey, TValue>)),
    };

    /// <summary>Returns a timestamped key-value store, as Kafka Streams' <c>getTimestampedKeyValueStore</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (without timestamp).</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store, or null when the topology has no store of that name.</returns>
    /// <exception cref="InvalidOperationException">The store is not a timestamped key-value store of these types.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public ITimestampedKeyValueStore<TKey, TValue>? GetTimestampedKeyValueStore<TKey, TValue>(string name) => GetStateStore(name) switch
    {
        null => null,
        ITimestampedKeyValueStore<TKey, TValue> stamped => stamped,
        var other => throw WrongKind(other, typeof(ITimestampedKeyValueStore<TKey, TValue>)),
    };

    /// <summary>
    /// Returns a window store. A timestamped window store (every DSL window store is one) is returned as a view
    /// that drops the timestamps on reads and stamps puts with the window start, as Kafka Streams' <c>getWindowStore</c>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store, or null when the topology has no store of that name.</returns>
    /// <exception cref="InvalidOperationException">The store is not a window store of these types.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public IWindowStore<TKey, TValue>? GetWindowStore<TKey, TValue>(string name) => GetStateStore(name) switch
    {
        null => null,
        IWindowStore<TKey, TValue> plain => plain,
        ITimestampedWindowStore<TKey, TValue> stamped => new WindowStoreFacade<TKey, TValue>(stamped),
        var other => throw WrongKind(other, typeof(IWindowStore<TKey, TValue>)),
    };

    /// <summary>Returns a timestamped window store, as Kafka Streams' <c>getTimestampedWindowStore</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (without timestamp).</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store, or null when the topology has no store of that name.</returns>
    /// <exception cref="InvalidOperationException">The store is not a timestamped window store of these types.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public ITimestampedWindowStore<TKey, TValue>? GetTimestampedWindowStore<TKey, TValue>(string name) => GetStateStore(name) switch
    {
        null => null,
        ITimestampedWindowStore<TKey, TValue> stamped => stamped,
        var other => throw WrongKind(other, typeof(ITimestampedWindowStore<TKey, TValue>)),
    };

    /// <summary>
    /// Closes every processor and store and deletes the state directory when the driver created it.
    /// Further calls do nothing; creating topics, piping and reading stores afterwards throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            foreach (var task in _tasks)
            {
                task.Close();
            }

            _globalTask?.Close();
        }
        finally
        {
            if (_ownsStateDirectory && Directory.Exists(_stateDirectory))
            {
                Directory.Delete(_stateDirectory, recursive: true);
            }
        }
    }

    /// <summary>Appends a serialized record to an input topic and processes until no task has buffered records.</summary>
    internal void Pipe(string topic, byte[]? key, byte[]? value, Headers headers, long timestampMs)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(timestampMs);
        var task = RequireConsumed(topic);
        task.AddRecord(TestRecordCollector.ToConsumeResult(topic, Collector.NextOffset(topic), key, value, headers, timestampMs));
        ProcessUntilIdle();
    }

    private static void Validate(TopologyTestDriverOptions options)
    {
        var id = options.ApplicationId;
        ArgumentNullException.ThrowIfNull(id, nameof(options.ApplicationId));
        if (id.Length == 0 || id.Length > 249 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            throw new ArgumentException(
                $"Application id '{id}' is illegal: use 1 to 249 ASCII letters, digits, '.', '_' or '-' (it prefixes topic names).", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.DslStoreSuppliers, nameof(options.DslStoreSuppliers));
        ArgumentNullException.ThrowIfNull(options.DeserializationExceptionHandler, nameof(options.DeserializationExceptionHandler));
        ArgumentNullException.ThrowIfNull(options.ProcessingExceptionHandler, nameof(options.ProcessingExceptionHandler));
        ArgumentNullException.ThrowIfNull(options.ProductionExceptionHandler, nameof(options.ProductionExceptionHandler));
        ArgumentNullException.ThrowIfNull(options.LoggerFactory, nameof(options.LoggerFactory));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InitialWallClockTime, DateTimeOffset.UnixEpoch, nameof(options.InitialWallClockTime));
        if (options.StateDirectory is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.StateDirectory, nameof(options.StateDirectory));
        }
    }

    private static bool Run(StreamTask task, Func<bool> step, string what)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            // Kafka Streams wraps punctuator failures the same way; record failures are wrapped by the task itself.
            throw new StreamsException($"Exception caught in task {task.Id} while {what}: {ex.Message}", ex);
        }
    }

    private static InvalidOperationException WrongKind(IStateStore store, Type requested)
    {
        Type[] kinds = [typeof(ITimestampedKeyValueStore<,>), typeof(ITimestampedWindowStore<,>), typeof(IVersionedKeyValueStore<,>), typeof(IKeyValueStore<,>), typeof(IWindowStore<,>), typeof(ISessionStore<,>)];
        var actual = kinds
            .SelectMany(k => store.GetType().GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == k))
            .FirstOrDefault();
        return new InvalidOperationException(
            $"State store '{store.Name}' is {(actual is null ? "a " + store.GetType().Name : "an " + Display(actual))}, not an {Display(requested)}.");
    }

    private static string Display(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Display))}>" : type.Name;

    private StreamTask CreateTask(
        TaskId id,
        string directoryName,
        ProcessorTopology topology,
        IReadOnlyDictionary<string, string> changelogTopics,
        IReadOnlyDictionary<string, IStateStore> globalStores,
        TopologyTestDriverOptions options,
        ILogger logger)
    {
        var directory = Path.Combine(_stateDirectory, ApplicationId, directoryName);
        Directory.CreateDirectory(directory);
        var context = new TaskContext(ApplicationId, id, directory, Collector, _time, changelogTopics, globalStores)
        {
            Errors = new TaskErrorHandling(options.ProcessingExceptionHandler, options.ProductionExceptionHandler, options.DeadLetterQueueTopicName),
        };
        var partitions = topology.SourcesByTopic.Keys.Select(t => new TopicPartition(t, 0)).ToList();
        var task = new StreamTask(id, topology, context, partitions, options.DeserializationExceptionHandler, logger);
        foreach (var topic in topology.SourcesByTopic.Keys)
        {
            _consumers.Add(topic, task);
        }

        foreach (var store in topology.Stores)
        {
            _stores.Add(store.Name, store);
        }

        task.InitializeStores();
        task.InitializeTopology();
        return task;
    }

    private void ProcessUntilIdle()
    {
        while (true)
        {
            while (Collector.TryTakeUnrouted(out var produced))
            {
                if (_consumers.TryGetValue(produced.Topic, out var consumer))
                {
                    consumer.AddRecord(produced.ToConsumeResult());
                }
            }

            // Global updates first, so that a table update written by the topology is visible to later records.
            var next = _globalTask is { Buffered: > 0 } ? _globalTask : _tasks.Find(t => t.Buffered > 0);
            if (next is null)
            {
                return;
            }

            Run(next, next.Process, "processing");
            Commit(next);
        }
    }

    /// <summary>
    /// Commits a task as Kafka's driver does after every record: every store is flushed, so caches write through to the
    /// stores and changelogs and forward downstream. Persistent stores skip the fsync of a real commit (RocksDB's
    /// write-ahead log is written, not synced; it is synced when the store closes): an fsync per store per record made
    /// the driver a hundred times slower with RocksDB stores, and nothing a test observes depends on it.
    /// </summary>
    private static void Commit(StreamTask task)
    {
        using (StoreFlush.WithoutSync())
        {
            task.FlushStores();
        }
    }

    private StreamTask RequireConsumed(string topic)
    {
        if (_consumers.TryGetValue(topic, out var task))
        {
            return task;
        }

        var sources = _topology.SourceTopics.Order(StringComparer.Ordinal).ToList();
        var internals = _consumers.Keys.Except(sources, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var also = internals.Count == 0 ? string.Empty : $" and the internal topics [{string.Join(", ", internals)}]";
        throw new ArgumentException(
            $"Unknown topic '{topic}': the topology does not read it. It reads the source topics [{string.Join(", ", sources)}]{also}.", nameof(topic));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
