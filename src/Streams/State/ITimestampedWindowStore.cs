using Streams.Dsl;

namespace Streams.State;

/// <summary>A window store whose values carry their last update's timestamp, as Kafka Streams' <c>TimestampedWindowStore</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface ITimestampedWindowStore<TKey, TValue> : IWindowStore<TKey, ValueAndTimestamp<TValue>>
{
}
