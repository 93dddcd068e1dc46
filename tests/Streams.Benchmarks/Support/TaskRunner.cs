using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Benchmarks.Support;

/// <summary>
/// Runs the real task code of a topology in process, without Kafka, the way the stream thread does: the
/// global stores are built and loaded first (<c>BuildGlobal</c>), then sub-topology 0 becomes task 0_0
/// (<c>BuildTask</c> + <see cref="TaskContext"/> + <see cref="StreamTask"/>) whose sinks and changelogs write to a
/// <see cref="CountingRecordCollector"/>. Records are added in polls of <see cref="MaxPollRecords"/> and processed
/// after each poll, as <c>StreamThread</c> does. Dispose to close the stores and delete the state directory.
/// </summary>
internal sealed class TaskRunner : IDisposable
{
    /// <summary>Records added per "poll" before processing, as <c>StreamsOptions.MaxPollRecords</c>' default.</summary>
    public const int MaxPollRecords = 1000;

    private readonly string _stateDirectory;
    private readonly StreamTask? _global;
    private readonly StreamTask _task;
    private readonly int _commitEvery;

    public TaskRunner(
        Topology topology,
        IDslStoreSuppliers storeSuppliers,
        string applicationId,
        string sourceTopic,
        CountingRecordCollector collector,
        long cacheMaxBytes = 0,
        int commitEveryRecords = int.MaxValue)
    {
        _commitEvery = commitEveryRecords;
        ArgumentNullException.ThrowIfNull(topology);
        _stateDirectory = Path.Combine(Path.GetTempPath(), "streams-bench", applicationId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Collector = collector;
        SourceTopic = sourceTopic;
        Partition = new TopicPartition(sourceTopic, 0);
        var builder = topology.Builder;
        var globalStores = new Dictionary<string, IStateStore>(StringComparer.Ordinal);
        if (builder.GlobalStores.Count > 0)
        {
            var global = builder.BuildGlobal(storeSuppliers);
            var id = new TaskId(-1, -1);
            var context = new TaskContext(
                applicationId, id, Path.Combine(_stateDirectory, "global"), new CountingRecordCollector(), TimeProvider.System,
                new Dictionary<string, string>(), new Dictionary<string, IStateStore>());
            _global = new StreamTask(id, global, context, [], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
            _global.InitializeStores();
            _global.InitializeTopology();
            foreach (var store in global.Stores)
            {
                globalStores.Add(store.Name, store);
            }
        }

        var sub = builder.Subtopologies.Single(s => s.SourceTopics.Any(t => t.Name == sourceTopic));
        var taskId = new TaskId(sub.Id, 0);
        var processors = builder.BuildTask(sub.Id, applicationId, storeSuppliers, cacheMaxBytes > 0 ? new Streams.State.Internal.RecordCache(cacheMaxBytes) : null);
        var taskContext = new TaskContext(
            applicationId, taskId, Path.Combine(_stateDirectory, taskId.ToString()), collector, TimeProvider.System, processors.ChangelogTopics, globalStores);
        _task = new StreamTask(taskId, processors, taskContext, [Partition], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        _task.InitializeStores();
        _task.InitializeTopology();
    }

    public CountingRecordCollector Collector { get; }

    public string SourceTopic { get; }

    public TopicPartition Partition { get; }

    public long Processed => _task.ProcessedCount;

    /// <summary>Loads global store records (not timed by callers).</summary>
    public void LoadGlobal(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        if (_global is null)
        {
            throw new InvalidOperationException("The topology has no global store.");
        }

        foreach (var r in records)
        {
            _global.AddRecord(r);
            while (_global.Process())
            {
            }
        }
    }

    /// <summary>
    /// Feeds <paramref name="count"/> records produced by <paramref name="record"/> (index to record) and processes them all,
    /// committing (which flushes record caches downstream) every <c>commitEveryRecords</c> records and at the end.
    /// </summary>
    public void Run(int count, Func<int, ConsumeResult<byte[], byte[]>> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sinceCommit = 0;
        for (var start = 0; start < count; start += MaxPollRecords)
        {
            var end = Math.Min(count, start + MaxPollRecords);
            for (var i = start; i < end; i++)
            {
                _task.AddRecord(record(i));
            }

            while (_task.Process())
            {
            }

            sinceCommit += end - start;
            if (sinceCommit >= _commitEvery)
            {
                _task.PrepareCommit();
                Collector.Flush();
                sinceCommit = 0;
            }
        }

        // As a commit: stores flush (their changelog writes reach the collector), then the collector flushes.
        _task.PrepareCommit();
        Collector.Flush();
    }

    public void Dispose()
    {
        _task.Close();
        _global?.Close();
        try
        {
            if (Directory.Exists(_stateDirectory))
            {
                Directory.Delete(_stateDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
