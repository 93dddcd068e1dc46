using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>What became of a transactional record's transaction (Kafka's transaction markers, KIP-98).</summary>
public enum InMemoryTransactionState
{
    /// <summary>Not written in a transaction: visible to every consumer once written.</summary>
    None = 0,

    /// <summary>Its transaction is still open: it holds the partition's last stable offset back and read_committed consumers do not see it yet.</summary>
    Open = 1,

    /// <summary>Its transaction committed (a COMMIT marker follows it): read_committed consumers see it.</summary>
    Committed = 2,

    /// <summary>Its transaction aborted (an ABORT marker follows it): read_committed consumers skip it.</summary>
    Aborted = 3,
}

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
