using Confluent.Kafka;
using Streams.Internal;

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
    internal FixedKeyRecord(TKey key, TValue value, long timestampMs, Headers? headers)
    {
        Key = key;
        Value = value;
        TimestampMs = timestampMs;
        Headers = headers;
    }

    /// <summary>The key; may be null.</summary>
    public TKey Key { get; }

    /// <summary>The value; may be null.</summary>
    public TValue Value { get; }

    /// <summary>
    /// The record timestamp in milliseconds since the Unix epoch (UTC): Kafka's record timestamp, a wire-format field, as
    /// Kafka Streams' <c>FixedKeyRecord.timestamp()</c>.
    /// </summary>
    public long TimestampMs { get; }

    /// <summary>
    /// <see cref="TimestampMs"/> as a UTC <see cref="DateTimeOffset"/> (computed, not stored), named as
    /// <see cref="Record{TKey, TValue}.Time"/>; a timestamp beyond its range reads as <see cref="DateTimeOffset.MinValue"/>
    /// or <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time => EpochMs.ToDateTimeOffset(TimestampMs);

    /// <summary>The record timestamp, epoch milliseconds: the same as <see cref="TimestampMs"/>, under a name without its unit.</summary>
    [Obsolete(TimestampObsolete.Property)]
    public long Timestamp => TimestampMs;

    /// <summary>The Kafka headers, or null when there are none.</summary>
    public Headers? Headers { get; }

    /// <summary>A copy with another value.</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <param name="value">The new value.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, TimestampMs, Headers);

    /// <summary>A copy with another timestamp.</summary>
    /// <param name="timestampMs">The new timestamp, epoch milliseconds.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TValue> WithTimestampMs(long timestampMs) => new(Key, Value, timestampMs, Headers);

    /// <summary>A copy with another timestamp.</summary>
    /// <param name="time">The new timestamp; kept in whole milliseconds since the Unix epoch.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TValue> WithTime(DateTimeOffset time) => new(Key, Value, EpochMs.FromDateTimeOffset(time), Headers);

    /// <summary>A copy with another timestamp, epoch milliseconds: the same as <see cref="WithTimestampMs"/>.</summary>
    /// <param name="timestamp">The new timestamp, epoch milliseconds.</param>
    /// <returns>The copy.</returns>
    [Obsolete(TimestampObsolete.WithTimestamp)]
    public FixedKeyRecord<TKey, TValue> WithTimestamp(long timestamp) => WithTimestampMs(timestamp);

    /// <summary>A copy with other headers.</summary>
    /// <param name="headers">The new headers, or null.</param>
    /// <returns>The copy.</returns>
    public FixedKeyRecord<TKey, TValue> WithHeaders(Headers? headers) => new(Key, Value, TimestampMs, headers);

    /// <inheritdoc />
    public override string ToString() => $"FixedKeyRecord {{ Key = {Key}, Value = {Value}, TimestampMs = {TimestampMs} }}";
}
