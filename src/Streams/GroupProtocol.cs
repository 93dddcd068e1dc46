namespace Streams;

/// <summary>
/// The consumer group protocol of the application's stream threads (<see cref="StreamsOptions.GroupProtocol"/>), as
/// Kafka's consumer setting <c>group.protocol</c> (KIP-848). Every member of one group must use the same protocol
/// (a broker can migrate a group between them, but Streams does not rely on that).
/// </summary>
public enum GroupProtocol
{
    /// <summary>
    /// The default: the classic protocol (<c>group.protocol=classic</c>, JoinGroup/SyncGroup/Heartbeat), with the
    /// assignment computed by the group leader's client-side assignor chosen by <see cref="StreamsOptions.TaskAssignment"/>.
    /// </summary>
    Classic = 0,

    /// <summary>
    /// The next-generation protocol of KIP-848 (<c>group.protocol=consumer</c>, ConsumerGroupHeartbeat; Kafka 4.0+ brokers,
    /// and librdkafka 2.16's mock cluster): the broker computes the assignment, incrementally, and members no longer stop
    /// the group to rebalance. The classic group settings are the broker's under this protocol: the runtime does not set
    /// <c>partition.assignment.strategy</c>, and drops <c>session.timeout.ms</c>, <c>heartbeat.interval.ms</c>,
    /// <c>partition.assignment.strategy</c> and <c>group.protocol.type</c> from its main consumers' copy of
    /// <see cref="StreamsOptions.Consumer"/> (librdkafka refuses them with this protocol). Needs
    /// <see cref="TaskAssignmentStrategy.CooperativeSticky"/>: the lead-topic subscription and co-partitioned companions
    /// work alike on the broker's incremental assignments.
    /// </summary>
    Consumer = 1,
}
