using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>A deserialized record waiting in a partition queue, with its extracted timestamp.</summary>
/// <remarks>
/// A struct, held in its partition's queue: buffering a record allocates nothing beyond what the consumer and the
/// deserializers made. Key and value are held as objects (a value type is boxed by its source node): a task's partitions
/// may have sources of different types. Once processing starts only <see cref="Raw"/> is kept (the task context's
/// current record, a sink's delivery handler).
/// </remarks>
internal readonly struct StampedRecord(object? key, object? value, long timestamp, ConsumeResult<byte[], byte[]> raw)
{
    public object? Key { get; } = key;

    public object? Value { get; } = value;

    public long Timestamp { get; } = timestamp;

    public ConsumeResult<byte[], byte[]> Raw { get; } = raw;

    /// <summary>The queue of the record's partition; set when the record is buffered.</summary>
    public RecordQueue? Queue { get; init; }

    /// <summary>The record's partition: its queue's instance (Confluent allocates a new one on every <c>Raw.TopicPartition</c> call).</summary>
    public TopicPartition TopicPartition => Queue?.Partition ?? Raw.TopicPartition;

    public string Topic => Raw.Topic;

    public int Partition => Raw.Partition.Value;

    public long Offset => Raw.Offset.Value;
}
