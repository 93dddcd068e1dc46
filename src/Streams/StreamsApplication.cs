using Confluent.Kafka;
using Microsoft.Extensions.Logging;
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
    private readonly Topology _topology;
    private readonly StreamsOptions _options;
    private readonly ILogger _logger;
    private readonly object _stateLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StateDirectory? _stateDirectory;
    private GlobalStateUpdater? _global;
    private StreamsState _state = StreamsState.Created;
    private int _disposed;

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
        _topology = topology;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<StreamsApplication>();
        if (options.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2
            && (options.Producer.TransactionTimeoutMs ?? Runtime.Internal.ClientConfigs.ExactlyOnceTransactionTimeoutMs) is var transactionTimeout
            && (options.Consumer.SessionTimeoutMs ?? 45_000) is var sessionTimeout
            && transactionTimeout >= sessionTimeout)
        {
            // Found by the seeded simulation (docs/reliability.md): Kafka has the same window; its defaults keep it closed.
            Runtime.Internal.Log.TransactionTimeoutNotBelowSessionTimeout(_logger, transactionTimeout, sessionTimeout);
        }
    }

    /// <summary>Raised on every state transition, on the thread that caused it; handlers must not block.</summary>
    public event EventHandler<StreamsStateChange>? StateChanged;

    /// <summary>The current state.</summary>
    public StreamsState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The failure that moved the application to <see cref="StreamsState.Error"/>, else null.</summary>
    public Exception? Error { get; private set; }

    /// <summary>
    /// Progress counters and per-partition committed offsets, refreshed by each stream thread after every loop iteration:
    /// counters summed over the threads (stopped, removed and replaced threads included), partitions of all live threads
    /// (after the application stopped: of the threads it stopped with, with their final committed offsets).
    /// </summary>
    public StreamsProgress Progress => AggregateProgress();

    /// <summary>Completes when the application has stopped (cleanly or by error) and all its stream threads with it; never faults.</summary>
    public Task Completion => _completion.Task;

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
        lock (_stateLock)
        {
            if (_state != StreamsState.Created)
            {
                throw new InvalidOperationException($"StartAsync can be called once, in state Created; the state is {_state}.");
            }
        }

        SetState(StreamsState.Rebalancing);
        List<StreamThreadHandle> threads;
        try
        {
            _stateDirectory = new StateDirectory(_options.StateDirectory, _options.ApplicationId);
            await Task.Run(() => PrepareAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            RegisterGlobalStores();
            StartMetadata();
            StartStandby();
            threads = CreateInitialThreads();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop requested during startup is a stop, not a failure.
            Cleanup();
            SetState(StreamsState.NotRunning);
            _completion.TrySetResult();
            throw;
        }
        catch (Exception e)
        {
            Fail(e);
            _completion.TrySetResult();
            throw;
        }

        StartThreads(threads);
    }

    /// <summary>
    /// Stops gracefully: every stream thread finishes the record in hand, flushes stores and producer, commits,
    /// closes its tasks and leaves the group. Waits for <see cref="Completion"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the shutdown continues in the background).</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) == 0 || !_completion.Task.IsCompleted)
        {
            try
            {
                await _stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the stop was requested by the dispose.
            }

            StopWithoutThreads();
        }

        await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Requests the graceful stop of <see cref="StopAsync"/> without waiting: the stop signal is raised on the calling
    /// thread (every stream thread's linked stop token is cancelled before this returns, where <see cref="StopAsync"/>
    /// cancels asynchronously). For Streams.TestDriver's deterministic scheduler, which then steps the threads until
    /// <see cref="Completion"/>; production code uses <see cref="StopAsync"/>.
    /// </summary>
    internal void RequestStop()
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        _stop.Cancel();
        StopWithoutThreads();
    }

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
            await Task.WhenAny(_completion.Task, cancelled.Task).ConfigureAwait(false);
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
    public async Task<bool> WaitForStateAsync(StreamsState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, StreamsStateChange change)
        {
            if (change.NewState == state)
            {
                tcs.TrySetResult(true);
            }
            else if (change.NewState is StreamsState.Error or StreamsState.NotRunning)
            {
                tcs.TrySetResult(false);
            }
        }

        StateChanged += Handler;
        try
        {
            if (State == state)
            {
                return true;
            }

            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, _options.TimeProvider, stopDelay.Token);
            var finished = await Task.WhenAny(tcs.Task, delay).ConfigureAwait(false);
            if (finished == tcs.Task)
            {
                await stopDelay.CancelAsync().ConfigureAwait(false);
                return await tcs.Task.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
        finally
        {
            StateChanged -= Handler;
        }
    }

    /// <summary>Stops (see <see cref="StopAsync"/>) and releases resources. Idempotent: later calls wait for the first one's stop.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            // Idempotent: a DI container and its owner may both dispose.
            await _completion.Task.ConfigureAwait(false);
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        // Before the first Kafka client: the package's librdkafka for this platform, or one exception naming each build tried.
        LibrdkafkaLoader.Load();
        string? firstClientError = null;
        using (var admin = _options.ClientSupplier.GetAdmin(ClientRequests.Admin(_options, (_, e) =>
                   {
                       // Kept for the startup failure's message; "1/1 brokers are down" says less than the connect failure before it.
                       if (!e.IsBrokerError && e.Code != ErrorCode.Local_AllBrokersDown)
                       {
                           Interlocked.CompareExchange(ref firstClientError, e.Reason, null);
                       }

                       Log.ClientError(_logger, e.Reason, e.IsFatal);
                   })))
        {
            var metadata = ReadStartupMetadata(admin, () => Volatile.Read(ref firstClientError));
            var partitions = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
            var required = InternalTopicManager.RequiredTopics(_topology.Builder, _options.ApplicationId, t => partitions.TryGetValue(t, out var n) ? n : null);
            var specs = InternalTopicSpec.For(_topology.Builder, _options.ApplicationId, WithMetadataTopic(partitions, required));
            var additionalRetentionMs = (long)_options.WindowStoreChangelogAdditionalRetention.TotalMilliseconds;
            await InternalTopicManager.EnsureAsync(admin, specs, additionalRetentionMs, _options.InternalTopicCreationTimeout, _logger).ConfigureAwait(false);
        }

        if (_topology.Builder.GlobalStores.Count > 0)
        {
            _global = new GlobalStateUpdater(
                _topology.Builder, _options, _stateDirectory!, ClientConfigs.AssignOnlyConsumer(_options, $"{_options.ApplicationId}-global-consumer"), _logger);
            _global.Bootstrap(TimeSpan.FromSeconds(60), cancellationToken);
        }
    }

    /// <summary>The first request to the brokers, bounded by <see cref="StreamsOptions.StartupTimeout"/>; no answer is a <see cref="KafkaUnreachableException"/>.</summary>
    private Metadata ReadStartupMetadata(IAdminClient admin, Func<string?> clientError)
    {
        try
        {
            var metadata = admin.GetMetadata(_options.StartupTimeout);
            if (metadata.Brokers.Count == 0)
            {
                throw new KafkaUnreachableException(_options.BootstrapServers, _options.StartupTimeout, "the metadata answer listed no brokers", null);
            }

            return metadata;
        }
        catch (KafkaException e) when (!e.Error.IsBrokerError)
        {
            var failure = clientError() is { } reason
                ? $"no broker answered a metadata request (the client's first error: {KafkaUnreachableException.ShortReason(reason)})"
                : $"no broker answered a metadata request ({e.Error.Reason})";
            throw new KafkaUnreachableException(_options.BootstrapServers, _options.StartupTimeout, failure, e);
        }
    }

    private void Fail(Exception e)
    {
        Error = e;

        // A startup failure, not a stream thread's: the runtime's own exceptions carry the whole story in their message
        // (an unreachable broker is one sentence), so only an unexpected one is logged with its stack trace.
        Log.StartFailed(_logger, e.Message, e is StreamsException ? null : e);
        SetState(StreamsState.Error);
        Cleanup();
    }

    private void Cleanup()
    {
        StopStandby();
        StopMetadata();
        _localStores.Close();
        _global?.Dispose();
        _global = null;
        _stateDirectory?.Dispose();
        _stateDirectory = null;
    }

    private void SetState(StreamsState next)
    {
        StreamsState old;
        lock (_stateLock)
        {
            old = _state;
            if (old == next || old is StreamsState.Error or StreamsState.NotRunning)
            {
                return;
            }

            _state = next;
        }

        Log.StateTransition(_logger, old, next);
        StateChanged?.Invoke(this, new StreamsStateChange(old, next));
    }
}
