using Streams.Internal;
using Streams.Runtime.Internal;
using Streams.State.Internal;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// Runs several <see cref="StreamsApplication"/> instances in one process as if on one core, under one seed: every thread
/// that talks to Kafka (stream threads, metadata readers, standby updaters; see <see cref="StreamsOptions.ThreadRunner"/>)
/// is a real OS thread, but only one of them runs at a time, and at each client request (<see cref="InMemoryKafkaCluster.Yield"/>)
/// the seed decides whether it goes on or hands over and to which thread. Time is a <see cref="VirtualClock"/>: each step
/// adds a seeded few hundred microseconds, and when every thread waits (a poll with nothing to read, a backoff) the clock
/// jumps to the earliest deadline, so a 45 s session timeout costs no real time. The same seed therefore replays the same
/// interleaving, the same timestamps and the same history; <see cref="TraceHash"/> proves it.
/// </summary>
/// <remarks>
/// <para>
/// Baton passing (as Coyote's or FoundationDB's simulation schedulers, on threads rather than a single loop): the driver
/// (the test's thread) calls <see cref="Step"/>, which releases the chosen thread and waits for it to yield back; the
/// thread runs its own code (the runtime's unchanged loop, rebalance callbacks, restores) until its next Kafka request,
/// where it parks. No runtime code is restructured for this: a restore inside a rebalance callback or a commit inside a
/// revocation yields at its requests like any other.
/// </para>
/// <para>
/// What stays outside the seed: work the runtime hands to the thread pool and waits for at once (startup's
/// <c>PrepareAsync</c>, a restore's write-behind), which touches no other thread's state while it runs; real-time bounds
/// (a restore's 60 s no-progress limit, <see cref="StepTimeout"/>) that only a hang reaches. A step that does not yield
/// within <see cref="StepTimeout"/> fails the run with the thread's last point (a deadlock or a busy loop).
/// </para>
/// </remarks>
internal sealed class DeterministicScheduler : IDisposable
{
    [ThreadStatic]
    private static SimThread? t_current;

    private readonly object _lock = new();
    private readonly List<SimThread> _threads = [];
    private readonly HashSet<string> _abandoned = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _baton = new(0);
    private readonly List<string>? _trace;
    private ulong _traceHash = 14695981039346656037UL;

    /// <summary>Creates a scheduler.</summary>
    /// <param name="seed">Decides every choice: which thread runs, for how many requests, how much time each step takes.</param>
    /// <param name="keepTrace">Keep every step's line in <see cref="Trace"/> (else only <see cref="TraceHash"/>).</param>
    public DeterministicScheduler(int seed, bool keepTrace = false)
    {
        Random = new Random(seed);
        Clock = new VirtualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _trace = keepTrace ? [] : null;
    }

    /// <summary>The seeded source of every choice; the driver draws its faults from it too, so one seed decides all.</summary>
    public Random Random { get; }

    /// <summary>The virtual clock.</summary>
    public VirtualClock Clock { get; }

    /// <summary>The most client requests a thread makes before the scheduler chooses again (at least 1; drawn per step).</summary>
    public int MaxQuantum { get; init; } = 6;

    /// <summary>The most virtual time one step takes (drawn per step, uniform from zero).</summary>
    public TimeSpan MaxStepTime { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How long, in real time, a step may run before the run is declared hung.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Each step as <c>step virtual-ms thread point</c> (only with <c>keepTrace</c>; else empty).</summary>
    public IReadOnlyList<string> Trace => _trace ?? [];

    /// <summary>FNV-1a (64 bit) of every step's line: equal for two runs exactly when their interleavings are.</summary>
    public string TraceHash => _traceHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the calling thread is one this scheduler runs (and not abandoned).</summary>
    public bool OwnsCurrentThread => t_current is { } t && t.Scheduler == this && !t.FreeRunning;

    /// <summary>Names of the threads still running (not ended, not abandoned), in creation order.</summary>
    public IReadOnlyList<string> LiveThreads
    {
        get
        {
            lock (_lock)
            {
                return _threads.Where(t => !t.Done && !t.FreeRunning).Select(t => t.Name).ToList();
            }
        }
    }

    /// <summary>Releases the baton; call once every scheduled thread has ended or been abandoned.</summary>
    public void Dispose() => _baton.Dispose();

    /// <summary>Where each live thread of <paramref name="owner"/> is parked now (its last point), in creation order.</summary>
    /// <param name="owner">The instance.</param>
    /// <returns>The points (e.g. <c>produce</c>, <c>end txn (commit)</c>, <c>poll (restore)</c>).</returns>
    public IReadOnlyList<string> Points(string owner)
    {
        lock (_lock)
        {
            return _threads.Where(t => t.Owner == owner && !t.Done && !t.FreeRunning).Select(t => t.Point).ToList();
        }
    }

    /// <summary>Makes <paramref name="cluster"/>'s clients yield to this scheduler (and read its clock for their waits).</summary>
    /// <param name="cluster">The cluster; it must have been created with <see cref="Clock"/> as its clock.</param>
    /// <exception cref="ArgumentException">The cluster reads another clock.</exception>
    public void Attach(InMemoryKafkaCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!ReferenceEquals(cluster.TimeProvider, Clock))
        {
            throw new ArgumentException("The cluster must read the scheduler's clock.", nameof(cluster));
        }

        cluster.Scheduler = this;
    }

    /// <summary>The thread runner of one instance (set it as its <see cref="StreamsOptions.ThreadRunner"/>).</summary>
    /// <param name="owner">The instance's name: prefixes its threads' names in the trace, and is what <see cref="Abandon"/> takes.</param>
    /// <returns>The runner.</returns>
    public IStreamsThreadRunner Runner(string owner) => new Runner(this, owner);

    /// <summary>
    /// Makes an instance run under this scheduler: its <see cref="StreamsOptions.TimeProvider"/> becomes <see cref="Clock"/>
    /// and its threads are this scheduler's (named <c>{owner}/{thread}</c>).
    /// </summary>
    /// <param name="options">The instance's options (before the application is created).</param>
    /// <param name="owner">The instance's name, as <see cref="Abandon"/> takes it.</param>
    public void Configure(StreamsOptions options, string owner)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = Clock;
        options.ThreadRunner = Runner(owner);
    }

    /// <summary>
    /// Requests a graceful stop of <paramref name="app"/> without waiting (its threads see it at their next loop); the
    /// caller steps until <see cref="StreamsApplication.Completion"/>.
    /// </summary>
    /// <param name="app">The application.</param>
    public static void RequestStop(StreamsApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.RequestStop();
    }

    /// <summary>
    /// A crash: every thread of <paramref name="owner"/> stops being scheduled where it is parked, mid-request. They are
    /// then let go to run freely (their clients, crashed by the caller first, fail every request, so nothing they do
    /// reaches the cluster) so that their OS threads end; the caller waits for the instance's completion.
    /// </summary>
    /// <param name="owner">The instance.</param>
    /// <returns>Where each thread was parked (its last point), for the trace.</returns>
    public IReadOnlyList<string> Abandon(string owner)
    {
        List<SimThread> victims;
        lock (_lock)
        {
            _abandoned.Add(owner);
            victims = _threads.Where(t => t.Owner == owner && !t.Done && !t.FreeRunning).ToList();
            foreach (var t in victims)
            {
                t.FreeRunning = true;
            }
        }

        foreach (var t in victims)
        {
            t.Go.Release();
        }

        return victims.Select(t => $"{t.Name} at {t.Point}").ToList();
    }

    /// <summary>
    /// One step: the clock moves a seeded bit; a seeded runnable thread runs until it yields back. When no thread can run,
    /// the clock first jumps to the earliest deadline a waiting thread has.
    /// </summary>
    /// <returns>False when no thread can ever run again (all ended, or waiting without a deadline).</returns>
    /// <exception cref="TimeoutException">The chosen thread did not yield within <see cref="StepTimeout"/>.</exception>
    public bool Step()
    {
        Clock.Advance(TimeSpan.FromTicks(Random.NextInt64(MaxStepTime.Ticks + 1)));
        var runnable = Runnable();
        if (runnable.Count == 0)
        {
            long? next;
            lock (_lock)
            {
                next = _threads.Where(t => !t.Done && !t.FreeRunning && t.WaitDeadlineMs is not null).Select(t => t.WaitDeadlineMs).Min();
            }

            if (next is not { } deadline)
            {
                return false;
            }

            Clock.AdvanceTo(deadline);
            runnable = Runnable();
            if (runnable.Count == 0)
            {
                return false;
            }
        }

        var chosen = runnable[Random.Next(runnable.Count)];
        chosen.Budget = Random.Next(1, MaxQuantum + 1);
        chosen.WaitDeadlineMs = null;
        chosen.WaitReady = null;
        Steps++;
        Record($"{Steps} {Clock.NowMs % 10_000_000} {chosen.Name} {chosen.Point}");
        chosen.Go.Release();
        if (!_baton.Wait(StepTimeout))
        {
            throw new TimeoutException($"Thread {chosen.Name} did not yield within {StepTimeout.TotalSeconds:0} s of real time (last point: {chosen.Point}): a deadlock or a busy loop.");
        }

        return true;
    }

    /// <summary>Steps until <paramref name="done"/> holds (checked before each step).</summary>
    /// <param name="done">The condition, read between steps (every scheduled thread is parked then).</param>
    /// <param name="maxSteps">The most steps to take.</param>
    /// <returns>Whether the condition held.</returns>
    public bool RunUntil(Func<bool> done, long maxSteps)
    {
        for (long i = 0; i < maxSteps; i++)
        {
            if (done())
            {
                return true;
            }

            if (!Step())
            {
                return done();
            }
        }

        return done();
    }

    /// <summary>At a client request of a scheduled thread: go on while its quantum lasts, else park until chosen again.</summary>
    /// <param name="point">The request, for the trace.</param>
    internal void Yield(string point)
    {
        if (t_current is not { } me || me.Scheduler != this || me.FreeRunning)
        {
            return;
        }

        me.Point = point;
        if (--me.Budget > 0)
        {
            return;
        }

        Park(me);
    }

    /// <summary>
    /// A scheduled thread waits (a poll with nothing to read, a retry backoff, a join): it parks and is runnable again once
    /// <paramref name="ready"/> holds or the clock reaches <paramref name="deadlineMs"/>. Returns at once on any other thread.
    /// </summary>
    /// <param name="point">What it waits for, for the trace.</param>
    /// <param name="deadlineMs">Virtual Unix milliseconds at which the wait ends anyway.</param>
    /// <param name="ready">Whether what it waits for happened (read by the driver, all threads parked); null: only the deadline.</param>
    internal void Block(string point, long deadlineMs, Func<bool>? ready)
    {
        if (t_current is not { } me || me.Scheduler != this || me.FreeRunning)
        {
            return;
        }

        me.Point = point;
        me.WaitDeadlineMs = deadlineMs;
        me.WaitReady = ready;
        Park(me);
    }

    /// <summary>Waits for a thread made by a runner of this scheduler; see <see cref="IStreamsThreadRunner.Join"/>.</summary>
    internal bool Join(Thread thread, TimeSpan timeout)
    {
        SimThread? target;
        lock (_lock)
        {
            target = _threads.FirstOrDefault(t => t.Os == thread);
        }

        if (target is null || (thread.ThreadState & ThreadState.Unstarted) != 0)
        {
            return OsThreadRunner.Instance.Join(thread, timeout);
        }

        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Clock.NowMs + (long)timeout.TotalMilliseconds;
        if (OwnsCurrentThread)
        {
            while (!target.Done && Clock.NowMs < deadline)
            {
                Block("join " + target.Name, deadline, () => target.Done);
            }

            return target.Done;
        }

        if (t_current is not null || target.FreeRunning)
        {
            // An abandoned thread (or one abandoned with its instance): real time.
            return thread.Join(timeout == Timeout.InfiniteTimeSpan ? StepTimeout : timeout);
        }

        // The driver (or a pool thread it waits for): step the others until the target ends.
        RunUntil(() => target.Done || Clock.NowMs >= deadline, 1_000_000);
        return target.Done;
    }

    internal Thread Create(string owner, string name, ThreadStart body)
    {
        var sim = new SimThread(this, owner, $"{owner}/{name}");
        sim.Os = new Thread(() =>
        {
            t_current = sim;
            sim.Go.Wait();
            try
            {
                // A crash here is a kill -9 of the process, not a power loss: what a store wrote before it is in the page
                // cache and survives (the harness copies the state directory through the file system), so a commit's
                // fsync of a store's write-ahead log (RocksDB) proves nothing more and costs real time; skip it, as the
                // TopologyTestDriver does. Close still syncs.
                using (StoreFlush.WithoutSync())
                {
                    body();
                }
            }
            finally
            {
                bool handBack;
                lock (_lock)
                {
                    sim.Done = true;
                    handBack = !sim.FreeRunning;
                }

                t_current = null;
                if (handBack)
                {
                    _baton.Release();
                }
            }
        })
        { IsBackground = true, Name = name };
        lock (_lock)
        {
            _threads.Add(sim);

            // A thread an abandoned instance starts while it unwinds (a stream thread's bounded consumer close) runs freely
            // too: nothing schedules that instance any more.
            if (_abandoned.Contains(owner))
            {
                sim.FreeRunning = true;
                sim.Go.Release();
            }
        }

        return sim.Os;
    }

    private void Park(SimThread me)
    {
        _baton.Release();
        me.Go.Wait();
    }

    private List<SimThread> Runnable()
    {
        lock (_lock)
        {
            var now = Clock.NowMs;
            return _threads.Where(t => !t.Done && !t.FreeRunning && (t.Os.ThreadState & ThreadState.Unstarted) == 0
                && (t.WaitDeadlineMs is not { } d || now >= d || (t.WaitReady?.Invoke() ?? false))).ToList();
        }
    }

    private void Record(string line)
    {
        foreach (var c in line)
        {
            _traceHash = (_traceHash ^ c) * 1099511628211UL;
        }

        _traceHash = (_traceHash ^ '\n') * 1099511628211UL;
        _trace?.Add(line);
    }

    /// <summary>One scheduled thread: its baton, its quantum, what it waits for.</summary>
    private sealed class SimThread(DeterministicScheduler scheduler, string owner, string name)
    {
        public DeterministicScheduler Scheduler { get; } = scheduler;

        public string Owner { get; } = owner;

        public string Name { get; } = name;

        public Thread Os { get; set; } = null!;

        public SemaphoreSlim Go { get; } = new(0);

        public volatile bool Done;

        public volatile bool FreeRunning;

        public int Budget { get; set; }

        public string Point { get; set; } = "start";

        public long? WaitDeadlineMs { get; set; }

        public Func<bool>? WaitReady { get; set; }
    }
}

/// <summary>An instance's <see cref="IStreamsThreadRunner"/> under a <see cref="DeterministicScheduler"/>.</summary>
/// <param name="scheduler">The scheduler.</param>
/// <param name="owner">The instance's name.</param>
internal sealed class Runner(DeterministicScheduler scheduler, string owner) : IStreamsThreadRunner
{
    /// <inheritdoc/>
    public Thread CreateThread(string name, ThreadStart body) => scheduler.Create(owner, name, body);

    /// <inheritdoc/>
    public bool Join(Thread thread, TimeSpan timeout) => scheduler.Join(thread, timeout);

    /// <inheritdoc/>
    /// <remarks>Inline, on the calling (scheduled) thread: a purge lands at a point the seed decides.</remarks>
    public Task RunBackground(Func<Task> work)
    {
        try
        {
            return work();
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }
}
