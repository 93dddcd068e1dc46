namespace Streams.Runtime.Internal;

/// <summary>One stream thread of <see cref="StreamThreadSupervisor"/>, its OS thread and its own stop signal (linked to the instance's).</summary>
/// <param name="index">The thread's index, the <c>n</c> of <c>{applicationId}-StreamThread-{n}</c> (1 and up; the lowest free one).</param>
/// <param name="thread">The stream thread.</param>
/// <param name="stop">Stops this thread only (removal); cancelled too when the instance stops. Disposed once the thread has exited.</param>
internal sealed class StreamThreadHandle(int index, StreamThread thread, CancellationTokenSource stop)
{
    /// <summary>The thread's index.</summary>
    public int Index { get; } = index;

    /// <summary>The stream thread.</summary>
    public StreamThread Thread { get; } = thread;

    /// <summary>This thread's stop signal.</summary>
    public CancellationTokenSource Stop { get; } = stop;

    /// <summary>The OS thread running the stream thread's loop (from <see cref="StreamsOptions.ThreadRunner"/>); set right after construction.</summary>
    public Thread OsThread { get; set; } = null!;

    /// <summary>Completes once the thread has exited and is forgotten; never faults.</summary>
    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Being removed, or its loop has ended: no longer a live thread (its index stays taken until it is gone).</summary>
    public bool Stopping { get; set; }
}
