using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>
/// The buffered records of a task's partitions. <see cref="Next"/> picks the queue whose head has the
/// smallest timestamp, so a task processes its partitions in timestamp order, as Kafka Streams'
/// <c>PartitionGroup</c> (with <c>max.task.idle.ms = 0</c>: it does not wait for empty partitions).
/// </summary>
internal sealed class PartitionGroup
{
    private readonly Dictionary<TopicPartition, RecordQueue> _queues = [];
    private readonly List<RecordQueue> _ordered = [];

    public int Buffered { get; private set; }

    public IEnumerable<TopicPartition> Partitions => _queues.Keys;

    /// <summary>The queues, one per partition, in the order their partitions were added.</summary>
    public IReadOnlyList<RecordQueue> Queues => _ordered;

    public long PartitionTime(TopicPartition partition) => _queues.TryGetValue(partition, out var q) ? q.PartitionTime : -1;

    public void AddPartition(TopicPartition partition) => GetOrAdd(partition);

    /// <summary>The queue of a partition, or null: found by comparing names, without hashing (a task has a few partitions).</summary>
    public RecordQueue? Find(string topic, int partition)
    {
        var queues = _ordered;
        for (var i = 0; i < queues.Count; i++)
        {
            var q = queues[i];
            if (q.PartitionNumber == partition && string.Equals(q.Topic, topic, StringComparison.Ordinal))
            {
                return q;
            }
        }

        return null;
    }

    public void Add(TopicPartition partition, StampedRecord record) => Add(GetOrAdd(partition), record);

    public void Add(RecordQueue queue, StampedRecord record)
    {
        queue.Records.Enqueue(record with { Queue = queue });
        if (record.Timestamp > queue.PartitionTime)
        {
            queue.PartitionTime = record.Timestamp;
        }

        Buffered++;
    }

    public int BufferedFor(TopicPartition partition) => _queues.TryGetValue(partition, out var q) ? q.Records.Count : 0;

    public StampedRecord? Next()
    {
        Queue<StampedRecord>? best = null;
        var queues = _ordered;
        for (var i = 0; i < queues.Count; i++)
        {
            var records = queues[i].Records;
            if (records.Count > 0 && (best is null || records.Peek().Timestamp < best.Peek().Timestamp))
            {
                best = records;
            }
        }

        if (best is null)
        {
            return null;
        }

        Buffered--;
        return best.Dequeue();
    }

    public void Clear()
    {
        foreach (var q in _ordered)
        {
            q.Records.Clear();
        }

        Buffered = 0;
    }

    public RecordQueue GetOrAdd(TopicPartition partition)
    {
        if (!_queues.TryGetValue(partition, out var queue))
        {
            queue = new RecordQueue(partition);
            _queues[partition] = queue;
            _ordered.Add(queue);
        }

        return queue;
    }
}

/// <summary>
/// One partition of a task, as Kafka Streams' <c>RecordQueue</c>: its buffered records, its partition time, its source
/// node and the last offset processed. Records point to their queue, so that processing one looks nothing up by name.
/// </summary>
internal sealed class RecordQueue(TopicPartition partition)
{
    /// <summary>The partition (one instance, shared by all its records).</summary>
    public TopicPartition Partition { get; } = partition;

    /// <summary>The partition's topic.</summary>
    public string Topic { get; } = partition.Topic;

    /// <summary>The partition's number.</summary>
    public int PartitionNumber { get; } = partition.Partition.Value;

    public Queue<StampedRecord> Records { get; } = new();

    /// <summary>The largest timestamp buffered so far; -1 before the first record.</summary>
    public long PartitionTime { get; set; } = -1;

    /// <summary>The task's source node of <see cref="Topic"/>, set at the first record.</summary>
    public SourceNode? Source { get; set; }

    /// <summary>The last offset processed (or skipped with nothing buffered before it); -1 when none.</summary>
    public long ConsumedOffset { get; set; } = -1;
}
