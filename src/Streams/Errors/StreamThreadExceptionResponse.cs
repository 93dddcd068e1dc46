namespace Streams.Errors;

/// <summary>
/// What a <see cref="StreamsApplication"/> does after its stream thread died of an exception, as Kafka Streams'
/// <c>StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse</c> (KIP-671). Returned by the handler given to
/// <see cref="StreamsApplication.SetUncaughtExceptionHandler"/>.
/// </summary>
public enum StreamThreadExceptionResponse
{
    /// <summary>
    /// Start a new stream thread in place of the dead one: its tasks were closed dirty (nothing committed past the failed
    /// record), the new thread rejoins the group and resumes from the last committed offsets, so the failed record is
    /// processed again. The state goes <see cref="StreamsState.Rebalancing"/> then <see cref="StreamsState.Running"/>.
    /// </summary>
    ReplaceThread,

    /// <summary>Stop this instance: the state becomes <see cref="StreamsState.Error"/> (Kafka's PENDING_ERROR then ERROR).</summary>
    ShutdownClient,

    /// <summary>
    /// Kafka Streams signals every instance of the application to shut down through its group assignor; this runtime
    /// cannot, so it shuts this instance down as <see cref="ShutdownClient"/> and logs a warning.
    /// </summary>
    ShutdownApplication,
}
