namespace Streams.Internal;

/// <summary>
/// How an application starts, joins and offloads its background work: its stream threads, the instance-metadata reader,
/// the standby updater, and the fire-and-forget repartition purges. Production uses <see cref="OsThreadRunner"/> (OS
/// threads and the thread pool, as Kafka Streams' <c>StreamThread</c> is a <c>java.lang.Thread</c>); a test scheduler
/// (Streams.TestDriver's <c>DeterministicScheduler</c>) replaces it through <see cref="StreamsOptions.ThreadRunner"/> to
/// own every thread that talks to Kafka, so that one seed decides their interleaving. The seam costs one indirection when
/// a thread starts or a purge is sent, never per record.
/// </summary>
internal interface IStreamsThreadRunner
{
    /// <summary>Creates (does not start) a background thread that runs <paramref name="body"/>.</summary>
    /// <param name="name">The thread's name (e.g. <c>{applicationId}-StreamThread-1</c>).</param>
    /// <param name="body">What the thread runs; it must catch its own exceptions.</param>
    /// <returns>The thread; the caller starts it with <see cref="Thread.Start()"/> and may compare it with <see cref="Thread.CurrentThread"/>.</returns>
    Thread CreateThread(string name, ThreadStart body);

    /// <summary>Waits for a thread made by <see cref="CreateThread"/> to end, as <see cref="Thread.Join(TimeSpan)"/>.</summary>
    /// <param name="thread">The thread.</param>
    /// <param name="timeout">The longest wait (<see cref="Timeout.InfiniteTimeSpan"/>: no limit).</param>
    /// <returns>True when the thread ended (or never started), false on timeout.</returns>
    bool Join(Thread thread, TimeSpan timeout);

    /// <summary>Runs asynchronous work off the calling thread, as <see cref="Task.Run(Func{Task})"/>.</summary>
    /// <param name="work">The work.</param>
    /// <returns>Its completion.</returns>
    Task RunBackground(Func<Task> work);
}

/// <summary>The production <see cref="IStreamsThreadRunner"/>: background OS threads and the thread pool.</summary>
internal sealed class OsThreadRunner : IStreamsThreadRunner
{
    /// <summary>The one instance.</summary>
    public static OsThreadRunner Instance { get; } = new();

    /// <inheritdoc/>
    public Thread CreateThread(string name, ThreadStart body) => new(body) { IsBackground = true, Name = name };

    /// <inheritdoc/>
    public bool Join(Thread thread, TimeSpan timeout) => (thread.ThreadState & ThreadState.Unstarted) != 0 || thread.Join(timeout);

    /// <inheritdoc/>
    public Task RunBackground(Func<Task> work) => Task.Run(work);
}
