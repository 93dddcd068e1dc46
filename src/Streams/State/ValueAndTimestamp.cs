using System.Text;
using Streams.Internal;

namespace Streams.State;

/// <summary>
/// A value together with the timestamp (epoch milliseconds) of the record that last updated it, the
/// value type of timestamped stores and of every KTable's store, as Kafka Streams' <c>ValueAndTimestamp</c>.
/// A reference type so that "absent" is <see langword="null"/>.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="TimestampMs">
/// The record timestamp in milliseconds since the Unix epoch (UTC), as Kafka Streams' <c>ValueAndTimestamp.timestamp()</c>;
/// stored in the store's bytes (an 8-byte big-endian prefix, Kafka's format). <see cref="Time"/> is the same instant as a
/// <see cref="DateTimeOffset"/>.
/// </param>
public sealed record ValueAndTimestamp<TValue>(TValue Value, long TimestampMs)
{
    /// <summary>A value with a timestamp given as a <see cref="DateTimeOffset"/>.</summary>
    /// <param name="Value">The value.</param>
    /// <param name="Time">The timestamp; kept in whole milliseconds since the Unix epoch (<see cref="TimestampMs"/>).</param>
    public ValueAndTimestamp(TValue Value, DateTimeOffset Time)
        : this(Value, EpochMs.FromDateTimeOffset(Time))
    {
    }

    /// <summary>
    /// <see cref="TimestampMs"/> as a UTC <see cref="DateTimeOffset"/> (computed, not stored), named as
    /// <c>Record.Time</c>; a timestamp beyond its range reads as <see cref="DateTimeOffset.MinValue"/> or
    /// <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time => EpochMs.ToDateTimeOffset(TimestampMs);

    /// <summary>The timestamp, epoch milliseconds: the same as <see cref="TimestampMs"/>, under a name without its unit.</summary>
    [Obsolete(TimestampObsolete.Property)]
    public long Timestamp
    {
        get => TimestampMs;
        init => TimestampMs = value;
    }

    // ToString writes the stored members only, without the computed Time and the obsolete Timestamp.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Value = ").Append(Value).Append(", TimestampMs = ").Append(TimestampMs);
        return true;
    }
}
