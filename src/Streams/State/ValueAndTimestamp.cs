namespace Streams.State;

/// <summary>
/// A value together with the timestamp (epoch milliseconds) of the record that last updated it, the
/// value type of timestamped stores and of every KTable's store, as Kafka Streams' <c>ValueAndTimestamp</c>.
/// A reference type so that "absent" is <see langword="null"/>.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Timestamp">The timestamp, epoch milliseconds.</param>
public sealed record ValueAndTimestamp<TValue>(TValue Value, long Timestamp);
