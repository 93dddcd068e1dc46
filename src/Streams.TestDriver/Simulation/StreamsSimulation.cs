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
        var app = new StreamsApplication(_topology(), options);
        await app.StartAsync().ConfigureAwait(false);
        _running[name] = new Instance(app, supplier, stateDirectory);
        return name;
    }

    private sealed record Instance(StreamsApplication App, InMemoryKafkaClientSupplier Supplier, string StateDirectory);
}
