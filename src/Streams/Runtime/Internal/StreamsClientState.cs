using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>
/// The client-level state of one application instance, as Kafka Streams' <c>KafkaStreams.state</c> with its
/// <c>stateLock</c>, <c>setState</c> and <c>waitOnState</c>: the current <see cref="StreamsState"/> (starts
/// <see cref="StreamsState.Created"/>), the failure that ended the instance, and the handlers of
/// <c>StreamsApplication.StateChanged</c>. <see cref="StreamsState.Error"/> and <see cref="StreamsState.NotRunning"/>
/// are final: later transitions are ignored. Thread-safe.
/// </summary>
/// <param name="sender">The <c>sender</c> of every <see cref="Changed"/> event: the application.</param>
/// <param name="logger">The application's logger (transitions are logged as <c>StateTransition</c>).</param>
/// <param name="timeProvider">The clock of <see cref="WaitForAsync"/>'s timeout (<see cref="StreamsOptions.TimeProvider"/>).</param>
internal sealed class StreamsClientState(object sender, ILogger logger, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private StreamsState _state = StreamsState.Created;

    /// <summary>Raised on every transition, on the thread that caused it, with <c>sender</c> as sender; handlers must not block.</summary>
    public event EventHandler<StreamsStateChange>? Changed;

    /// <summary>The current state.</summary>
    public StreamsState Current
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The failure that moved the instance to <see cref="StreamsState.Error"/> (a startup failure or a stream thread's), else null.</summary>
    public Exception? Error { get; set; }

    /// <summary>
    /// Runs <paramref name="action"/> under the state lock if the state is <see cref="StreamsState.Created"/>, so that
    /// no start can slip in between the check and the action.
    /// </summary>
    /// <param name="refusal">The message of the exception thrown in any other state, given that state.</param>
    /// <param name="action">What to do while still Created; null only checks.</param>
    /// <exception cref="InvalidOperationException">The state is not <see cref="StreamsState.Created"/>.</exception>
    public void RunWhileCreated(Func<StreamsState, string> refusal, Action? action = null)
    {
        lock (_lock)
        {
            if (_state != StreamsState.Created)
            {
                throw new InvalidOperationException(refusal(_state));
            }

            action?.Invoke();
        }
    }

    /// <summary>
    /// Moves to <paramref name="next"/>, logs the transition and raises <see cref="Changed"/> (outside the lock); does
    /// nothing when already there or when the state is final (Error, NotRunning).
    /// </summary>
    /// <param name="next">The new state.</param>
    public void Set(StreamsState next)
    {
        StreamsState old;
        lock (_lock)
        {
            old = _state;
            if (old == next || old is StreamsState.Error or StreamsState.NotRunning)
            {
                return;
            }

            _state = next;
        }

        Log.StateTransition(logger, old, next);
        Changed?.Invoke(sender, new StreamsStateChange(old, next));
    }

    /// <summary>
    /// Waits until the state equals <paramref name="state"/>, as <c>StreamsApplication.WaitForStateAsync</c>: gives up
    /// after <paramref name="timeout"/>, when the instance reaches Error or NotRunning first, or when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="state">The awaited state.</param>
    /// <param name="timeout">The longest wait (<see cref="Timeout.InfiniteTimeSpan"/> waits without a limit).</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>True when reached, false on timeout or when the instance stopped first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the state was reached.</exception>
    public async Task<bool> WaitForAsync(StreamsState state, TimeSpan timeout, CancellationToken cancellationToken)
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

        Changed += Handler;
        try
        {
            if (Current == state)
            {
                return true;
            }

            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, timeProvider, stopDelay.Token);
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
            Changed -= Handler;
        }
    }
}
