using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Errors;
using Streams.Internal;
using Streams.State;

namespace Streams.Processor.Internal;

/// <summary>
/// Runs one task: buffers its partitions' records, processes them in timestamp order through its own
/// node instances, tracks stream time, fires punctuations and prepares commits, as Kafka Streams'
/// <c>StreamTask</c>. Used unchanged by the Kafka runtime and by the test driver. Single-threaded.
/// </summary>
internal sealed class StreamTask
{
    private readonly PartitionGroup _group = new();
    private readonly IDeserializationExceptionHandler _deserializationHandler;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _taskTag;
    private readonly string _taskIdText;
    private RecordQueue? _lastQueue;
    private bool _storesInitialized;
    private bool _topologyInitialized;

    public StreamTask(
        TaskId id,
        ProcessorTopology topology,
        TaskContext context,
        IEnumerable<TopicPartition> partitions,
        IDeserializationExceptionHandler deserializationHandler,
        ILogger logger)
    {
        Id = id;
        Topology = topology;
        Context = context;
        _deserializationHandler = deserializationHandler;
        _logger = logger;
        context.Logger = logger;
        _taskIdText = id.ToString();
        _taskTag = new("task", _taskIdText);
        foreach (var p in partitions)
        {
            _group.AddPartition(p);
        }

        foreach (var store in topology.Stores)
        {
            context.AddStore(store);
        }
    }

    public TaskId Id { get; }

    public ProcessorTopology Topology { get; }

    public TaskContext Context { get; }

    public IEnumerable<TopicPartition> Partitions => _group.Partitions;

    public int Buffered => _group.Buffered;

    public long StreamTime => Context.StreamTime;

    /// <summary>Records processed since the task was created.</summary>
    public long ProcessedCount { get; private set; }

    /// <summary>Records skipped by the deserialization handler.</summary>
    public long SkippedCount { get; private set; }

    /// <summary>The next offset to commit per partition (last processed + 1), without flushing.</summary>
    public IEnumerable<KeyValuePair<TopicPartition, long>> CommittableOffsets =>
        _group.Queues.Where(q => q.ConsumedOffset >= 0).Select(q => new KeyValuePair<TopicPartition, long>(q.Partition, q.ConsumedOffset + 1));

    public int BufferedFor(TopicPartition partition) => _group.BufferedFor(partition);

    /// <summary>Opens every store; each registers its restore callback with the context.</summary>
    public void InitializeStores()
    {
        if (_storesInitialized)
        {
            return;
        }

        foreach (var store in Topology.Stores)
        {
            store.Init(Context, store);
        }

        _storesInitialized = true;
    }

    /// <summary>Initializes processors, after restoration finished.</summary>
    public void InitializeTopology()
    {
        if (_topologyInitialized)
        {
            return;
        }

        foreach (var node in Topology.Nodes)
        {
            node.Init(Context);
        }

        _topologyInitialized = true;
    }

    /// <summary>Deserializes a polled record and buffers it.</summary>
    /// <exception cref="StreamsException">Deserialization failed and the handler said fail.</exception>
    public void AddRecord(ConsumeResult<byte[], byte[]> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var queue = QueueOf(raw);
        var source = queue.Source!;
        StampedRecord stamped;
        try
        {
            stamped = source.Stamp(raw, queue.PartitionTime);
            if (stamped.Timestamp < 0)
            {
                throw new InvalidDataException($"Extracted timestamp {stamped.Timestamp} is negative.");
            }
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            var errorContext = Context.Errors.ContextFor(Id, raw, source.Name);
            DeserializationExceptionResponse response;
            try
            {
                response = _deserializationHandler.HandleError(errorContext, raw, ex, _logger)
                    ?? throw new InvalidOperationException($"{_deserializationHandler.GetType().Name}.HandleError returned null.");
            }
            catch (Exception handlerError)
            {
                throw DeserializationFailed(raw, source, ex, $" The deserialization exception handler itself threw: {handlerError.Message}.");
            }

            TaskErrorHandling.Send(Context, response.DeadLetterQueueRecords);
            if (response.Response == DeserializationHandlerResponse.Fail)
            {
                throw DeserializationFailed(raw, source, ex, string.Empty);
            }

            SkippedCount++;
            DroppedRecords.Skipped(Context, source.Name, "deserialization error", errorContext, $"{ex.GetType().Name}: {ex.Message}");
            if (queue.Records.Count == 0)
            {
                // Only when nothing earlier is still buffered, so no unprocessed record is committed past.
                queue.ConsumedOffset = raw.Offset.Value;
            }

            return;
        }

        _group.Add(queue, stamped);
    }

    /// <summary>
    /// The queue of the record's partition: the previous record's when the partition is the same (records come in runs of
    /// one partition), otherwise found among the task's few queues by name; no hashing and no allocation per record.
    /// </summary>
    private RecordQueue QueueOf(ConsumeResult<byte[], byte[]> raw)
    {
        var partition = raw.Partition.Value;
        var last = _lastQueue;
        if (last is not null && last.PartitionNumber == partition && string.Equals(last.Topic, raw.Topic, StringComparison.Ordinal))
        {
            return last;
        }

        var queue = _group.Find(raw.Topic, partition);
        if (queue?.Source is null)
        {
            if (!Topology.SourcesByTopic.TryGetValue(raw.Topic, out var source))
            {
                throw new StreamsException($"Task {Id} has no source for topic '{raw.Topic}' (record {raw.TopicPartitionOffset}).");
            }

            queue ??= _group.GetOrAdd(raw.TopicPartition);
            queue.Source = source;
        }

        return _lastQueue = queue;
    }

    private StreamsException DeserializationFailed(ConsumeResult<byte[], byte[]> raw, SourceNode source, Exception ex, string extra) =>
        new(
            $"Deserialization failed in task {Id} for record {raw.Topic}-{raw.Partition.Value}@{raw.Offset.Value} " +
            $"(source '{source.Name}'): {ex.Message}.{extra} Processing stopped; no offset at or after this record is committed.", ex);

    /// <summary>Processes the next buffered record, if any.</summary>
    /// <returns>False when nothing was buffered.</returns>
    /// <exception cref="StreamsException">A processor threw; the message names the record.</exception>
    public bool Process()
    {
        if (_group.Next() is not { } record)
        {
            return false;
        }

        var queue = record.Queue!;
        var source = queue.Source!;
        Context.SetCurrentRecord(record.Raw);
        Context.RecordTimestamp = record.Timestamp;
        if (record.Timestamp > Context.StreamTime)
        {
            Context.StreamTime = record.Timestamp;
        }

        Context.CurrentNode = source.Name;
        var activity = StreamsTracing.StartProcess(record.Raw, _taskIdText);
        var started = StreamsMetrics.ProcessDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        try
        {
            source.Process(in record);
        }
        catch (Exception ex) when (ex is not StreamsException || ex is TopologyException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new StreamsException(
                $"Exception caught in process: task {Id}, processor '{Context.CurrentNode}', record {record.Topic}-{record.Partition}@{record.Offset} " +
                $"(timestamp {record.Timestamp}): {ex.Message}. Processing stopped; no offset at or after this record is committed.", ex);
        }
        finally
        {
            Context.CurrentNode = null;
            activity?.Dispose();
        }

        if (started != 0)
        {
            StreamsMetrics.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _taskTag);
        }

        queue.ConsumedOffset = record.Offset;
        ProcessedCount++;
        StreamsMetrics.RecordsProcessed.Add(1, _taskTag);
        Punctuate(PunctuationType.StreamTime, Context.StreamTime);
        return true;
    }

    /// <summary>Fires due wall-clock punctuations.</summary>
    /// <exception cref="StreamsException">A punctuator threw; the message names the task and processor.</exception>
    public bool PunctuateWallClock() => Punctuate(PunctuationType.WallClockTime, Context.SystemTimeMs);

    private bool Punctuate(PunctuationType type, long now)
    {
        try
        {
            return Context.Punctuate(type, now);
        }
        catch (Exception ex) when (ex is not StreamsException || ex is TopologyException)
        {
            throw new StreamsException(
                $"Exception caught while punctuating ({type}, time {now}): task {Id}, processor '{Context.CurrentNode}': {ex.Message}. " +
                "Processing stopped; nothing processed since the last commit is committed.", ex);
        }
    }

    /// <summary>
    /// Flushes the stores (their changelog writes go to the collector) and returns the offsets to commit
    /// (last processed offset + 1 per partition), as Kafka Streams' <c>prepareCommit</c>. The caller
    /// flushes the collector before committing them.
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, long> PrepareCommit()
    {
        FlushStores();
        return CommittableOffsets.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    /// <summary>
    /// The store flush of <see cref="PrepareCommit"/> without collecting the offsets: the test driver's commit after every
    /// record, which commits no offsets.
    /// </summary>
    public void FlushStores()
    {
        // Flushing caches forwards their updates downstream, outside of any input record.
        Context.SetCurrentRecord(null);
        foreach (var store in Topology.Stores)
        {
            try
            {
                store.Flush();
            }
            catch (Exception ex) when (ex is not StreamsException || ex is TopologyException)
            {
                throw new StreamsException(
                    $"Flushing state store '{store.Name}' of task {Id} failed (processor '{Context.CurrentNode}'): {ex.Message}. " +
                    "The commit is abandoned; nothing processed since the last commit is committed.", ex);
            }
        }

        Context.CommitRequested = false;
    }

    /// <summary>Closes processors and stores; buffered records are dropped (they will be re-read after the committed offset).</summary>
    public void Close()
    {
        if (_topologyInitialized)
        {
            foreach (var node in Topology.Nodes)
            {
                node.Close();
            }
        }

        foreach (var store in Topology.Stores)
        {
            if (store.IsOpen)
            {
                store.Close();
            }
        }

        _group.Clear();
    }
}
