using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>A deserialized record waiting in a partition queue, with its extracted timestamp.</summary>
/// <remarks>
/// Key and value are held as objects (a value type is boxed): a task's partitions may have sources of different types,
/// and the record outlives its processing (a sink's delivery handler reports it with a failed send), so it is neither
/// generic nor pooled.
/// </remarks>
internal sealed class StampedRecord(object? key, object? value, long timestamp, ConsumeResult<byte[], byte[]> raw)
{
    public object? Key { get; } = key;

    public object? Value { get; } = value;

    public long Timestamp { get; } = timestamp;

    public ConsumeResult<byte[], byte[]> Raw { get; } = raw;

    /// <summary>The queue of the record's partition; set by the task when it buffers the record.</summary>
    public RecordQueue? Queue { get; set; }

    /// <summary>The record's partition: its queue's instance (Confluent allocates a new one on every <c>Raw.TopicPartition</c> call).</summary>
    public TopicPartition TopicPartition => Queue?.Partition ?? Raw.TopicPartition;

    public string Topic => Raw.Topic;

    public int Partition => Raw.Partition.Value;

    public long Offset => Raw.Offset.Value;
}
