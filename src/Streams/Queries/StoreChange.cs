using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Queries;

/// <summary>
/// One change of a local store, pushed to subscribers of <see cref="StreamsApplication.ObserveStore{TKey, TValue}(string)"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="StoreName">The store.</param>
/// <param name="Partition">The partition of the task whose store changed.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The new value, or default when <paramref name="Deleted"/>.</param>
/// <param name="Deleted">True when the key was deleted (a tombstone).</param>
/// <param name="TimestampMs">The record timestamp of the change, epoch milliseconds (Kafka's record timestamp). <see cref="Time"/> is the same instant as a <see cref="DateTimeOffset"/>.</param>
public sealed record StoreChange<TKey, TValue>(string StoreName, int Partition, TKey Key, TValue? Value, bool Deleted, long TimestampMs)
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
        builder.Append("StoreName = ").Append(StoreName)
            .Append(", Partition = ").Append(Partition)
            .Append(", Key = ").Append(Key)
            .Append(", Value = ").Append(Value)
            .Append(", Deleted = ").Append(Deleted)
            .Append(", TimestampMs = ").Append(TimestampMs);
        return true;
    }
}
