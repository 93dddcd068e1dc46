using Streams.Processor;
using Streams.Runtime.Internal;

namespace Streams;

// Stream threads (issue 4): NumStreamThreads, AddStreamThread, RemoveStreamThreadAsync, and how the instance's state,
// progress, cache and announced tasks follow its threads. See docs/reliability.md, section Threads.
public sealed partial class StreamsApplication
{
    private readonly Lock _threadsLock = new();
    private readonly List<StreamThreadHandle> _threads = [];
    private readonly LocalThreadStates _threadStates = new();
    private StreamsProgress _retiredProgress = StreamsProgress.Empty;
    private Exception? _failure;
    private bool _threadsStarted;

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
    public string? AddStreamThread()
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
    public async Task<string?> RemoveStreamThreadAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
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

    /// <summary>
    /// The live stream threads of this instance with the active tasks each runs, as Kafka Streams'
    /// <c>metadataForLocalThreads</c>; ordered by thread index. Threads being removed are listed until they have stopped.
    /// </summary>
    /// <returns>One entry per live thread; empty before <see cref="StartAsync"/> and after the application stopped.</returns>
    public IReadOnlyList<ThreadMetadata> MetadataForLocalThreads()
    {
        lock (_threadsLock)
        {
            return _threadStates.Threads;
        }
    }

    /// <summary>The progress of every thread summed, plus what stopped threads left (see <see cref="OnThreadExited"/>).</summary>
    private StreamsProgress AggregateProgress()
    {
        lock (_threadsLock)
        {
            return ProgressTotals.Sum(_threads.Select(h => h.Thread.Progress).Prepend(_retiredProgress));
        }
    }

    /// <summary>Creates the <see cref="StreamsOptions.NumStreamThreads"/> first threads (not started: see <see cref="StartThreads"/>).</summary>
    private List<StreamThreadHandle> CreateInitialThreads()
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

    private void StartThreads(List<StreamThreadHandle> threads)
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

    /// <summary>Null when threads may be added or removed now, else why not.</summary>
    private string? RefusesThreadChanges()
    {
        var state = State;
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
            _topology.Builder, _options, _stateDirectory!, _global, _logger, s => OnThreadState(index, s), index, _localStores, perThread, _processId)
        {
            LeaveGroupOnFailure = _uncaughtExceptionHandler is not null,
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
    /// <c>closeToError</c>) every other thread is stopped gracefully and the application ends in Error; once the last
    /// thread of a stopping application is gone, the application ends.
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

        // The uncaught exception handler may start a new stream thread instead (StreamsApplication.Errors.cs).
        var replaced = failure is not null && TryReplaceThread(handle.Index, failure);
        var finished = false;
        lock (_threadsLock)
        {
            _threads.Remove(handle);
            _metadata?.OnTasksChanged(_threadStates.SetTasks(handle.Index, []));
            var next = _threadStates.Remove(handle.Index);
            if (failure is not null && !replaced && _failure is null)
            {
                _failure = failure;
                Error = failure;
                Log.ThreadFailed(_logger, failure);
                _stop.Cancel();
            }
            else if (next is { } state && !_stop.IsCancellationRequested && _failure is null)
            {
                SetState(state);
            }

            if (!_stop.IsCancellationRequested && _failure is null)
            {
                ResizeCachesLocked(_threads.Count(h => !h.Stopping));
            }

            // When the application ends, its threads' last partitions stay in Progress (the final committed offsets);
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

    /// <summary>All threads are gone and the application stops: Error when a thread failed, else NotRunning; then clean up.</summary>
    private void FinishThreads()
    {
        if (_failure is not null)
        {
            SetState(StreamsState.Error);
        }
        else
        {
            SetState(StreamsState.PendingShutdown);
            SetState(StreamsState.NotRunning);
        }

        Cleanup();
        _completion.TrySetResult();
    }

    /// <summary>On StopAsync: with no thread left to report the end, ends here (before start: only cleans up).</summary>
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
            Cleanup();
            _completion.TrySetResult();
        }
    }

    /// <summary>A thread's transition, turned into the application's (Kafka's StreamStateListener): see <see cref="LocalThreadStates"/>.</summary>
    private void OnThreadState(int index, StreamsState state)
    {
        lock (_threadsLock)
        {
            var next = _threadStates.OnThreadState(index, state);
            if (_failure is not null || State == StreamsState.PendingShutdown)
            {
                return;
            }

            if (_stop.IsCancellationRequested)
            {
                // Stopping: the first thread to stop moves the application to PendingShutdown; rebalances no longer count.
                if (state == StreamsState.PendingShutdown)
                {
                    SetState(StreamsState.PendingShutdown);
                }

                return;
            }

            if (next is { } clientState)
            {
                SetState(clientState);
            }
        }
    }

    /// <summary>A thread's active tasks changed: the instance announces the union over its threads.</summary>
    private void OnThreadTasks(int index, IReadOnlyCollection<TaskId> tasks)
    {
        lock (_threadsLock)
        {
            var all = _threadStates.SetTasks(index, tasks);
            _metadata?.OnTasksChanged(all);
        }
    }

    /// <summary>One stream thread, its OS thread and its own stop signal (linked to the application's).</summary>
    private sealed class StreamThreadHandle(int index, StreamThread thread, CancellationTokenSource stop)
    {
        public int Index { get; } = index;

        public StreamThread Thread { get; } = thread;

        public CancellationTokenSource Stop { get; } = stop;

        public Thread OsThread { get; set; } = null!;

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Being removed, or its loop has ended: no longer a live thread (its index stays taken until it is gone).</summary>
        public bool Stopping { get; set; }
    }
}
