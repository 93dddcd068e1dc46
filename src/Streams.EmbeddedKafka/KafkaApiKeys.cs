namespace Streams.EmbeddedKafka;

/// <summary>
/// Kafka protocol API keys (the <c>ApiKey</c> of a request header, as in Apache Kafka's <c>ApiKeys</c>)
/// that <see cref="EmbeddedKafkaCluster.PushRequestErrors"/> takes, for the APIs the mock cluster serves.
/// </summary>
public static class KafkaApiKeys
{
    /// <summary>Produce (0).</summary>
    public const short Produce = 0;

    /// <summary>Fetch (1).</summary>
    public const short Fetch = 1;

    /// <summary>ListOffsets (2).</summary>
    public const short ListOffsets = 2;

    /// <summary>Metadata (3).</summary>
    public const short Metadata = 3;

    /// <summary>OffsetCommit (8).</summary>
    public const short OffsetCommit = 8;

    /// <summary>OffsetFetch (9).</summary>
    public const short OffsetFetch = 9;

    /// <summary>FindCoordinator (10).</summary>
    public const short FindCoordinator = 10;

    /// <summary>JoinGroup (11).</summary>
    public const short JoinGroup = 11;

    /// <summary>Heartbeat (12).</summary>
    public const short Heartbeat = 12;

    /// <summary>LeaveGroup (13).</summary>
    public const short LeaveGroup = 13;

    /// <summary>SyncGroup (14).</summary>
    public const short SyncGroup = 14;

    /// <summary>ApiVersions (18).</summary>
    public const short ApiVersions = 18;

    /// <summary>InitProducerId (22).</summary>
    public const short InitProducerId = 22;

    /// <summary>AddPartitionsToTxn (24).</summary>
    public const short AddPartitionsToTxn = 24;

    /// <summary>AddOffsetsToTxn (25).</summary>
    public const short AddOffsetsToTxn = 25;

    /// <summary>EndTxn (26).</summary>
    public const short EndTxn = 26;

    /// <summary>TxnOffsetCommit (28).</summary>
    public const short TxnOffsetCommit = 28;
}
