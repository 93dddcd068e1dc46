namespace Streams.TestDriver.Simulation;

/// <summary>
/// A multi-partition, multi-instance test mode (issue 18, part 5): several <see cref="StreamsApplication"/> instances of
/// one topology on one <see cref="InMemoryKafkaCluster"/>, each with its real stream threads, its own clients
/// (<see cref="InMemoryKafkaClientSupplier"/>) and its own state directory, with the options the test configures
/// (partitions, processing guarantee, caching, commit interval, assignment), and instances added, stopped, crashed and
/// restarted on demand. Unlike <see cref="TopologyTestDriver"/> (one partition, records processed one at a time, no
/// caching, no exactly-once, no rebalance), a topology runs here the way it runs in production, rebalances and restores
/// included.
/// </summary>
/// <remarks>
/// The instances run on the real clock (the <see cref="StreamsOptions.TimeProvider"/> the test configures), so waits on
/// results are bounded waits (<see cref="InMemoryKafkaCluster.WaitUntil"/>), not steps: the interleaving of the
/// instances' threads is not replayed. A crash is <see cref="InMemoryKafkaClientSupplier.Crash"/>: give the consumers a
/// short <c>session.timeout.ms</c> (<see cref="StreamsOptions.Consumer"/>) so that the group moves a crashed instance's
/// partitions soon, and under exactly-once a <c>transaction.timeout.ms</c> below it (as Kafka Streams' defaults).
/// Not thread-safe: drive it from the test's thread.
/// <para>
/// Deterministic mode (<see cref="CreateDeterministic"/>): every instance's threads run one at a time under a scheduler
/// that a seed drives, on a virtual clock shared with the cluster, so that a seed replays the same interleaving and the
/// same history; nothing runs between calls, and <see cref="RunUntil"/> steps the threads (in virtual time) until a
/// condition holds. A crash then abandons the instance's threads wherever they are parked (mid-send, mid-commit,
/// mid-restore); a restart on kept state uses its state directory as it was at the crash.
/// </para>
/// </remarks>
public sealed class StreamsSimulation : IAsyncDisposable
{
    private readonly Func<Topology> _topology;
    private readonly string _applicationId;
    private readonly string _stateRoot;
    private readonly Action<StreamsOptions>? _configure;
    private readonly Dictionary<string, Instance> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _crashed = new(StringComparer.Ordinal);
    private int _next;
    private DeterministicScheduler? _scheduler;

    /// <summary>Creates a simulation; no instance runs until <see cref="StartInstanceAsync"/>.</summary>
    /// <param name="cluster">The cluster the instances run on (create the input topics with their partition counts first).</param>
    /// <param name="topology">Builds the topology, once per instance (a <see cref="Topology"/> is not shared between applications).</param>
    /// <param name="applicationId">The application id (the group id) of every instance.</param>
    /// <param name="stateRoot">A directory under which each instance gets its state directory (<c>stateRoot/&lt;instance&gt;</c>).</param>
    /// <param name="configure">
    /// Sets the rest of each instance's options (guarantee, commit interval, cache size, threads, client configs); called
    /// after <see cref="StreamsOptions.ApplicationId"/>, <see cref="StreamsOptions.BootstrapServers"/>,
    /// <see cref="StreamsOptions.StateDirectory"/> and <see cref="StreamsOptions.ClientSupplier"/> are set, which it must
    /// not change. Null: the defaults.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> or <paramref name="topology"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="applicationId"/> or <paramref name="stateRoot"/> is empty.</exception>
    public StreamsSimulation(InMemoryKafkaCluster cluster, Func<Topology> topology, string applicationId, string stateRoot, Action<StreamsOptions>? configure = null)
    {
        Cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _topology = topology ?? throw new ArgumentNullException(nameof(topology));
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        ArgumentException.ThrowIfNullOrEmpty(stateRoot);
        _applicationId = applicationId;
        _stateRoot = stateRoot;
        _configure = configure;
    }

    /// <summary>
    /// Creates a simulation in deterministic mode (see the remarks): a new <see cref="InMemoryKafkaCluster"/> on the virtual
    /// clock of a scheduler seeded with <paramref name="seed"/>; every instance's <see cref="StreamsOptions.TimeProvider"/>
    /// is that clock (whatever <paramref name="configure"/> sets). Create the topics on <see cref="Cluster"/>, start
    /// instances, produce, then <see cref="RunUntil"/>.
    /// </summary>
    /// <param name="seed">Decides which thread runs at every Kafka request, and how much virtual time each step takes.</param>
    /// <param name="topology">Builds the topology, once per instance.</param>
    /// <param name="applicationId">The application id of every instance.</param>
    /// <param name="stateRoot">A directory for the instances' state directories.</param>
    /// <param name="configure">Sets the rest of each instance's options, as for the constructor.</param>
    /// <returns>The simulation.</returns>
    public static StreamsSimulation CreateDeterministic(int seed, Func<Topology> topology, string applicationId, string stateRoot, Action<StreamsOptions>? configure = null)
    {
        var scheduler = new DeterministicScheduler(seed);
        var cluster = new InMemoryKafkaCluster(scheduler.Clock);
        scheduler.Attach(cluster);
        return new StreamsSimulation(cluster, topology, applicationId, stateRoot, configure) { _scheduler = scheduler };
    }

    /// <summary>Whether this simulation runs deterministically (<see cref="CreateDeterministic"/>).</summary>
    public bool IsDeterministic => _scheduler is not null;

    /// <summary>In deterministic mode, the steps taken so far (each: one thread ran until its next Kafka requests); else 0.</summary>
    public long Steps => _scheduler?.Steps ?? 0;

    /// <summary>In deterministic mode, a hash of every step taken (which thread, where, when): equal for two runs exactly when they interleaved alike; else null.</summary>
    public string? TraceHash => _scheduler?.TraceHash;

    /// <summary>
    /// Deterministic mode: runs the instances' threads, one step at a time as the seed decides, until
    /// <paramref name="condition"/> holds (checked between steps, when every thread is parked). Virtual time moves with
    /// the steps and jumps ahead when every thread waits, so session and transaction timeouts cost no real time.
    /// </summary>
    /// <param name="condition">What to wait for; it may read the cluster.</param>
    /// <param name="maxSteps">The most steps to take.</param>
    /// <returns>True when the condition held; false when the steps ran out or no thread could run any more.</returns>
    /// <exception cref="InvalidOperationException">The simulation is not deterministic (use <see cref="InMemoryKafkaCluster.WaitUntil"/>).</exception>
    /// <exception cref="TimeoutException">A thread did not yield back within 30 s of real time (a deadlock or a busy loop).</exception>
    public bool RunUntil(Func<InMemoryKafkaCluster, bool> condition, long maxSteps = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var scheduler = _scheduler ?? throw new InvalidOperationException("RunUntil steps a deterministic simulation (CreateDeterministic); wait with InMemoryKafkaCluster.WaitUntil otherwise.");
        return scheduler.RunUntil(() => condition(Cluster), maxSteps);
    }

    /// <summary>The cluster the instances run on.</summary>
    public InMemoryKafkaCluster Cluster { get; }

    /// <summary>The names of the running instances (<c>i0</c>, <c>i1</c>, ... in start order), in order.</summary>
    public IReadOnlyList<string> Instances => [.. _running.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The application of a running instance, e.g. to read its <see cref="StreamsApplication.Error"/> or query its stores.</summary>
    /// <param name="instance">A running instance's name.</param>
    /// <returns>Its application.</returns>
    /// <exception cref="KeyNotFoundException">No such running instance.</exception>
    public StreamsApplication this[string instance] => _running[instance].App;

    /// <summary>Starts a new instance on a new state directory, which joins the group (a rebalance).</summary>
    /// <returns>The new instance's name.</returns>
    public Task<string> StartInstanceAsync() => StartAsync(null);

    /// <summary>
    /// Crashes a running instance (<see cref="InMemoryKafkaClientSupplier.Crash"/>): no commit, no leave group, no flush, no
    /// abort; its member expires after its <c>session.timeout.ms</c>, then the group moves its partitions. Its state
    /// directory is kept for <see cref="RestartAsync"/>.
    /// </summary>
    /// <param name="instance">A running instance's name.</param>
    /// <returns>A task that completes once the crashed application has been abandoned (its own shutdown fails as its requests do).</returns>
    /// <exception cref="KeyNotFoundException">No such running instance.</exception>
    public async Task CrashAsync(string instance)
    {
        var crashed = _running[instance];
        _running.Remove(instance);
        crashed.Supplier.Crash();
        _crashed[instance] = crashed.StateDirectory;
        if (_scheduler is { } scheduler)
        {
            // What a kill -9 leaves on disk: the state directory now, with the threads parked mid-request. The abandoned
            // threads then unwind in the original directory (their requests fail); a restart on kept state uses this copy.
            var kept = crashed.StateDirectory + "-crash";
            CrashSnapshot.CopyStateDirectory(crashed.StateDirectory, kept);
            _crashed[instance] = kept;
            scheduler.Abandon(instance);
        }

        try
        {
            await crashed.App.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is StreamsException or Confluent.Kafka.KafkaException or ObjectDisposedException or InvalidOperationException)
        {
            // A crashed process does not shut down; what its shutdown attempted failed and reached nothing.
        }
    }

    /// <summary>Restarts a crashed instance as a new instance (new clients, a new member) on its state directory or a wiped one.</summary>
    /// <param name="crashedInstance">The name of an instance passed to <see cref="CrashAsync"/> and not restarted yet.</param>
    /// <param name="wipeState">True: delete its state directory first (a new machine); false: restart on its local state.</param>
    /// <returns>The new instance's name.</returns>
    /// <exception cref="KeyNotFoundException">No such crashed instance.</exception>
    public Task<string> RestartAsync(string crashedInstance, bool wipeState)
    {
        var directory = _crashed[crashedInstance];
        _crashed.Remove(crashedInstance);
        if (wipeState && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return StartAsync(wipeState ? null : directory);
    }

    /// <summary>Stops a running instance gracefully (<see cref="StreamsApplication.StopAsync"/>: commit, leave the group) and disposes it.</summary>
    /// <param name="instance">A running instance's name.</param>
    /// <returns>The stopped application's <see cref="StreamsApplication.Error"/>: null after a clean stop.</returns>
    /// <exception cref="KeyNotFoundException">No such running instance.</exception>
    public async Task<Exception?> StopInstanceAsync(string instance)
    {
        var stopping = _running[instance];
        _running.Remove(instance);
        if (_scheduler is { } scheduler)
        {
            DeterministicScheduler.RequestStop(stopping.App);
            scheduler.RunUntil(() => stopping.App.Completion.IsCompleted, 10_000_000);
        }

        await stopping.App.StopAsync().ConfigureAwait(false);
        var error = stopping.App.Error;
        await stopping.App.DisposeAsync().ConfigureAwait(false);
        return error;
    }

    /// <summary>Stops every running instance gracefully.</summary>
    /// <returns>A task that completes when they are stopped and disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await StopInstanceAsync(instance).ConfigureAwait(false);
        }

        _scheduler?.Dispose();
    }

    private async Task<string> StartAsync(string? stateDirectory)
    {
        var name = $"i{_next++}";
        stateDirectory ??= Path.Combine(_stateRoot, name);
        var supplier = new InMemoryKafkaClientSupplier(Cluster);
        var options = new StreamsOptions
        {
            ApplicationId = _applicationId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = stateDirectory,
            ClientSupplier = supplier,
        };
        _configure?.Invoke(options);
        _scheduler?.Configure(options, name);
        var app = new StreamsApplication(_topology(), options);
        await app.StartAsync().ConfigureAwait(false);
        _running[name] = new Instance(app, supplier, stateDirectory);
        return name;
    }

    private sealed record Instance(StreamsApplication App, InMemoryKafkaClientSupplier Supplier, string StateDirectory);
}
