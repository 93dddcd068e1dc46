using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>
/// One record an error handler asks the runtime to write to a dead-letter topic, as the <c>ProducerRecord</c>s of Kafka
/// Streams' <c>withDeadLetterQueueRecords</c> (KIP-1034). The runtime sends it through the failing task's record
/// collector, so it is acknowledged before the task's next offset commit (at-least-once).
/// </summary>
/// <param name="Topic">The topic to write to.</param>
/// <param name="Key">The key bytes; may be null.</param>
/// <param name="Value">The value bytes; may be null.</param>
/// <param name="Headers">The headers to write; may be null.</param>
/// <param name="TimestampMs">The record timestamp, epoch milliseconds (not negative): the Kafka record's timestamp field. <see cref="Time"/> is the same instant as a <see cref="DateTimeOffset"/>.</param>
public sealed record DeadLetterQueueRecord(string Topic, byte[]? Key, byte[]? Value, Headers? Headers, long TimestampMs)
{
    /// <summary>A dead-letter record whose timestamp is given as a <see cref="DateTimeOffset"/>.</summary>
    /// <param name="Topic">The topic to write to.</param>
    /// <param name="Key">The key bytes; may be null.</param>
    /// <param name="Value">The value bytes; may be null.</param>
    /// <param name="Headers">The headers to write; may be null.</param>
    /// <param name="Time">The record timestamp, not before the Unix epoch; kept in whole milliseconds (<see cref="TimestampMs"/>).</param>
    public DeadLetterQueueRecord(string Topic, byte[]? Key, byte[]? Value, Headers? Headers, DateTimeOffset Time)
        : this(Topic, Key, Value, Headers, EpochMs.FromDateTimeOffset(Time))
    {
    }

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
            .Append(", Key = ").Append(Key)
            .Append(", Value = ").Append(Value)
            .Append(", Headers = ").Append(Headers)
            .Append(", TimestampMs = ").Append(TimestampMs);
        return true;
    }
}
