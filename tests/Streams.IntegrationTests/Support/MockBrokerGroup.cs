using Confluent.Kafka;

namespace Streams.IntegrationTests;

/// <summary>
/// The consumer settings of the applications these tests run on the embedded broker (librdkafka's mock cluster), chosen
/// for its group timing (docs/embedded-broker.md). A member joining or leaving a non-empty classic group makes the mock
/// wait <c>session.timeout.ms</c> less 1 s for the other members to rejoin before it elects a leader, and a
/// cooperative change takes two such rounds; that wait, not processing, was most of the time of the tests that add or
/// remove members.
/// </summary>
internal static class MockBrokerGroup
{
    /// <summary>
    /// <c>session.timeout.ms</c>: 3 s, so a membership change waits 2 s per round instead of the 5 s of 6 s (the smallest
    /// a real broker accepts by default; the mock takes any value). The 2 s still leave a member four heartbeats to see the
    /// rebalance and rejoin, so the rounds stay the ones the tests expect.
    /// </summary>
    public const int SessionTimeoutMs = 3_000;

    /// <summary><c>heartbeat.interval.ms</c>: 500 ms, six per session, so a member learns of a rebalance within 0.5 s.</summary>
    public const int HeartbeatIntervalMs = 500;

    /// <summary>
    /// A new consumer configuration with <c>fetch.wait.max.ms</c> 10 (the mock answers a caught-up Fetch only at that
    /// bound), <see cref="SessionTimeoutMs"/> and <see cref="HeartbeatIntervalMs"/> (classic groups only: Streams leaves
    /// both out under <c>group.protocol=consumer</c>).
    /// </summary>
    public static ConsumerConfig Consumer() => new()
    {
        FetchWaitMaxMs = 10,
        SessionTimeoutMs = SessionTimeoutMs,
        HeartbeatIntervalMs = HeartbeatIntervalMs,
    };
}
