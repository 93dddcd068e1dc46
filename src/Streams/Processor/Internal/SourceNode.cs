using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Processor.Internal;

/// <summary>Reads records of its topics: deserializes and stamps them, then forwards them typed.</summary>
internal abstract class SourceNode(string name, IReadOnlyList<string> topics) : ProcessorNode(name)
{
    public IReadOnlyList<string> Topics { get; } = topics;

    /// <summary>Deserializes and timestamps a raw record; throws on deserialization failure.</summary>
    public abstract StampedRecord Stamp(ConsumeResult<byte[], byte[]> raw, long partitionTimeMs);

    public abstract void Process(in StampedRecord record);
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
        // A null value of a non-nullable value type is a tombstone (Record.IsTombstone), as Kafka's deserializers return
        // null for it; the value serializer is not asked to read "nothing" as a number.
        var value = raw.Message.Value is null && ValueTypeTombstones
            ? default!
            : valueSerde.Deserialize(raw.Message.Value, raw.Message.Value is null, new SerializationContext(MessageComponentType.Value, raw.Topic, headers));
        var recordTs = raw.Message.Timestamp.UnixTimestampMs;
        var ts = timestampExtractor is null ? recordTs : timestampExtractor(key, value, recordTs, partitionTimeMs);
        return new StampedRecord(key, value, ts, raw);
    }

    /// <summary>Whether <typeparamref name="TValue"/> cannot be null, so that a null value travels as <see cref="Record{TKey, TValue}.IsTombstone"/>.</summary>
    private static bool ValueTypeTombstones { get; } = typeof(TValue).IsValueType && Nullable.GetUnderlyingType(typeof(TValue)) is null;

    public override void Process(in StampedRecord record) =>
        _forwarder.Forward(new Record<TKey, TValue>((TKey)record.Key!, (TValue)record.Value!, record.Timestamp, record.Raw.Message.Headers)
        {
            IsTombstone = ValueTypeTombstones && record.Raw.Message.Value is null,
        });
}
