using System.Diagnostics.CodeAnalysis;

namespace Streams.State;

/// <summary>A key-value store whose values carry the timestamp of their last update, as Kafka Streams' <c>TimestampedKeyValueStore</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface ITimestampedKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, ValueAndTimestamp<TValue>>
{
}
