using Confluent.Kafka;
using Streams.Internal;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// A store's key and value serdes with the topic name they serialize for (the changelog topic once the store
/// is initialized, the store name before), as Kafka Streams' <c>StateSerdes</c>.
/// </summary>
internal sealed class StateSerdes<TKey, TValue>(string storeName, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
{
    private string? _topic;

    public string Topic => _topic ?? storeName;

    public void UseChangelogOf(string applicationId) => _topic = InternalTopicNames.Changelog(applicationId, storeName);

    public byte[] RawKey(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return keySerde.Serialize(key, new SerializationContext(MessageComponentType.Key, Topic));
    }

    public byte[]? RawValue(TValue? value) =>
        value is null ? null : valueSerde.Serialize(value, new SerializationContext(MessageComponentType.Value, Topic));

    public TKey KeyFrom(ReadOnlySpan<byte> raw) => keySerde.Deserialize(raw, false, new SerializationContext(MessageComponentType.Key, Topic));

    public TValue ValueFrom(ReadOnlySpan<byte> raw) => valueSerde.Deserialize(raw, false, new SerializationContext(MessageComponentType.Value, Topic));
}
