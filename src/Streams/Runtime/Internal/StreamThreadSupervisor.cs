using Microsoft.Extensions.Logging;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Queries.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// The stream threads of one instance (issue 4), as the thread half of Kafka Streams' <c>KafkaStreams</c>
/// (<c>threads</c>, <c>addStreamThread</c>, <c>removeStreamThread</c>, <c>replaceStreamThread</c>,
/// <c>StreamStateListener</c>, <c>closeToError</c>): creates, starts, removes and replaces them; owns the instance's
/// stop signal and completion; turns their states into the client state (<see cref="LocalThreadStates"/>), their tasks
/// into the announced tasks (<see cref="StreamsMetadataState.OnTasksChanged"/>), their progress into the instance's;
/// splits the record cache over the live threads; and, when a thread dies, asks <see cref="UncaughtExceptionEscalation"/>
/// whether to replace it or to end the instance in <see cref="StreamsState.Error"/>. See docs/reliability.md, section
/// Threads. Thread-safe: every change of the thread set happens under one lock.
/// </summary>
internal sealed class StreamThreadSupervisor : IAsyncDisposable
{
    private readonly Lock _threadsLock = new();
    private readonly List<StreamThreadHandle> _threads = [];
    private readonly LocalThreadStates _threadStates = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// This instance's process id, as Kafka Streams' <c>processId</c>: new for every application instance, part of each
    /// stream thread's <c>transactional.id</c> (<c>{applicationId}-{processId}-{threadIndex}</c>) under exactly-once v2.
    /// </summary>
    private readonly Guid _processId = Guid.NewGuid();
    private readonly InternalTopologyBuilder _builder;
    private readonly StreamsOptions _options;
    private readonly ILogger _logger;
    private readonly StreamsClientState _state;
    private readonly StreamsStartup _startup;
    private readonly LocalStoreRegistry _localStores;
    private readonly StreamsMetadataState _metadata;
    private readonly UncaughtExceptionEscalation _escalation;
    private StreamsProgress _retiredProgress = StreamsProgress.Empty;
    private Exception? _failure;
    private bool _threadsStarted;
    private int _disposed;

    /// <summary>Creates the supervisor, with no thread; see <see cref="CreateInitialThreads"/>.</summary>
    /// <param name="builder">The topology.</param>
    /// <param name="options">The application's options (<see cref="StreamsOptions.NumStreamThreads"/>, the cache size, the thread runner...).</param>
    /// <param name="logger">The application's logger.</param>
    /// <param name="state">The client state the threads' states feed.</param>
    /// <param name="startup">
    /// Holds the state directory and global stores every thread uses (read when a thread is created); disposed (what the
    /// instance opened is closed) once the last thread of a stopping instance is gone.
    /// </param>
    /// <param name="localStores">Where the threads register their tasks' stores for queries.</param>
    /// <param name="metadata">Where the threads' active tasks are announced.</param>
    /// <param name="escalation">Decides whether a dead thread is replaced.</param>
    public StreamThreadSupervisor(
        InternalTopologyBuilder builder,
        StreamsOptions options,
        ILogger logger,
        StreamsClientState state,
        StreamsStartup startup,
        LocalStoreRegistry localStores,
        StreamsMetadataState metadata,
        UncaughtExceptionEscalation escalation)
    {
        _builder = builder;
        _options = options;
        _logger = logger;
        _state = state;
        _startup = startup;
        _localStores = localStores;
        _metadata = metadata;
        _escalation = escalation;
    }

    /// <summary>Completes when the instance has stopped (cleanly or by error) and all its stream threads with it; never faults.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Progress counters summed over the threads (stopped, removed and replaced threads included) and the partitions of
    /// all live threads (after the instance stopped: of the threads it stopped with, with their final committed offsets).
    /// </summary>
    public StreamsProgress Progress
    {
        get
        {
            lock (_threadsLock)
            {
                return ProgressTotals.Sum(_threads.Select(h => h.Thread.Progress).Prepend(_retiredProgress));
            }
        }
    }

    /// <summary>As <c>StreamsApplication.AddStreamThread</c>: adds and starts a thread with the lowest free index and re-splits the cache.</summary>
    /// <returns>The new thread's name; null when the instance is not Running or Rebalancing (or is stopping).</returns>
    public string? Add()
    {
        lock (_threadsLock)
        {
            if (RefusesThreadChanges() is { } reason)
            {
                Log.ThreadChangeRefused(_logger, "add", reason);
                return null;
            }

            var handle = CreateThreadLocked();
            handle.OsThread.Start();
            return handle.Thread.Name;
        }
    }

    /// <summary>
    /// As <c>StreamsApplication.RemoveStreamThreadAsync</c>: stops the oldest live thread (never the calling stream thread
    /// unless it is the only one, and then without waiting) and waits for it to stop.
    /// </summary>
    /// <param name="timeout">How long to wait for the thread to stop; <see cref="Timeout.InfiniteTimeSpan"/> waits for as long as it takes.</param>
    /// <param name="cancellationToken">Stops waiting (the thread keeps stopping).</param>
    /// <returns>The removed thread's name; null when the instance is not running or rebalancing, or no thread can be removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite).</exception>
    /// <exception cref="TimeoutException">The thread did not stop within <paramref name="timeout"/>.</exception>
    public async Task<string?> RemoveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must not be negative.");
        }

        StreamThreadHandle victim;
        lock (_threadsLock)
        {
            if (RefusesThreadChanges() is { } reason)
            {
                Log.ThreadChangeRefused(_logger, "remove", reason);
                return null;
            }

            var live = _threads.Where(h => !h.Stopping).ToList();
            var current = Thread.CurrentThread;
            if (live.FirstOrDefault(h => h.OsThread != current || live.Count == 1) is not { } chosen)
            {
                Log.ThreadChangeRefused(_logger, "remove", "no stream thread is eligible for removal");
                return null;
            }

            victim = chosen;
            victim.Stopping = true;
            var perThread = ResizeCachesLocked(live.Count - 1);
            Log.ThreadRemoving(_logger, victim.Thread.Name, live.Count - 1, perThread);
            victim.Stop.Cancel();
        }

        if (victim.OsThread == Thread.CurrentThread)
        {
            return victim.Thread.Name;
        }

        try
        {
            await victim.Stopped.Task.WaitAsync(timeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Stream thread {victim.Thread.Name} did not stop within {timeout}; it keeps stopping in the background.", e);
        }

        return victim.Thread.Name;
    }

    /// <summary>As <c>StreamsApplication.MetadataForLocalThreads</c>: the live threads with their active tasks, by index.</summary>
    /// <returns>One entry per live thread; empty before the start and after the instance stopped.</returns>
    public IReadOnlyList<ThreadMetadata> MetadataForLocalThreads()
    {
        lock (_threadsLock)
        {
            return _threadStates.Threads;
        }
    }

    /// <summary>Creates the <see cref="StreamsOptions.NumStreamThreads"/> first threads (not started: see <see cref="StartThreads"/>).</summary>
    /// <returns>The created threads.</returns>
    public List<StreamThreadHandle> CreateInitialThreads()
    {
        lock (_threadsLock)
        {
            var created = new List<StreamThreadHandle>();
            for (var i = 0; i < _options.NumStreamThreads; i++)
            {
                created.Add(CreateThreadLocked());
            }

            return created;
        }
    }

    /// <summary>Starts the threads of <see cref="CreateInitialThreads"/>; from now on threads may be added and removed.</summary>
    /// <param name="threads">The threads to start.</param>
    public void StartThreads(List<StreamThreadHandle> threads)
    {
        lock (_threadsLock)
        {
            _threadsStarted = true;
            foreach (var handle in threads)
            {
                handle.OsThread.Start();
            }
        }
    }

    /// <summary>
    /// As <c>StreamsApplication.StopAsync</c>: raises the stop signal (asynchronously) and, with no thread left to report
    /// the end, ends the instance here; then waits for <see cref="Completion"/>. After the dispose, only waits.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the shutdown continues in the background).</param>
    /// <returns>A task that completes when the instance has stopped.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task StopAsync(CancellationToken cancellationToken)
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

    /// <summary>As <c>StreamsApplication.RequestStop</c>: raises the stop signal on the calling thread; does nothing once the instance has stopped.</summary>
    public void RequestStop()
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        _stop.Cancel();
        StopWithoutThreads();
    }

    /// <summary>Completes <see cref="Completion"/> without threads (a failed or cancelled start).</summary>
    public void Complete() => _completion.TrySetResult();

    /// <summary>
    /// As <c>StreamsApplication.DisposeAsync</c>: stops (<see cref="StopAsync"/>), then disposes the stop signal.
    /// Idempotent: later calls wait for the first one's stop.
    /// </summary>
    /// <returns>A task that completes when stopped and disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            // Idempotent: a DI container and its owner may both dispose.
            await _completion.Task.ConfigureAwait(false);
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Null when threads may be added or removed now, else why not.</summary>
    private string? RefusesThreadChanges()
    {
        var state = _state.Current;
        if (state is not (StreamsState.Running or StreamsState.Rebalancing) || !_threadsStarted)
        {
            return $"the application is {state}, not Running or Rebalancing";
        }

        return _stop.IsCancellationRequested || _failure is not null ? "the application is stopping" : null;
    }

    /// <summary>Creates a thread with the lowest free index and its share of the cache, and resizes the others' shares.</summary>
    private StreamThreadHandle CreateThreadLocked()
    {
        var index = StreamThreadSizing.NextIndex(_threads.Select(h => h.Index));
        var live = _threads.Count(h => !h.Stopping) + 1;
        var perThread = ResizeCachesLocked(live);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var thread = new StreamThread(
            _builder, _options, _startup.StateDirectory!, _startup.Global, _logger, s => OnThreadState(index, s), index, _localStores, perThread, _processId)
        {
            LeaveGroupOnFailure = _escalation.LeaveGroupOnFailure,
            TasksChanged = tasks => OnThreadTasks(index, tasks),
        };
        var handle = new StreamThreadHandle(index, thread, stop);
        handle.OsThread = _options.ThreadRunner.CreateThread(thread.Name, () => RunThread(handle));
        _threads.Add(handle);
        _threadStates.Add(index, thread.Name);
        Log.ThreadAdded(_logger, thread.Name, live, perThread);
        return handle;
    }

    /// <summary>Gives every live thread <c>total / <paramref name="live"/></c> bytes of cache; returns that share.</summary>
    private long ResizeCachesLocked(int live)
    {
        var perThread = StreamThreadSizing.CacheBytesPerThread(_options.StateStoreCacheMaxBytes, live);
        foreach (var handle in _threads.Where(h => !h.Stopping))
        {
            handle.Thread.ResizeCache(perThread);
        }

        return perThread;
    }

    /// <summary>The body of a stream thread's OS thread: runs its loop until stopped or failed, then reports the exit (<see cref="OnThreadExited"/>).</summary>
    private void RunThread(StreamThreadHandle handle)
    {
        Exception? failure = null;
        try
        {
            handle.Thread.Run(handle.Stop.Token);
        }
        catch (Exception e)
        {
            failure = e;
        }

        OnThreadExited(handle, failure);
    }

    /// <summary>
    /// A thread stopped: a removed thread just goes; a failed one is replaced if the handler says so, else (as Kafka's
    /// <c>closeToError</c>) every other thread is stopped gracefully and the instance ends in Error; once the last
    /// thread of a stopping instance is gone, the instance ends.
    /// </summary>
    private void OnThreadExited(StreamThreadHandle handle, Exception? failure)
    {
        bool removed;
        lock (_threadsLock)
        {
            removed = handle.Stopping && !_stop.IsCancellationRequested;
            handle.Stopping = true;
        }

        if (failure is not null && removed)
        {
            Log.RemovedThreadFailed(_logger, handle.Thread.Name, failure);
            failure = null;
        }

        var replaced = failure is not null && TryReplaceThread(handle.Index, failure);
        var finished = false;
        lock (_threadsLock)
        {
            _threads.Remove(handle);
            _metadata.OnTasksChanged(_threadStates.SetTasks(handle.Index, []));
            var next = _threadStates.Remove(handle.Index);
            if (failure is not null && !replaced && _failure is null)
            {
                _failure = failure;
                _state.Error = failure;
                Log.ThreadFailed(_logger, failure);
                _stop.Cancel();
            }
            else if (next is { } state && !_stop.IsCancellationRequested && _failure is null)
            {
                _state.Set(state);
            }

            if (!_stop.IsCancellationRequested && _failure is null)
            {
                ResizeCachesLocked(_threads.Count(h => !h.Stopping));
            }

            // When the instance ends, its threads' last partitions stay in Progress (the final committed offsets);
            // a removed or replaced thread leaves only its counters, as its partitions now belong to other threads.
            var final = handle.Thread.Progress;
            _retiredProgress = ProgressTotals.Sum([_retiredProgress, _stop.IsCancellationRequested ? final : ProgressTotals.Counters(final)]);

            finished = _threads.Count == 0 && (_stop.IsCancellationRequested || _failure is not null);
        }

        handle.Stop.Dispose();
        handle.Stopped.TrySetResult();
        if (finished)
        {
            FinishThreads();
        }
    }

    /// <summary>
    /// Replaces a dead thread when <see cref="UncaughtExceptionEscalation"/> says so (never while stopping), as Kafka's
    /// <c>replaceStreamThread</c>: the dead thread still holds its index, so the replacement takes the lowest free one.
    /// </summary>
    private bool TryReplaceThread(int deadIndex, Exception exception)
    {
        if (_stop.IsCancellationRequested || _failure is not null || !_escalation.ShouldReplaceThread(exception))
        {
            return false;
        }

        lock (_threadsLock)
        {
            if (_stop.IsCancellationRequested || _failure is not null)
            {
                return false;
            }

            _state.Set(StreamsState.Rebalancing);
            var replacement = CreateThreadLocked();
            Log.ThreadReplaced(_logger, deadIndex, replacement.Index, exception);
            replacement.OsThread.Start();
        }

        return true;
    }

    /// <summary>All threads are gone and the instance stops: Error when a thread failed, else NotRunning; then clean up.</summary>
    private void FinishThreads()
    {
        if (_failure is not null)
        {
            _state.Set(StreamsState.Error);
        }
        else
        {
            _state.Set(StreamsState.PendingShutdown);
            _state.Set(StreamsState.NotRunning);
        }

        _startup.Dispose();
        _completion.TrySetResult();
    }

    /// <summary>On a stop request: with no thread left to report the end, ends here (before start: only cleans up).</summary>
    private void StopWithoutThreads()
    {
        bool started;
        lock (_threadsLock)
        {
            if (_threads.Count > 0)
            {
                return;
            }

            started = _threadsStarted;
        }

        if (started)
        {
            FinishThreads();
        }
        else
        {
            _startup.Dispose();
            _completion.TrySetResult();
        }
    }

    /// <summary>A thread's transition, turned into the instance's (Kafka's StreamStateListener): see <see cref="LocalThreadStates"/>.</summary>
    private void OnThreadState(int index, StreamsState state)
    {
        lock (_threadsLock)
        {
            var next = _threadStates.OnThreadState(index, state);
            if (_failure is not null || _state.Current == StreamsState.PendingShutdown)
            {
                return;
            }

            if (_stop.IsCancellationRequested)
            {
                // Stopping: the first thread to stop moves the instance to PendingShutdown; rebalances no longer count.
                if (state == StreamsState.PendingShutdown)
                {
                    _state.Set(StreamsState.PendingShutdown);
                }

                return;
            }

            if (next is { } clientState)
            {
                _state.Set(clientState);
            }
        }
    }

    /// <summary>A thread's active tasks changed: the instance announces the union over its threads.</summary>
    private void OnThreadTasks(int index, IReadOnlyCollection<TaskId> tasks)
    {
        lock (_threadsLock)
        {
            var all = _threadStates.SetTasks(index, tasks);
            _metadata.OnTasksChanged(all);
        }
    }
}
