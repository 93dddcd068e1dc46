using Confluent.Kafka;

namespace Streams.Processor;

/// <summary>
/// One record flowing through a topology, as Kafka Streams' <c>api.Record</c>: key, value, timestamp
/// (epoch milliseconds) and headers. Immutable; the <c>With*</c> methods return modified copies.
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
/// <param name="Timestamp">The record timestamp, epoch milliseconds.</param>
/// <param name="Headers">The Kafka headers, or null when there are none.</param>
public readonly record struct Record<TKey, TValue>(TKey Key, TValue Value, long Timestamp, Headers? Headers = null)
{
    private readonly bool _tombstone;

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
    /// <param name="timestamp">The timestamp, epoch milliseconds.</param>
    /// <param name="headers">The headers, or null.</param>
    /// <returns>A record with a <c>default</c> value and <see cref="IsTombstone"/> set.</returns>
    public static Record<TKey, TValue> Tombstone(TKey key, long timestamp, Headers? headers = null) =>
        new(key, default!, timestamp, headers) { IsTombstone = true };

    /// <summary>A copy with another key; a tombstone stays a tombstone.</summary>
    /// <typeparam name="TNewKey">The new key type.</typeparam>
    /// <param name="key">The new key.</param>
    /// <returns>The copy.</returns>
    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, Timestamp, Headers) { IsTombstone = _tombstone };

    /// <summary>A copy of this record's key, timestamp and headers that deletes the key: see <see cref="IsTombstone"/>.</summary>
    /// <returns>The tombstone, with a <c>default</c> value.</returns>
    public Record<TKey, TValue> AsTombstone() => Tombstone(Key, Timestamp, Headers);

    /// <summary>A tombstone of another value type with this record's key, timestamp and headers: see <see cref="IsTombstone"/>.</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <returns>The tombstone, with a <c>default</c> value.</returns>
    public Record<TKey, TNewValue> AsTombstone<TNewValue>() => Record<TKey, TNewValue>.Tombstone(Key, Timestamp, Headers);

    /// <summary>A copy with another value (a tombstone only when <paramref name="value"/> is null).</summary>
    /// <typeparam name="TNewValue">The new value type.</typeparam>
    /// <param name="value">The new value.</param>
    /// <returns>The copy.</returns>
    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    /// <summary>A copy with another timestamp; a tombstone stays a tombstone.</summary>
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
