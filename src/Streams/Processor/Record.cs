using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Processor;

/// <summary>
/// One record flowing through a topology, as Kafka Streams' <c>api.Record</c>: key, value, timestamp
/// (<see cref="TimestampMs"/>, epoch milliseconds, or <see cref="Time"/> as a <see cref="DateTimeOffset"/>) and headers.
/// Immutable; the <c>With*</c> methods return modified copies.
/// <para>
/// A record with a null value is a tombstone (a delete, for tables and sinks). A value type cannot be null, so a delete of
/// a table whose values are a value type (a <c>KTable&lt;K, long&gt;</c> of <c>Count()</c>, say) travels as a record
/// whose <see cref="IsTombstone"/> is set and whose <see cref="Value"/> is <c>default</c>: sinks write it with a null
/// value, as Kafka Streams writes the null of a deleted row, and processors see it as a delete.
/// </para>
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Key">The key; may be null.</param>
/// <param name="Value">The value; may be null (a tombstone: see <see cref="IsTombstone"/>).</param>
/// <param name="TimestampMs">
/// The record timestamp in milliseconds since the Unix epoch (UTC): Kafka's record timestamp, a wire-format field, kept as
/// the <see cref="long"/> Kafka Streams' <c>Record.timestamp()</c> returns; <see cref="Time"/> is the same instant as a
/// <see cref="DateTimeOffset"/>.
/// </param>
/// <param name="Headers">The Kafka headers, or null when there are none.</param>
public readonly record struct Record<TKey, TValue>(TKey Key, TValue Value, long TimestampMs, Headers? Headers = null)
{
    private readonly bool _tombstone;

    /// <summary>A record whose timestamp is given as a <see cref="DateTimeOffset"/>.</summary>
    /// <param name="Key">The key; may be null.</param>
    /// <param name="Value">The value; may be null (a tombstone: see <see cref="IsTombstone"/>).</param>
    /// <param name="Time">The record timestamp; kept in whole milliseconds since the Unix epoch (<see cref="TimestampMs"/>), finer ticks dropped.</param>
    /// <param name="Headers">The Kafka headers, or null when there are none.</param>
    public Record(TKey Key, TValue Value, DateTimeOffset Time, Headers? Headers = null)
        : this(Key, Value, EpochMs.FromDateTimeOffset(Time), Headers)
    {
    }

    /// <summary>
    /// <see cref="TimestampMs"/> as a UTC <see cref="DateTimeOffset"/> (computed, not stored). Named <c>Time</c> across the
    /// library's records (<see cref="FixedKeyRecord{TKey, TValue}"/>, <c>ValueAndTimestamp</c>, <c>StoreChange</c>, the
    /// error-handler types), as Kafka's <c>TestRecord.getRecordTime()</c> is the <c>Instant</c> of a record timestamp;
    /// <c>Timestamp</c> is taken by the obsolete epoch-millisecond property. A timestamp beyond the range of
    /// <see cref="DateTimeOffset"/> reads as <see cref="DateTimeOffset.MinValue"/> or <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time => EpochMs.ToDateTimeOffset(TimestampMs);

    /// <summary>The record timestamp, epoch milliseconds: the same as <see cref="TimestampMs"/>, under a name without its unit.</summary>
    [Obsolete(TimestampObsolete.Property)]
    public long Timestamp
    {
        get => TimestampMs;
        init => TimestampMs = value;
    }

    /// <summary>
    /// <see langword="true"/> when the record deletes its key, as a Kafka record with a null value: its
    /// <see cref="Value"/> is null, or it was made with <see cref="AsTombstone()"/> (the only way for a value type, whose
    /// <see cref="Value"/> is then <c>default</c>). Sinks write a tombstone with a null value without calling the value
    /// serializer when <typeparamref name="TValue"/> is a non-nullable value type; aggregations and joins drop it as Kafka
    /// Streams drops null values; <c>ToTable</c> deletes the key. Setting it to <see langword="false"/> on a record whose
    /// value is null has no effect.
    /// </summary>
    public bool IsTombstone
    {
        get => _tombstone || Value is null;
        init => _tombstone = value;
    }

    /// <summary>A tombstone whose value type cannot be null: <see cref="Value"/> holds <c>default</c>, not data.</summary>
    internal bool IsValueTypeTombstone => _tombstone && Value is not null;

    /// <summary>A tombstone for <paramref name="key"/>: see <see cref="IsTombstone"/>.</summary>
    /// <param name="key">The key deleted.</param>
    /// <param name="timestampMs">The timestamp, epoch milliseconds.</param>
    /// <param name="headers">The headers, or null.</param>
    /// <returns>A record with a <c>default</c> value and <see cref="IsTombstone"/> set.</returns>
    public static Record<TKey, TValue> Tombstone(TKey key, long timestampMs, Headers? headers = null) =>
        new(key, default!, timestampMs, headers) { IsTombstone = true };

    /// <summary>A tombstone for <paramref name="key"/> at <paramref name="time"/>: see <see cref="IsTombstone"/>.</summary>
    /// <param name="key">The key deleted.</param>
    /// <param name="time">The timestamp; kept in whole milliseconds since the Unix epoch.</param>
    /// <param name="headers">The headers, or null.</param>
    /// <returns>A record with a <c>default</c> value and <see cref="IsTombstone"/> set.</returns>
    public static Record<TKey, TValue> Tombstone(TKey key, DateTimeOffset time, Headers? headers = null) =>
        Tombstone(key, EpochMs.FromDateTimeOffset(time), headers);

    /// <summary>A copy with another key; a tombstone stays a tombstone.</summary>
    /// <typeparam name="TNewKey">The new key type.</typeparam>
    /// <param name="key">The new key.</param>
    /// <returns>The copy.</returns>
    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, TimestampMs, Headers) { IsTombstone = _tombstone };

    /// <summary>A copy of this record's key, timestamp and headers that deletes the key: see <see cref="IsTombstone"/>.</summary>
    /// <returns>The tombstone, with a <c>default</c> value.</returns>
    public Record<TKey, TValue> AsTombstone() => Tombstone(Key, TimestampMs, Headers);

    /// <summary>A tombstone of another value type with this record's key, timestamp and headers: see <see cref="IsTombstone"/>.</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <returns>The tombstone, with a <c>default</c> value.</returns>
    public Record<TKey, TNewValue> AsTombstone<TNewValue>() => Record<TKey, TNewValue>.Tombstone(Key, TimestampMs, Headers);

    /// <summary>A copy with another value (a tombstone only when <paramref name="value"/> is null).</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <param name="value">The new value.</param>
    /// <returns>The copy.</returns>
    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, TimestampMs, Headers);

    /// <summary>A copy with another timestamp; a tombstone stays a tombstone.</summary>
    /// <param name="timestampMs">The new timestamp, epoch milliseconds.</param>
    /// <returns>The copy.</returns>
    public Record<TKey, TValue> WithTimestampMs(long timestampMs) => this with { TimestampMs = timestampMs };

    /// <summary>A copy with another timestamp; a tombstone stays a tombstone.</summary>
    /// <param name="time">The new timestamp; kept in whole milliseconds since the Unix epoch.</param>
    /// <returns>The copy.</returns>
    public Record<TKey, TValue> WithTime(DateTimeOffset time) => this with { TimestampMs = EpochMs.FromDateTimeOffset(time) };

    /// <summary>A copy with another timestamp, epoch milliseconds: the same as <see cref="WithTimestampMs"/>.</summary>
    /// <param name="timestamp">The new timestamp, epoch milliseconds.</param>
    /// <returns>The copy.</returns>
    [Obsolete(TimestampObsolete.WithTimestamp)]
    public Record<TKey, TValue> WithTimestamp(long timestamp) => WithTimestampMs(timestamp);

    // The text of ToString: the stored members, as the compiler's PrintMembers would write them without the computed
    // Time and the obsolete Timestamp.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Key = ").Append(Key)
            .Append(", Value = ").Append(Value)
            .Append(", TimestampMs = ").Append(TimestampMs)
            .Append(", Headers = ").Append(Headers)
            .Append(", IsTombstone = ").Append(IsTombstone);
        return true;
    }
}
