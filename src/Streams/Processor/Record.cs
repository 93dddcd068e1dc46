using Confluent.Kafka;

namespace Streams.Processor;

/// <summary>
/// One record flowing through a topology, as Kafka Streams' <c>api.Record</c>: key, value, timestamp
/// (epoch milliseconds) and headers. Immutable; the <c>With*</c> methods return modified copies.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Key">The key; may be null.</param>
/// <param name="Value">The value; may be null (a tombstone for tables).</param>
/// <param name="Timestamp">The record timestamp, epoch milliseconds.</param>
/// <param name="Headers">The Kafka headers, or null when there are none.</param>
public readonly record struct Record<TKey, TValue>(TKey Key, TValue Value, long Timestamp, Headers? Headers = null)
{
    /// <summary>A copy with another key.</summary>
    /// <typeparam name="TNewKey">The new key type.</typeparam>
    /// <param name="key">The new key.</param>
    /// <returns>The copy.</returns>
    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, Timestamp, Headers);

    /// <summary>A copy with another value.</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <param name="value">The new value.</param>
    /// <returns>The copy.</returns>
    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    /// <summary>A copy with another timestamp.</summary>
    /// <param name="timestamp">The new timestamp, epoch milliseconds.</param>
    /// <returns>The copy.</returns>
    public Record<TKey, TValue> WithTimestamp(long timestamp) => this with { Timestamp = timestamp };
}

/// <summary>
/// Where the record being processed came from, as Kafka Streams' <c>RecordMetadata</c>. Absent while
/// punctuating.
/// </summary>
/// <param name="Topic">The source topic.</param>
/// <param name="Partition">The source partition.</param>
/// <param name="Offset">The record's offset in that partition.</param>
public sealed record RecordMetadata(string Topic, int Partition, long Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}-{Partition}@{Offset}";
}
