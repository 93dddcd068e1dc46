using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>
/// The buffered records of a task's partitions. <see cref="Next"/> picks the queue whose head has the
/// smallest timestamp, so a task processes its partitions in timestamp order, as Kafka Streams'
/// <c>PartitionGroup</c> (with <c>max.task.idle.ms = 0</c>: it does not wait for empty partitions).
/// </summary>
internal sealed class PartitionGroup
{
    private readonly Dictionary<TopicPartition, Queue<StampedRecord>> _queues = [];
    private readonly Dictionary<TopicPartition, long> _partitionTimes = [];

    public int Buffered { get; private set; }

    public IEnumerable<TopicPartition> Partitions => _queues.Keys;

    public long PartitionTime(TopicPartition partition) => _partitionTimes.GetValueOrDefault(partition, -1);

    public void AddPartition(TopicPartition partition)
    {
        if (!_queues.ContainsKey(partition))
        {
            _queues[partition] = new Queue<StampedRecord>();
        }
    }

    public void Add(TopicPartition partition, StampedRecord record)
    {
        if (!_queues.TryGetValue(partition, out var queue))
        {
            queue = new Queue<StampedRecord>();
            _queues[partition] = queue;
        }

        queue.Enqueue(record);
        if (record.Timestamp > PartitionTime(partition))
        {
            _partitionTimes[partition] = record.Timestamp;
        }

        Buffered++;
    }

    public int BufferedFor(TopicPartition partition) => _queues.TryGetValue(partition, out var q) ? q.Count : 0;

    public StampedRecord? Next()
    {
        Queue<StampedRecord>? best = null;
        foreach (var queue in _queues.Values)
        {
            if (queue.Count > 0 && (best is null || queue.Peek().Timestamp < best.Peek().Timestamp))
            {
                best = queue;
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
        foreach (var q in _queues.Values)
        {
            q.Clear();
        }

        Buffered = 0;
    }
}
