using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Processor.Internal;

/// <summary>Reads records of its topics: deserializes and stamps them, then forwards them typed.</summary>
internal abstract class SourceNode(string name, IReadOnlyList<string> topics) : ProcessorNode(name)
{
    public IReadOnlyList<string> Topics { get; } = topics;

    /// <summary>Deserializes and timestamps a raw record; throws on deserialization failure.</summary>
    public abstract StampedRecord Stamp(ConsumeResult<byte[], byte[]> raw, long partitionTimeMs);

    public abstract void Process(StampedRecord record);
}

internal sealed class SourceNode<TKey, TValue>(
    string name,
    IReadOnlyList<string> topics,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    TimestampExtractor<TKey, TValue>? timestampExtractor)
    : SourceNode(name, topics)
{
    private readonly Forwarder<TKey, TValue> _forwarder = new();

    public override void Init(TaskContext context) => _forwarder.Bind(this);

    public override StampedRecord Stamp(ConsumeResult<byte[], byte[]> raw, long partitionTimeMs)
    {
        var headers = raw.Message.Headers;
        var key = keySerde.Deserialize(raw.Message.Key, raw.Message.Key is null, new SerializationContext(MessageComponentType.Key, raw.Topic, headers));
        var value = valueSerde.Deserialize(raw.Message.Value, raw.Message.Value is null, new SerializationContext(MessageComponentType.Value, raw.Topic, headers));
        var recordTs = raw.Message.Timestamp.UnixTimestampMs;
        var ts = timestampExtractor is null ? recordTs : timestampExtractor(key, value, recordTs, partitionTimeMs);
        return new StampedRecord(key, value, ts, raw);
    }

    public override void Process(StampedRecord record) =>
        _forwarder.Forward(new Record<TKey, TValue>((TKey)record.Key!, (TValue)record.Value!, record.Timestamp, record.Raw.Message.Headers));
}
