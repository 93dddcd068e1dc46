using Confluent.Kafka;

namespace Streams.Processor.Internal;

/// <summary>
/// Where sink nodes and changelogging stores send serialized records: the Kafka producer in the
/// runtime, in-memory topics in the test driver, as Kafka Streams' <c>RecordCollector</c>.
/// </summary>
internal interface IRecordCollector
{
    /// <summary>Sends one record; <paramref name="partition"/> null lets the partitioner choose (murmur2 of the key, as Kafka's default).</summary>
    void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition);

    /// <summary>
    /// Sends one record to a given partition (a changelog's): as <see cref="Send(string, byte[], byte[], Headers, long, int?)"/>;
    /// the caller keeps one <paramref name="partition"/> instance per changelog partition, so a collector that needs one
    /// need not allocate it per record.
    /// </summary>
    void Send(TopicPartition partition, byte[]? key, byte[]? value, long timestamp) =>
        Send(partition.Topic, key, value, null, timestamp, partition.Partition.Value);

    /// <summary>
    /// Sends a sink's output record for the input record <paramref name="task"/> is processing: a send failure goes to the
    /// task's production exception handler (Kafka Streams' <c>RecordCollectorImpl.recordSendError</c>). Collectors whose
    /// sends cannot fail just send.
    /// </summary>
    void SendOutput(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition, TaskContext task, string sinkName) =>
        Send(topic, key, value, headers, timestamp, partition);

    /// <summary>
    /// The partition count of <paramref name="topic"/>, for stream partitioners (Kafka Streams' <c>partitionsFor</c>).
    /// </summary>
    /// <exception cref="StreamsException">The count cannot be found.</exception>
    int PartitionsFor(string topic) =>
        throw new StreamsException($"The partition count of topic '{topic}' is unknown to this record collector; a stream partitioner cannot be used.");

    /// <summary>Blocks until every record sent so far is acknowledged; throws when any failed.</summary>
    void Flush();

    /// <summary>The offset of the last acknowledged record per changelog partition (for checkpoints).</summary>
    IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets { get; }
}
