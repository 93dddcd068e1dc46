using Streams.Errors;

namespace Streams;

// Stream threads (issue 4) and their failures (KIP-671): StreamThreadSupervisor and UncaughtExceptionEscalation own them.
public sealed partial class StreamsApplication
{
    /// <summary>
    /// Adds and starts a stream thread, as Kafka Streams' <c>addStreamThread</c>: a new consumer joins the group, so the
    /// tasks are rebalanced over all threads of all instances (the state goes <see cref="StreamsState.Rebalancing"/>, then
    /// <see cref="StreamsState.Running"/>). The thread takes the lowest index no live thread uses (a removed thread's index
    /// is reused once it has stopped), and the record cache (<see cref="StreamsOptions.StateStoreCacheMaxBytes"/>) is split
    /// again evenly over the live threads.
    /// </summary>
    /// <returns>
    /// The new thread's name, <c>{applicationId}-StreamThread-{n}</c>; null when the application is not
    /// <see cref="StreamsState.Running"/> or <see cref="StreamsState.Rebalancing"/> (not started yet, stopping, stopped or failed).
    /// </returns>
    public string? AddStreamThread() => _threads.Add();

    /// <summary>
    /// Removes one stream thread, as Kafka Streams' <c>removeStreamThread(timeout)</c>: the oldest live thread (which one is
    /// not part of the contract) finishes the record in hand, commits, closes its tasks and leaves the group, so its tasks
    /// move to the remaining threads and instances; the record cache is split again over the live threads. As Kafka, the
    /// last thread can be removed too: the instance then stays <see cref="StreamsState.Running"/> with no thread and no task
    /// until one is added. A stream thread calling this (from a <see cref="StateChanged"/> handler) never removes itself
    /// unless it is the only one, and then does not wait.
    /// </summary>
    /// <param name="timeout">How long to wait for the thread to stop; <see cref="Timeout.InfiniteTimeSpan"/> waits for as long as it takes.</param>
    /// <param name="cancellationToken">Stops waiting (the thread keeps stopping).</param>
    /// <returns>The removed thread's name; null when the application is not running or rebalancing, or no thread can be removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="TimeoutException">
    /// The thread did not stop within <paramref name="timeout"/>; it keeps stopping in the background and its index is not
    /// reused until it has stopped.
    /// </exception>
    public Task<string?> RemoveStreamThreadAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _threads.RemoveAsync(timeout, cancellationToken);

    /// <summary>
    /// The live stream threads of this instance with the active tasks each runs, as Kafka Streams'
    /// <c>metadataForLocalThreads</c>; ordered by thread index. Threads being removed are listed until they have stopped.
    /// </summary>
    /// <returns>One entry per live thread; empty before <see cref="StartAsync"/> and after the application stopped.</returns>
    public IReadOnlyList<ThreadMetadata> MetadataForLocalThreads() => _threads.MetadataForLocalThreads();

    /// <summary>
    /// Sets the handler called when the stream thread dies of an exception (a processing, deserialization or production
    /// failure whose handler said fail, a failed commit...), as Kafka Streams' <c>setUncaughtExceptionHandler</c>
    /// (KIP-671). <see cref="StreamThreadExceptionResponse.ReplaceThread"/> starts a new stream thread: the dead thread's
    /// tasks were closed without committing, it left the group, and the new one rejoins and resumes from the last committed
    /// offsets, so the failing record is processed again (the state goes <see cref="StreamsState.Rebalancing"/> then
    /// <see cref="StreamsState.Running"/>). <see cref="StreamThreadExceptionResponse.ShutdownClient"/> stops the other stream threads
    /// gracefully (as Kafka's <c>closeToError</c>) and then moves the application to <see cref="StreamsState.Error"/> with
    /// <see cref="Error"/> set; <see cref="StreamThreadExceptionResponse.ShutdownApplication"/>
    /// does the same here (other instances are not told) and logs a warning. Without a handler the application goes to
    /// <see cref="StreamsState.Error"/>. A handler that throws counts as ShutdownClient.
    /// </summary>
    /// <param name="handler">Called on the dying stream thread with the exception; must not block for long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The application was already started.</exception>
    public void SetUncaughtExceptionHandler(Func<Exception, StreamThreadExceptionResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _state.RunWhileCreated(
            state => $"SetUncaughtExceptionHandler can be called only before StartAsync, in state Created; the state is {state}.",
            () => _escalation.Handler = handler);
    }
}
