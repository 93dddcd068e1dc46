namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// What a left-table row asks of the right side of a foreign-key join, as Kafka Streams'
/// <c>SubscriptionWrapper.Instruction</c>; the byte values are Kafka's wire values.
/// </summary>
internal enum SubscriptionInstruction : byte
{
    /// <summary>Remove the subscription and send nothing (the row moved to another foreign key).</summary>
    DeleteKeyNoPropagate = 0x00,

    /// <summary>Remove the subscription and send a null response (the row was deleted, or its foreign key became null).</summary>
    DeleteKeyAndPropagate = 0x01,

    /// <summary>Subscribe and always respond: with the right value, or null when the foreign key has no row.</summary>
    PropagateNullIfNoForeignValue = 0x02,

    /// <summary>Subscribe and respond only when the foreign key has a row.</summary>
    PropagateOnlyIfForeignValue = 0x03,
}

/// <summary>
/// A subscription sent from the left table to the right table's partition of the foreign key, as Kafka Streams'
/// <c>SubscriptionWrapper</c> (version 1): the hash of the left value it was sent for (null for a deleted row),
/// the instruction, the left row's key, and the partition of the left row, to which the response is sent back.
/// </summary>
/// <typeparam name="TKey">The left (primary) key type.</typeparam>
/// <param name="Hash">Murmur3 128-bit hash of the serialized left value, or null when the left row was deleted.</param>
/// <param name="Instruction">What the right side must do.</param>
/// <param name="PrimaryKey">The left row's key.</param>
/// <param name="PrimaryPartition">The partition of the left row (where the response goes), or null for a version-0 subscription.</param>
internal sealed record SubscriptionWrapper<TKey>((long H1, long H2)? Hash, SubscriptionInstruction Instruction, TKey PrimaryKey, int? PrimaryPartition)
{
    /// <summary>The wire version this library writes, as Kafka Streams' <c>SubscriptionWrapper.CURRENT_VERSION</c>.</summary>
    public const byte CurrentVersion = 1;
}
