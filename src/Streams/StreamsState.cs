namespace Streams;

/// <summary>
/// The lifecycle state of a <see cref="StreamsApplication"/>, as Kafka Streams' <c>KafkaStreams.State</c>:
/// Created -> Rebalancing -> Running (and back to Rebalancing on group changes) -> PendingShutdown ->
/// NotRunning, or Error when a stream thread died.
/// </summary>
public enum StreamsState
{
    /// <summary>Constructed, not started.</summary>
    Created,

    /// <summary>Joining the group, receiving an assignment, or restoring state.</summary>
    Rebalancing,

    /// <summary>Processing.</summary>
    Running,

    /// <summary>Stopping: finishing the record in hand, flushing, committing, leaving the group.</summary>
    PendingShutdown,

    /// <summary>Stopped cleanly.</summary>
    NotRunning,

    /// <summary>Stopped by an error; see <see cref="StreamsApplication.Error"/>.</summary>
    Error,
}
