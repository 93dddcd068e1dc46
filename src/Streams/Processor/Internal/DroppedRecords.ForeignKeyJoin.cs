namespace Streams.Processor.Internal;

internal static partial class DroppedRecords
{
    /// <summary>
    /// A foreign-key join response computed for a left value that has changed since (its hash no longer matches),
    /// as Kafka Streams' <c>ResponseJoinProcessorSupplier</c> drops and counts it; a newer response follows.
    /// </summary>
    /// <param name="context">The dropping processor's context.</param>
    /// <param name="timestampMs">The response's timestamp.</param>
    public static void Stale(IProcessorContext context, long timestampMs) =>
        Drop(context, "stale response", timestampMs, "the left value changed after the subscription was sent");
}
