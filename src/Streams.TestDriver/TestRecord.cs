using System.Globalization;
using Confluent.Kafka;

namespace Streams.TestDriver;

/// <summary>
/// A record piped into or read from a test topic, as Kafka Streams' <c>test.TestRecord</c>: key, value,
/// headers and timestamp. Records read from an output topic always carry a timestamp; a record to pipe may
/// leave it null to take the input topic's auto-advancing time. Equality compares key, value, timestamp and
/// the header keys and bytes, in order.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class TestRecord<TKey, TValue> : IEquatable<TestRecord<TKey, TValue>>
{
    /// <summary>A record with a default key (null for reference types) and no timestamp.</summary>
    /// <param name="value">The value; may be null (a tombstone).</param>
    public TestRecord(TValue value)
        : this(default!, value, (DateTimeOffset?)null)
    {
    }

    /// <summary>A record with no timestamp (piping it uses the input topic's auto-advancing time).</summary>
    /// <param name="key">The key; may be null.</param>
    /// <param name="value">The value; may be null (a tombstone).</param>
    public TestRecord(TKey key, TValue value)
        : this(key, value, (DateTimeOffset?)null)
    {
    }

    /// <summary>A record with a timestamp and headers.</summary>
    /// <param name="key">The key; may be null.</param>
    /// <param name="value">The value; may be null (a tombstone).</param>
    /// <param name="timestamp">The record timestamp (millisecond precision is kept), or null for the topic's auto time.</param>
    /// <param name="headers">The headers, or null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is before the Unix epoch (Kafka rejects negative timestamps).</exception>
    public TestRecord(TKey key, TValue value, DateTimeOffset? timestamp, Headers? headers = null)
    {
        if (timestamp is { } ts)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ts, DateTimeOffset.UnixEpoch, nameof(timestamp));
        }

        Key = key;
        Value = value;
        Timestamp = timestamp is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()) : null;
        Headers = headers ?? new Headers();
    }

    /// <summary>A record with a timestamp in epoch milliseconds and headers.</summary>
    /// <param name="key">The key; may be null.</param>
    /// <param name="value">The value; may be null (a tombstone).</param>
    /// <param name="timestampMs">The record timestamp, milliseconds since the Unix epoch; not negative.</param>
    /// <param name="headers">The headers, or null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestampMs"/> is negative.</exception>
    public TestRecord(TKey key, TValue value, long timestampMs, Headers? headers = null)
        : this(key, value, DateTimeOffset.FromUnixTimeMilliseconds(CheckTimestamp(timestampMs)), headers)
    {
    }

    /// <summary>The key.</summary>
    public TKey Key { get; }

    /// <summary>The value; null for a tombstone.</summary>
    public TValue Value { get; }

    /// <summary>The record timestamp (UTC, millisecond precision), or null when not set.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The record timestamp in milliseconds since the Unix epoch, or null when not set.</summary>
    public long? TimestampMs => Timestamp?.ToUnixTimeMilliseconds();

    /// <summary>The headers; empty, never null, when the record has none.</summary>
    public Headers Headers { get; }

    /// <inheritdoc />
    public bool Equals(TestRecord<TKey, TValue>? other) =>
        other is not null
        && EqualityComparer<TKey>.Default.Equals(Key, other.Key)
        && EqualityComparer<TValue>.Default.Equals(Value, other.Value)
        && Timestamp == other.Timestamp
        && HeadersEqual(Headers, other.Headers);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TestRecord<TKey, TValue>);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Value, Timestamp, Headers.Count);

    /// <summary>Renders the record as <c>TestRecord[key=k, value=v, timestamp=ms, headers=n]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"TestRecord[key={Key}, value={Value}, timestamp={TimestampMs?.ToString(CultureInfo.InvariantCulture) ?? "none"}, headers={Headers.Count}]");

    private static long CheckTimestamp(long timestampMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestampMs);
        return timestampMs;
    }

    private static bool HeadersEqual(Headers a, Headers b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Key != b[i].Key || !(a[i].GetValueBytes() ?? []).AsSpan().SequenceEqual(b[i].GetValueBytes() ?? []))
            {
                return false;
            }
        }

        return true;
    }
}
