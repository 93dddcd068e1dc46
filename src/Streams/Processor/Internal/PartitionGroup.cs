using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>
/// The buffered records of a task's partitions. <see cref="Next"/> picks the queue whose head has the
/// smallest timestamp, so a task processes its partitions in timestamp order, as Kafka Streams'
/// <c>PartitionGroup</c> (with <c>max.task.idle.ms = 0</c>: it does not wait for empty partitions).
/// </summary>
internal sealed class PartitionGroup
{
    private readonly Dictionary<TopicPartition, PartitionQueue> _queues = [];
    private readonly List<PartitionQueue> _ordered = [];

    public int Buffered { get; private set; }

    public IEnumerable<TopicPartition> Partitions => _queues.Keys;

    public long PartitionTime(TopicPartition partition) => _queues.TryGetValue(partition, out var q) ? q.PartitionTime : -1;

    public void AddPartition(TopicPartition partition) => GetOrAdd(partition);

    public void Add(TopicPartition partition, StampedRecord record)
    {
        var queue = GetOrAdd(partition);
        queue.Records.Enqueue(record);
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

    private PartitionQueue GetOrAdd(TopicPartition partition)
    {
        if (!_queues.TryGetValue(partition, out var queue))
        {
            queue = new PartitionQueue();
            _queues[partition] = queue;
            _ordered.Add(queue);
        }

        return queue;
    }

    private sealed class PartitionQueue
    {
        public Queue<StampedRecord> Records { get; } = new();

        public long PartitionTime { get; set; } = -1;
    }
}
