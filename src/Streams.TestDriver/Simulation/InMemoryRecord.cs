using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// One data record of an <see cref="InMemoryKafkaCluster"/> partition, as a test reads it back (control markers are not
/// data records and are not listed, though they take offsets, as Kafka's <c>ControlRecordType</c> batches do).
/// </summary>
/// <param name="TopicPartition">Where it is.</param>
/// <param name="Offset">Its offset in the partition (0-based, contiguous with the control markers between records).</param>
/// <param name="Timestamp">Its timestamp (create time as given by the producer, or the cluster's time when the producer gave none).</param>
/// <param name="Key">Its key bytes, or null.</param>
/// <param name="Value">Its value bytes, or null (a tombstone).</param>
/// <param name="Headers">Its headers (never null; empty when none).</param>
/// <param name="ProducerId">The id of the producer that wrote it (KIP-98's producer id).</param>
/// <param name="Transaction">What became of its transaction.</param>
public sealed record InMemoryRecord(
    TopicPartition TopicPartition, long Offset, Timestamp Timestamp, byte[]? Key, byte[]? Value, Headers Headers, long ProducerId, InMemoryTransactionState Transaction);
