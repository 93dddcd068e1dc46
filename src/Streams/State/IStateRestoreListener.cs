using Confluent.Kafka;

namespace Streams.State;

/// <summary>
/// Observes the restoration of state stores from their changelog topics, as Kafka Streams'
/// <c>StateRestoreListener</c> (set with <c>KafkaStreams.setGlobalStateRestoreListener</c>; here
/// <see cref="StreamsOptions.StateRestoreListener"/>). Called for the stores of every task the instance restores and
/// for global stores (whose changelog is their source topic), per changelog partition and store: once
/// <see cref="OnRestoreStart"/>, then <see cref="OnBatchRestored"/> after each batch is written to the store, then
/// either <see cref="OnRestoreEnd"/> when the partition is restored to its end offset or
/// <see cref="OnRestoreSuspended"/> when the restore is cut short (shutdown, revocation, a failure). A partition with
/// nothing to restore still gets <see cref="OnRestoreStart"/> (with equal offsets) and <see cref="OnRestoreEnd"/>
/// (with 0 records), as in Kafka Streams.
/// </summary>
/// <remarks>
/// <para>
/// The methods run on the thread that restores (a stream thread, or the thread that starts the application for
/// global stores), between batches: a slow listener slows the restore down. One instance is shared by every thread,
/// so it must be thread-safe.
/// </para>
/// <para>
/// Unlike Kafka Streams, where an exception thrown by the listener fails the stream thread, an exception thrown here
/// is logged (event id 2052, warning) and the restore goes on: the listener observes, it never decides.
/// </para>
/// </remarks>
public interface IStateRestoreListener
{
    /// <summary>Called once before the first record of <paramref name="topicPartition"/> is restored into <paramref name="storeName"/>.</summary>
    /// <param name="topicPartition">The changelog partition (for a global store, its source topic partition).</param>
    /// <param name="storeName">The store being restored.</param>
    /// <param name="startingOffset">The first offset read: the checkpointed offset of a persistent store with valid local state, else the partition's first retained offset.</param>
    /// <param name="endingOffset">The exclusive offset the restore stops at: the partition's end offset when the restore began (for a store whose changelog is its source topic, at most the committed offset).</param>
    void OnRestoreStart(TopicPartition topicPartition, string storeName, long startingOffset, long endingOffset);

    /// <summary>Called after each batch of records is written to the store.</summary>
    /// <param name="topicPartition">The changelog partition.</param>
    /// <param name="storeName">The store being restored.</param>
    /// <param name="batchEndOffset">The offset of the last record of the batch (inclusive).</param>
    /// <param name="numRestored">The records written in this batch (changelog records with a null key are skipped and not counted).</param>
    void OnBatchRestored(TopicPartition topicPartition, string storeName, long batchEndOffset, long numRestored);

    /// <summary>Called once when <paramref name="topicPartition"/> is restored up to its ending offset.</summary>
    /// <param name="topicPartition">The changelog partition.</param>
    /// <param name="storeName">The store restored.</param>
    /// <param name="totalRestored">The records written to the store from this partition, over all batches.</param>
    void OnRestoreEnd(TopicPartition topicPartition, string storeName, long totalRestored);

    /// <summary>
    /// Called instead of <see cref="OnRestoreEnd"/> when the restore of <paramref name="topicPartition"/> stops before
    /// its ending offset: the application shuts down, the partition is revoked or the restore fails. As Kafka Streams'
    /// <c>onRestoreSuspended</c> (KIP-869), whose default implementation does nothing; so does this one.
    /// </summary>
    /// <param name="topicPartition">The changelog partition.</param>
    /// <param name="storeName">The store whose restore stopped.</param>
    /// <param name="totalRestored">The records written to the store from this partition before it stopped.</param>
    void OnRestoreSuspended(TopicPartition topicPartition, string storeName, long totalRestored)
    {
    }
}
