using Confluent.Kafka;
using Streams.Processor;

namespace Streams.State;

/// <summary>
/// Observes the standby replicas of an instance (<see cref="StreamsOptions.NumStandbyReplicas"/>), as Kafka Streams'
/// <c>StandbyUpdateListener</c> (KIP-988; set with <c>KafkaStreams.setStandbyUpdateListener</c>, here
/// <see cref="StreamsOptions.StandbyUpdateListener"/>). Per changelog partition and store of every standby task:
/// <see cref="OnUpdateStart"/> once when the standby opens, <see cref="OnBatchLoaded"/> after each batch of changelog
/// records is written to the store, and <see cref="OnUpdateSuspended"/> once when the standby closes. A standby never
/// ends by itself: it follows its changelog for as long as it is a standby here.
/// </summary>
/// <remarks>
/// <para>
/// The methods run on the instance's standby updater thread (one per instance), between batches: a slow listener delays
/// the standbys and the hand-over of a task to a stream thread. Exceptions it throws are logged (event id 2073, warning)
/// and ignored, as <see cref="IStateRestoreListener"/>'s are here (Kafka Streams fails the thread instead).
/// </para>
/// <para>
/// Only the stores a standby keeps are reported: persistent stores with their own changelog topic. In-memory stores and
/// stores whose changelog is their source topic (<see cref="TopologyOptimization.ReuseKTableSourceTopics"/>) are
/// restored by the active task when it opens, as without standbys.
/// </para>
/// </remarks>
public interface IStandbyUpdateListener
{
    /// <summary>Called once when a standby task opens the store, before any record is loaded into it.</summary>
    /// <param name="topicPartition">The changelog partition the standby follows.</param>
    /// <param name="storeName">The store being updated.</param>
    /// <param name="startingOffset">
    /// The first changelog offset the standby reads: the checkpointed offset of valid local state (left by an earlier active
    /// or standby copy of the task), else the partition's first retained offset.
    /// </param>
    void OnUpdateStart(TopicPartition topicPartition, string storeName, long startingOffset);

    /// <summary>Called after a batch of changelog records was written to the store.</summary>
    /// <param name="topicPartition">The changelog partition.</param>
    /// <param name="storeName">The store updated.</param>
    /// <param name="taskId">The standby task.</param>
    /// <param name="batchEndOffset">The offset of the batch's last record (inclusive).</param>
    /// <param name="batchSize">The records written in this batch (changelog records with a null key are skipped and not counted).</param>
    /// <param name="currentEndOffset">The changelog partition's end offset (exclusive) as last seen by the standby's consumer: the standby is caught up when <c>batchEndOffset + 1</c> reaches it.</param>
    void OnBatchLoaded(TopicPartition topicPartition, string storeName, TaskId taskId, long batchEndOffset, long batchSize, long currentEndOffset);

    /// <summary>
    /// Called once when the standby task stops updating the store: <see cref="StandbyUpdateSuspendReason.Promoted"/> when the
    /// task becomes active on this instance (the active task then restores only the changelog after
    /// <paramref name="storeOffset"/>), <see cref="StandbyUpdateSuspendReason.Migrated"/> when it is no longer a standby here
    /// (placement changed, or the instance stops). Its local state is kept, with its checkpoint.
    /// </summary>
    /// <param name="topicPartition">The changelog partition.</param>
    /// <param name="storeName">The store.</param>
    /// <param name="storeOffset">The offset of the last changelog record the store holds (one below the checkpointed offset; -1 when nothing is known to be in it).</param>
    /// <param name="currentEndOffset">The changelog partition's end offset (exclusive) as last seen by the standby's consumer.</param>
    /// <param name="reason">Why the standby stopped.</param>
    void OnUpdateSuspended(TopicPartition topicPartition, string storeName, long storeOffset, long currentEndOffset, StandbyUpdateSuspendReason reason);
}
