using Confluent.Kafka;

namespace Streams.Processor;

/// <summary>
/// A record whose key cannot be changed, as Kafka Streams' <c>api.FixedKeyRecord</c> (KIP-820): handed to an
/// <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/>, which can only derive records with other values,
/// timestamps or headers from it. There is no public constructor: every forwarded record keeps an input record's key.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public readonly struct FixedKeyRecord<TKey, TValue>
{
    internal FixedKeyRecord(TKey key, TValue value, long timestamp, Headers? headers)
    {
        Key = key;
        Value = value;
        Timestamp = timestamp;
        Headers = headers;
    }

    /// <summary>The key; may be null.</summary>
    public TKey Key { get; }

    /// <summary>The value; may be null.</summary>
    public TValue Value { get; }

    /// <summary>The record timestamp, epoch milliseconds.</summary>
    public long Timestamp { get; }

    /// <summary>The Kafka headers, or null when there are none.</summary>
    public Headers? Headers { get; }

    /// <summary>A copy with another value.</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <param name="value">The new value.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    /// <summary>A copy with another timestamp.</summary>
    /// <param name="timestamp">The new timestamp, epoch milliseconds.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TValue> WithTimestamp(long timestamp) => new(Key, Value, timestamp, Headers);

    /// <summary>A copy with other headers.</summary>
    /// <param name="headers">The new headers, or null.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TValue> WithHeaders(Headers? headers) => new(Key, Value, Timestamp, headers);

    /// <inheritdoc />
    public override string ToString() => $"FixedKeyRecord {{ Key = {Key}, Value = {Value}, Timestamp = {Timestamp} }}";
}
