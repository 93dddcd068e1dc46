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
