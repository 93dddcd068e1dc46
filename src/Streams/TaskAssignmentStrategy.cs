namespace Streams;

/// <summary>
/// How the application's consumer group hands source partitions, and with them tasks, to the stream threads of all
/// instances (<see cref="StreamsOptions.TaskAssignment"/>). Kafka Streams does this with its own group assignor
/// (<c>StreamsPartitionAssignor</c>, sticky and cooperative since KIP-429/KIP-441); librdkafka, which this runtime
/// uses through Confluent.Kafka, accepts no custom assignor from .NET, so each strategy is built on one of librdkafka's
/// assignors. Both keep partition <c>i</c> of every source topic of a sub-topology in one task (one member). See
/// docs/reliability.md, section Assignment.
/// </summary>
public enum TaskAssignmentStrategy
{
    /// <summary>
    /// The default. Each stream thread subscribes one lead source topic per sub-topology (the one with the most
    /// partitions, the first by ordinal name among equals) with librdkafka's <c>cooperative-sticky</c> assignor and adds
    /// partition <c>i</c> of the sub-topology's other source topics itself when lead partition <c>i</c> is assigned. The
    /// group balances the number of tasks over the members (not their load), members keep the tasks they have when
    /// others join or leave, and a rebalance revokes, commits and closes only the tasks that move (incremental
    /// rebalancing, as Kafka Streams since 2.4); the tasks a member keeps go on processing during the rebalance.
    /// </summary>
    CooperativeSticky = 0,

    /// <summary>
    /// librdkafka's eager <c>range</c> assignor over all source topics, the runtime's behaviour before
    /// <see cref="CooperativeSticky"/>: every rebalance revokes and closes every task of every member and creates them
    /// again, and the same member gets partition 0 of every topic, so tasks of several sub-topologies pile up on the
    /// first members. Kept for comparison (and for groups that must not mix protocols while upgrading: all members of a
    /// group must use the same strategy).
    /// </summary>
    Range = 1,
}
