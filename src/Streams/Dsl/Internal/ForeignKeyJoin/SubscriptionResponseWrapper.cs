namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The right side's answer to a subscription, as Kafka Streams' <c>SubscriptionResponseWrapper</c> (version 0):
/// the left-value hash the subscription carried (echoed back so that stale answers are recognized) and the right
/// value (null when the foreign key has no row). <see cref="PrimaryPartition"/> is not serialized: it only tells
/// the response sink where to send the record.
/// </summary>
/// <typeparam name="TOtherValue">The right value type.</typeparam>
/// <param name="OriginalValueHash">The hash of the left value the subscription was sent for, or null.</param>
/// <param name="ForeignValue">The right value, or default when absent.</param>
/// <param name="HasForeignValue">Whether the right row exists.</param>
/// <param name="PrimaryPartition">The partition to send the response to, or null to let the producer choose.</param>
internal sealed record SubscriptionResponseWrapper<TOtherValue>((long H1, long H2)? OriginalValueHash, TOtherValue? ForeignValue, bool HasForeignValue, int? PrimaryPartition)
{
    /// <summary>The wire version, as Kafka Streams' <c>SubscriptionResponseWrapper.CURRENT_VERSION</c>.</summary>
    public const byte CurrentVersion = 0;
}
