namespace Streams.TestDriver.Simulation;

/// <content>
/// The hooks of the <see cref="DeterministicScheduler"/>: every client request is a point where the scheduler may switch
/// to another thread (<see cref="Yield"/>), and every change of the cluster bumps <see cref="Version"/>, which a consumer
/// blocked in <c>Consume(timeout)</c> under the scheduler waits on instead of <see cref="Monitor.Wait(object)"/>.
/// </content>
public sealed partial class InMemoryKafkaCluster
{
    private long _version;
    private int _clientNumbers;

    /// <summary>The scheduler that owns the threads of this cluster's clients, or null (clients block in real time).</summary>
    internal DeterministicScheduler? Scheduler { get; set; }

    /// <summary>Counts the cluster's changes (records appended, transactions ended, offsets committed, group changes).</summary>
    internal long Version => Interlocked.Read(ref _version);

    /// <summary>The next number of a client's name on this cluster (1, 2, ...): the same in every run of a seed.</summary>
    internal int NextClientNumber() => Interlocked.Increment(ref _clientNumbers);

    /// <summary>Under <see cref="Gate"/>: the cluster changed; wakes the consumers waiting for a record or a group change.</summary>
    internal void Pulse()
    {
        Interlocked.Increment(ref _version);
        Monitor.PulseAll(Gate);
    }

    /// <summary>
    /// Outside <see cref="Gate"/>, at the start of a client request: under a <see cref="DeterministicScheduler"/>, the
    /// calling thread (if the scheduler owns it) may be parked here while another runs; otherwise nothing.
    /// </summary>
    /// <param name="point">What the request is, for the scheduler's trace (e.g. <c>produce</c>, <c>commit</c>).</param>
    internal void Yield(string point) => Scheduler?.Yield(point);
}
