using Microsoft.Extensions.Logging;
using Streams.Errors;
using Streams.Queries.Internal;
using Streams.Runtime.Internal;

namespace Streams;

/// <summary>
/// Runs a <see cref="Topology"/> against Kafka: the equivalent of Kafka Streams' <c>KafkaStreams</c>
/// client. Joins the consumer group <see cref="StreamsOptions.ApplicationId"/>, turns assigned partitions
/// into tasks, restores their stores from changelogs, processes records, writes sinks through the
/// producer and commits at-least-once, or exactly-once in Kafka transactions (<see cref="StreamsOptions.ProcessingGuarantee"/>). Scale out by starting more instances with the same application id, or
/// more stream threads per instance (<see cref="StreamsOptions.NumStreamThreads"/>, <see cref="AddStreamThread"/>).
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="StartAsync"/> once, then <see cref="StopAsync"/> or dispose. <see cref="State"/>
/// and <see cref="StateChanged"/> follow Kafka Streams' states: Rebalancing while any stream thread rebalances,
/// Running once all run. If a stream thread fails (a processing error, a deserialization failure the handler does
/// not skip, a failed send) and the uncaught exception handler does not replace it, the other threads stop
/// gracefully and the state becomes <see cref="StreamsState.Error"/>; <see cref="Error"/> holds the cause and
/// nothing is committed past the record that failed.
/// </remarks>
public sealed partial class StreamsApplication : IAsyncDisposable
{
    private readonly StreamsOptions _options;
    private readonly ILogger _logger;
    private readonly StreamsClientState _state;
    private readonly StreamsStartup _startup;
    private readonly QueryableStoreProvider _stores;
    private readonly StreamsMetadataState _metadata;
    private readonly UncaughtExceptionEscalation _escalation;
    private readonly StreamThreadSupervisor _threads;

    /// <summary>Creates the application; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="topology">The topology to run.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public StreamsApplication(Topology topology, StreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Topology = topology;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<StreamsApplication>();
        ClientConfigs.WarnIfTransactionOutlivesSession(options, _logger);
        var builder = topology.Builder;
        _state = new StreamsClientState(this, _logger, options.TimeProvider);
        _stores = new QueryableStoreProvider(builder, () => State, _logger);
        _metadata = new StreamsMetadataState(builder, options, _logger, () => State);
        _startup = new StreamsStartup(builder, options, _logger, _stores, _metadata);
        _escalation = new UncaughtExceptionEscalation(_logger, _state);
        _threads = new StreamThreadSupervisor(builder, options, _logger, _state, _startup, _stores.Registry, _metadata, _escalation);
    }

    /// <summary>Raised on every state transition, on the thread that caused it; handlers must not block.</summary>
    public event EventHandler<StreamsStateChange>? StateChanged
    {
        add => _state.Changed += value;
        remove => _state.Changed -= value;
    }

    /// <summary>The current state.</summary>
    public StreamsState State => _state.Current;

    /// <summary>The failure that moved the application to <see cref="StreamsState.Error"/>, else null.</summary>
    public Exception? Error => _state.Error;

    /// <summary>
    /// Progress counters and per-partition committed offsets, refreshed by each stream thread after every loop iteration:
    /// counters summed over the threads (stopped, removed and replaced threads included), partitions of all live threads
    /// (after the application stopped: of the threads it stopped with, with their final committed offsets).
    /// </summary>
    public StreamsProgress Progress => _threads.Progress;

    /// <summary>Completes when the application has stopped (cleanly or by error) and all its stream threads with it; never faults.</summary>
    public Task Completion => _threads.Completion;

    /// <summary>
    /// Starts processing: checks the state directory lock, creates internal topics where the broker allows,
    /// loads global stores completely, then starts <see cref="StreamsOptions.NumStreamThreads"/> stream threads and returns. The state moves to
    /// <see cref="StreamsState.Rebalancing"/> and then <see cref="StreamsState.Running"/> once tasks are assigned.
    /// </summary>
    /// <param name="cancellationToken">Cancels startup (not the running application; use <see cref="StopAsync"/>).</param>
    /// <returns>A task that completes when the stream threads are started.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="KafkaUnreachableException">No broker answered within <see cref="StreamsOptions.StartupTimeout"/>; the message names
    /// the bootstrap servers, what failed and what to check, and the application is in <see cref="StreamsState.Error"/> with it as <see cref="Error"/>.</exception>
    /// <exception cref="StreamsException">The state directory is locked, an internal topic is incompatible, or global stores cannot be loaded.</exception>
    /// <exception cref="DllNotFoundException">No build of the librdkafka.redist package loads on this platform; the message names the platform (RID) and each file tried with the reason.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _state.RunWhileCreated(state => $"StartAsync can be called once, in state Created; the state is {state}.");
        _state.Set(StreamsState.Rebalancing);
        List<StreamThreadHandle> threads;
        try
        {
            await _startup.StartAsync(cancellationToken).ConfigureAwait(false);
            threads = _threads.CreateInitialThreads();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop requested during startup is a stop, not a failure.
            _startup.Dispose();
            _state.Set(StreamsState.NotRunning);
            _threads.Complete();
            throw;
        }
        catch (Exception e)
        {
            Fail(e);
            _threads.Complete();
            throw;
        }

        _threads.StartThreads(threads);
    }

    /// <summary>
    /// Stops gracefully: every stream thread finishes the record in hand, flushes stores and producer, commits,
    /// closes its tasks and leaves the group. Waits for <see cref="Completion"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the shutdown continues in the background).</param>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _threads.StopAsync(cancellationToken);

    /// <summary>
    /// Requests the graceful stop of <see cref="StopAsync"/> without waiting: the stop signal is raised on the calling
    /// thread (every stream thread's linked stop token is cancelled before this returns, where <see cref="StopAsync"/>
    /// cancels asynchronously). For Streams.TestDriver's deterministic scheduler, which then steps the threads until
    /// <see cref="Completion"/>; production code uses <see cref="StopAsync"/>.
    /// </summary>
    internal void RequestStop() => _threads.RequestStop();

    /// <summary>
    /// Starts, runs until <paramref name="cancellationToken"/> is cancelled or the stream thread stops, then
    /// stops gracefully: the shape a hosted service's <c>ExecuteAsync</c> wants.
    /// </summary>
    /// <param name="cancellationToken">Stops the application when cancelled.</param>
    /// <returns>A task that completes once stopped; it does not throw on cancellation.</returns>
    /// <exception cref="StreamsException">Startup failed, or the stream thread failed (the application is in <see cref="StreamsState.Error"/>).</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => cancelled.TrySetResult()).ConfigureAwait(false))
        {
            await Task.WhenAny(Completion, cancelled.Task).ConfigureAwait(false);
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (State == StreamsState.Error)
        {
            throw Error as StreamsException ?? new StreamsException("The stream thread failed: " + Error?.Message, Error!);
        }
    }

    /// <summary>Waits until the state equals <paramref name="state"/>.</summary>
    /// <param name="state">The awaited state.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>True when reached, false on timeout or when the application stopped first.</returns>
    public Task<bool> WaitForStateAsync(StreamsState state, TimeSpan timeout) => WaitForStateAsync(state, timeout, CancellationToken.None);

    /// <summary>
    /// Waits until the state equals <paramref name="state"/>, giving up after <paramref name="timeout"/> or when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="state">The awaited state.</param>
    /// <param name="timeout">The longest wait (<see cref="Timeout.InfiniteTimeSpan"/> waits without a limit).</param>
    /// <param name="cancellationToken">Abandons the wait; the application itself is not stopped.</param>
    /// <returns>True when reached, false on timeout or when the application stopped first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the state was reached.</exception>
    public Task<bool> WaitForStateAsync(StreamsState state, TimeSpan timeout, CancellationToken cancellationToken) =>
        _state.WaitForAsync(state, timeout, cancellationToken);

    /// <summary>Stops (see <see cref="StopAsync"/>) and releases resources. Idempotent: later calls wait for the first one's stop.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public ValueTask DisposeAsync() => _threads.DisposeAsync();

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
    public void SetUncaughtExceptionHandler(Func<Exception, StreamThreadExceptionResponse> handler) => _escalation.SetHandler(handler);

    private void Fail(Exception e)
    {
        _state.Error = e;

        // A startup failure, not a stream thread's: the runtime's own exceptions carry the whole story in their message
        // (an unreachable broker is one sentence), so only an unexpected one is logged with its stack trace.
        Log.StartFailed(_logger, e.Message, e is StreamsException ? null : e);
        _state.Set(StreamsState.Error);
        _startup.Dispose();
    }
}
