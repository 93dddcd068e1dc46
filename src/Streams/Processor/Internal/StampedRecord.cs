using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>A deserialized record waiting in a partition queue, with its extracted timestamp.</summary>
internal sealed class StampedRecord(object? key, object? value, long timestamp, ConsumeResult<byte[], byte[]> raw)
{
    public object? Key { get; } = key;

    public object? Value { get; } = value;

    public long Timestamp { get; } = timestamp;

    public ConsumeResult<byte[], byte[]> Raw { get; } = raw;

    /// <summary>The record's partition; set once by the task (Confluent allocates a new one on every <c>Raw.TopicPartition</c> call).</summary>
    public TopicPartition TopicPartition
    {
        get => _topicPartition ??= Raw.TopicPartition;
        set => _topicPartition = value;
    }

    private TopicPartition? _topicPartition;

    public string Topic => Raw.Topic;

    public int Partition => Raw.Partition.Value;

    public long Offset => Raw.Offset.Value;
}
