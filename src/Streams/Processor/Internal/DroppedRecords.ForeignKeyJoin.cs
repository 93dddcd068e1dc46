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

    /// <summary>
    /// An out-of-order update of a versioned table (KIP-914) reaching a table-table or foreign-key join: history, not
    /// the latest value, so the join result is unchanged; Kafka Streams' joins skip it and count it as dropped.
    /// </summary>
    /// <param name="context">The dropping processor's context.</param>
    /// <param name="timestampMs">The update's timestamp.</param>
    public static void OutOfOrder(IProcessorContext context, long timestampMs) =>
        Drop(context, "out-of-order versioned update", timestampMs, "an older version of a versioned table's row does not change the join result");
}
