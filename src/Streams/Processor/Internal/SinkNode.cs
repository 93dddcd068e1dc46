using Confluent.Kafka;
using Streams.Internal;
using Streams.Serialization;

namespace Streams.Processor.Internal;

/// <summary>
/// Serializes records and hands them to the task's record collector. An optional partitioner (topic, key, value,
/// partition count on demand) picks the partition; null from it, or no partitioner, leaves it to the producer.
/// </summary>
internal sealed class SinkNode<TKey, TValue>(
    string name,
    string? topic,
    Func<TKey, TValue, string>? topicExtractor,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    Func<string, TKey, TValue, Func<int>, int?>? partitioner)
    : ProcessorNode(name), IRecordReceiver<TKey, TValue>
{
    /// <summary>A sink that leaves partitioning to the producer.</summary>
    public SinkNode(string name, string? topic, Func<TKey, TValue, string>? topicExtractor, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
        : this(name, topic, topicExtractor, keySerde, valueSerde, null)
    {
    }

    private TaskContext? _task;

    public override void Init(TaskContext context) => _task = context;

    public void Receive(Record<TKey, TValue> record)
    {
        var task = _task!;
        var target = topic ?? topicExtractor!(record.Key, record.Value);
        var key = keySerde.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, target, record.Headers));
        var value = valueSerde.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, target, record.Headers));
        if (record.Timestamp < 0)
        {
            throw new StreamsException($"Sink '{Name}' cannot write a record with negative timestamp {record.Timestamp} to topic '{target}'.");
        }

        var partition = partitioner?.Invoke(target, record.Key, record.Value, () => PartitionCount(task, target));
        var headers = record.Headers;
        using var activity = StreamsTracing.StartSend(target, ref headers);
        task.Collector.Send(target, key, value, headers, record.Timestamp, partition);
    }

    private int PartitionCount(TaskContext task, string target) =>
        task.Collector.PartitionsFor(target) ?? throw new StreamsException($"Sink '{Name}' cannot partition a record: the partition count of topic '{target}' is unknown.");
}
