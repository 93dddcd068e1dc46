namespace Streams;

/// <summary>
/// What a <see cref="StreamsApplication"/> guarantees about its outputs, state and input offsets when it fails
/// (<c>processing.guarantee</c>), as Kafka Streams' <c>StreamsConfig.AT_LEAST_ONCE</c> and <c>EXACTLY_ONCE_V2</c>.
/// </summary>
public enum ProcessingGuarantee
{
    /// <summary>
    /// <c>at_least_once</c> (the default): input offsets are committed after the outputs, changelog writes and
    /// dead letters before them were acknowledged by the broker, so a crash loses nothing but replays what was
    /// processed since the last commit: its outputs may appear twice.
    /// </summary>
    AtLeastOnce = 0,

    /// <summary>
    /// <c>exactly_once_v2</c> (KIP-447, as Kafka Streams 4.x): each stream thread has one transactional producer
    /// (<c>transactional.id = {applicationId}-{processId}-{threadIndex}</c>); everything it produces between two
    /// commits (outputs, repartition and changelog records, dead letters) and the input offsets of that interval
    /// are committed in one Kafka transaction, and every consumer of the application reads
    /// <c>read_committed</c>. A failure aborts the transaction and rewinds the thread's tasks to the last commit:
    /// a <c>read_committed</c> reader of the outputs sees each input record's effect exactly once. Needs brokers
    /// 2.5 or newer. Changes the defaults of <see cref="StreamsOptions.CommitInterval"/> (100 ms) and of the
    /// producer's <c>transaction.timeout.ms</c> (10 s), as Kafka Streams does.
    /// </summary>
    ExactlyOnceV2 = 1,
}
