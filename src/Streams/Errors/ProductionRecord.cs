using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>
/// A record a sink tried to write: its topic, partition (null: the producer's partitioner), key, value, headers and
/// timestamp (epoch ms). For send errors <see cref="Key"/> and <see cref="Value"/> are the serialized <c>byte[]</c>; for
/// serialization errors they are the unserialized objects.
/// </summary>
/// <param name="Topic">The target topic.</param>
/// <param name="Partition">The target partition, or null.</param>
/// <param name="Key">The key: bytes for send errors, the object for serialization errors.</param>
/// <param name="Value">The value: bytes for send errors, the object for serialization errors.</param>
/// <param name="Headers">The headers, or null.</param>
/// <param name="TimestampMs">The record timestamp, epoch milliseconds: the Kafka record's timestamp field. <see cref="Time"/> is the same instant as a <see cref="DateTimeOffset"/>.</param>
public sealed record ProductionRecord(string Topic, int? Partition, object? Key, object? Value, Headers? Headers, long TimestampMs)
{
    /// <summary>
    /// <see cref="TimestampMs"/> as a UTC <see cref="DateTimeOffset"/> (computed, not stored), named as
    /// <c>Record.Time</c>; a timestamp beyond its range reads as <see cref="DateTimeOffset.MinValue"/> or
    /// <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time => EpochMs.ToDateTimeOffset(TimestampMs);

    /// <summary>The record timestamp, epoch milliseconds: the same as <see cref="TimestampMs"/>, under a name without its unit.</summary>
    [Obsolete(TimestampObsolete.Property)]
    public long Timestamp
    {
        get => TimestampMs;
        init => TimestampMs = value;
    }

    // ToString writes the stored members only, without the computed Time and the obsolete Timestamp.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Topic = ").Append(Topic)
            .Append(", Partition = ").Append(Partition)
            .Append(", Key = ").Append(Key)
            .Append(", Value = ").Append(Value)
            .Append(", Headers = ").Append(Headers)
            .Append(", TimestampMs = ").Append(TimestampMs);
        return true;
    }
}
