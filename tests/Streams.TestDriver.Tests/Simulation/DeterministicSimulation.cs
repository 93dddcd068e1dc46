using Confluent.Kafka;
using Streams.Serialization;
using Streams.TestDriver.Simulation;
using Streams.TestDriver.Tests.Simulation.Workloads;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>The events a <see cref="DeterministicSimulation"/> draws from, besides scaling 1 -> 3 -> 1 and the input.</summary>
[Flags]
public enum SimulatedFaults
{
    /// <summary>None: only scaling (the final scale-down still crashes or stops instances).</summary>
    None = 0,

    /// <summary>Crash an instance (kill -9) at a seeded kind of request.</summary>
    Crash = 1,

    /// <summary>Restart a crashed instance on its state as of the crash, or on a wiped one.</summary>
    Restart = 2,

    /// <summary>The group coordinator moves (<see cref="InMemoryKafkaCluster.MoveGroupCoordinator"/>).</summary>
    CoordinatorMove = 4,

    /// <summary>The coordinator starts a rebalance (<see cref="InMemoryKafkaCluster.ForceRebalance"/>).</summary>
    CoordinatorRebalance = 8,

    /// <summary>The next OffsetCommit (at-least-once) or TxnOffsetCommit (exactly-once) fails with a coordinator error.</summary>
    CommitError = 16,

    /// <summary>The next Produce times out after the leader wrote it.</summary>
    ProduceError = 32,

    /// <summary>The next EndTxn fails with a retriable coordinator error.</summary>
    EndTxnError = 64,

    /// <summary>A zombie fences a producer (exactly-once).</summary>
    Fence = 128,

    /// <summary>The next Fetch fails (<c>NOT_LEADER_OR_FOLLOWER</c>): the consumer fetches again after the backoff.</summary>
    FetchError = 256,

    /// <summary>Every kind.</summary>
    All = Crash | Restart | CoordinatorMove | CoordinatorRebalance | CommitError | ProduceError | EndTxnError | Fence | FetchError,
}

/// <summary>The verdict of one deterministic run: what the seed decided and found, and the hashes that prove a replay.</summary>
internal sealed record DeterministicResult(
    string Workload,
    int Seed,
    ProcessingGuarantee Guarantee,
    IReadOnlyList<string> Schedule,
    IReadOnlyList<string> Violations,
    long Losses,
    long Duplicates,
    long InputRecords,
    string HistoryHash,
    string TraceHash,
    long Steps,
    TimeSpan VirtualTime,
    IReadOnlyList<string> FaultsObserved,
    int CoordinatorLookups,
    IReadOnlyList<string> Trace)
{
    /// <summary>The real time the run took (outside the seed: it varies from run to run).</summary>
    public TimeSpan RealTime { get; init; }

    /// <summary>Where the real time went (start, crash, stop, store checks, checker), for tuning; outside the seed.</summary>
    public string RealTimeSpent { get; init; } = "";

    /// <summary>No violation.</summary>
    public bool Passed => Violations.Count == 0;

    /// <inheritdoc/>
    public override string ToString() =>
        $"seed {Seed} {Workload} {Guarantee}: {(Passed ? "pass" : "FAIL")}, input {InputRecords}, losses {Losses}, duplicates {Duplicates}, steps {Steps}, virtual {VirtualTime.TotalSeconds:0.0} s, real {RealTime.TotalSeconds:0.00} s ({RealTimeSpent}), "
        + $"history {HistoryHash[..12]}, trace {TraceHash}\n  schedule: {string.Join("; ", Schedule)}"
        + (Passed ? "" : "\n  violations: " + string.Join("\n    ", Violations))
        + $"\n  rerun: STREAMS_DET_WORKLOAD={Workload} STREAMS_DET_FIRST={Seed} STREAMS_DET_SEEDS=1 STREAMS_DET_GUARANTEE={Guarantee}";
}

/// <summary>
/// Issue 18 part 2: a fully deterministic simulation. Several instances of one application, each with its stream threads,
/// run in one process under a <see cref="DeterministicScheduler"/>: one seed decides the interleaving of every thread at
/// every Kafka request, the virtual time, the input, and the faults, injected at any step: crashes (mid-send,
/// mid-commit, mid-restore, mid-rebalance: wherever the threads are parked), restarts on the kept (as of the crash) or a
/// wiped state directory, scale 1 -> 3 -> 1, clean stops, a zombie fencing a producer, injected request errors, group
/// coordinator moves and coordinator-started rebalances. The same seed replays the same run exactly (same step trace,
/// same history); a failing seed's verdict prints the command that reruns it alone.
/// </summary>
/// <remarks>
/// The application is an <see cref="ISimulationWorkload"/>, the same the real-clock <see cref="SeededSimulation"/> runs
/// (word count, the flight example, join + suppress): what it prepares (<see cref="ISimulationWorkload.Prepare"/>, before
/// the first instance, which then steps until <see cref="ISimulationWorkload.Ready"/>), its seeded batches, its final batch
/// once the survivor caught up and no fault follows (<see cref="ISimulationWorkload.ProduceFinal"/>), then its checks: the
/// survivor's store through interactive queries, a fresh instance on an empty state directory restoring the same store
/// from the changelogs (both when <see cref="ISimulationWorkload.HasQueryableStore"/>), and the checker over the whole
/// history. Every choice the workload makes is drawn from the scheduler's <see cref="Random"/>, so the seed decides it too.
/// </remarks>
internal static class DeterministicSimulation
{
    /// <summary>The instances' <c>session.timeout.ms</c>, in virtual time.</summary>
    private const int SessionTimeoutMs = 1_500;

    /// <summary>The producers' <c>transaction.timeout.ms</c>, below the session timeout as Kafka Streams' defaults are (see <see cref="SeededSimulation"/>).</summary>
    private const int TransactionTimeoutMs = 500;

    /// <summary>The most steps the survivors get to catch up at the end.</summary>
    private const long CatchUpSteps = 400_000;

    /// <summary>The steps between two reads of a store that did not (yet) equal the reference.</summary>
    private const int StoreCheckSteps = 200;

    /// <summary>The most reads of a store before its differences are violations (<see cref="StoreCheckSteps"/> apart).</summary>
    private const int StoreChecks = 200;

    /// <summary>The longest real time a crashed instance's abandoned threads take to unwind.</summary>
    private static readonly TimeSpan s_unwind = TimeSpan.FromSeconds(30);

    /// <summary>A process id (a new GUID per instance, in transactional ids): left out of the schedule, which must replay exactly.</summary>
    private static readonly System.Text.RegularExpressions.Regex s_guid = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>How many steps a crash waits at most for its victim to reach the chosen kind of request.</summary>
    private const long CrashPointSteps = 3_000;

    /// <summary>
    /// The kinds of request a crash aims at (prefixes of the scheduler's points; empty: wherever the threads are): a send
    /// not yet committed, a commit in flight, a restore, a rebalance (the committed offsets fetched when tasks are assigned).
    /// </summary>
    private static readonly string[] s_crashPoints = ["", "produce", "txn offset commit", "end txn", "offset commit", "poll (restore)", "offset fetch", "init producer id"];

    /// <summary>What a crash of an instance that has just joined aims at: its rebalance (the offset fetch for new tasks) or its restore.</summary>
    private static readonly string[] s_joinPoints = ["offset fetch", "poll (restore)"];

    private static readonly ErrorCode[] s_retriable = [ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupLoadInProgress, ErrorCode.RequestTimedOut];

    /// <summary>Runs one seed on its own thread (the driver); see the class remarks.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="guarantee">The processing guarantee of every instance.</param>
    /// <param name="stateRoot">A directory for the instances' state directories (and crash snapshots).</param>
    /// <param name="workload">The topology, input and checker (a new one per run: it accumulates the run's reference); default <see cref="WordCountWorkload"/>.</param>
    /// <param name="keepTrace">Keep every step's line in the result.</param>
    /// <param name="faults">The kinds of event the seed draws from (default all).</param>
    /// <returns>The verdict.</returns>
    public static Task<DeterministicResult> RunAsync(
        int seed, ProcessingGuarantee guarantee, string stateRoot, ISimulationWorkload? workload = null, bool keepTrace = false, SimulatedFaults faults = SimulatedFaults.All) =>
        Task.Factory.StartNew(
            () => Run(seed, guarantee, stateRoot, workload ?? new WordCountWorkload(), keepTrace, faults),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static DeterministicResult Run(int seed, ProcessingGuarantee guarantee, string stateRoot, ISimulationWorkload workload, bool keepTrace, SimulatedFaults faults)
    {
        var real = System.Diagnostics.Stopwatch.StartNew();
        var spent = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        using var scheduler = new DeterministicScheduler(seed, keepTrace);
        var rng = scheduler.Random;
        var schedule = new List<string>();
        var violations = new List<string>();
        var cluster = new InMemoryKafkaCluster(scheduler.Clock);
        scheduler.Attach(cluster);
        foreach (var (topic, partitions) in workload.Topics)
        {
            cluster.CreateTopic(topic, partitions);
        }

        var sent = 0L;
        var appId = $"det-{workload.Name}-{(guarantee == ProcessingGuarantee.ExactlyOnceV2 ? "eos" : "alos")}-{seed}";
        var instances = new List<Instance>();
        var crashed = new List<string>();
        var next = 0;
        var exactlyOnce = guarantee == ProcessingGuarantee.ExactlyOnceV2;
        var inputSupplier = new InMemoryKafkaClientSupplier(cluster);
        using var input = inputSupplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true }));

        string At() => $"[{scheduler.Steps}@{scheduler.Clock.Elapsed.TotalMilliseconds:0}ms]";

        void Produce()
        {
            var n = workload.Produce(rng, input);
            sent += n;
            schedule.Add($"{At()} produce {n}");
        }

        // Real time spent in a part of the run, for RealTimeSpent.
        IDisposable Timed(string what) => new Timer(real, spent, what);

        void Start(string? dir, string why)
        {
            using var timed = Timed("start");
            var name = $"i{next++}";
            dir ??= Path.Combine(stateRoot, name);
            var supplier = new InMemoryKafkaClientSupplier(cluster);
            var options = new StreamsOptions
            {
                ApplicationId = appId,
                BootstrapServers = cluster.BootstrapServers,
                StateDirectory = dir,
                CommitInterval = TimeSpan.FromMilliseconds(50),
                ProcessingGuarantee = guarantee,
                TaskAssignment = TaskAssignmentStrategy.CooperativeSticky,
                ClientSupplier = supplier,
                Consumer = new ConsumerConfig { SessionTimeoutMs = SessionTimeoutMs },
                Producer = new ProducerConfig { TransactionTimeoutMs = TransactionTimeoutMs },
            };
            workload.Configure(options);
            scheduler.Configure(options, name);
            var app = new StreamsApplication(workload.BuildTopology(), options);
            app.StartAsync().GetAwaiter().GetResult();
            instances.Add(new Instance(name, app, supplier, dir));
            schedule.Add($"{At()} start {name} ({why})");
        }

        void Crash(Instance? chosen = null, string? aim = null)
        {
            using var timed = Timed("crash");
            var victim = chosen ?? instances[rng.Next(instances.Count)];

            // The crash point: the seed picks a kind of request (between a send and its commit, mid-commit, mid-restore,
            // mid-rebalance, or anywhere) and the threads run until one of the victim's is parked at one, for a bounded
            // number of steps (else it crashes wherever it is then).
            var target = aim ?? s_crashPoints[rng.Next(s_crashPoints.Length)];
            if (target.Length > 0)
            {
                using var aiming = Timed("aim");
                scheduler.RunUntil(() => scheduler.Points(victim.Name).Any(p => p.StartsWith(target, StringComparison.Ordinal)), CrashPointSteps);
            }

            ReplaceFailed();
            if (!instances.Contains(victim))
            {
                return;
            }

            instances.Remove(victim);
            victim.Supplier.Crash();

            // What a kill -9 leaves on disk: the state directory as it is now, every thread parked mid-request. The abandoned
            // threads then unwind (their requests fail) in the original directory; a restart "on kept state" uses this copy.
            var kept = victim.StateDirectory + "-crash";
            CrashSnapshot.CopyStateDirectory(victim.StateDirectory, kept);
            var where = scheduler.Abandon(victim.Name);
            using var unwinding = Timed("unwind");
            if (!victim.App.Completion.Wait(s_unwind))
            {
                violations.Add($"{victim.Name}'s abandoned threads did not unwind within {s_unwind.TotalSeconds} s");
            }

            victim.App.DisposeAsync().AsTask().Wait(s_unwind);
            crashed.Add(kept);
            schedule.Add($"{At()} crash {victim.Name} ({string.Join(", ", where.Select(w => w[(w.IndexOf('/', StringComparison.Ordinal) + 1)..].Replace(appId + "-", "", StringComparison.Ordinal)))})");
        }

        void Restart()
        {
            var dir = crashed[rng.Next(crashed.Count)];
            crashed.Remove(dir);
            var wipe = rng.Next(2) == 0;
            Start(wipe ? null : dir, wipe ? "restart, state wiped" : $"restart on {Path.GetFileName(dir)}");
        }

        void Stop()
        {
            using var timed = Timed("stop");
            var leaving = instances[rng.Next(instances.Count)];
            instances.Remove(leaving);
            DeterministicScheduler.RequestStop(leaving.App);
            if (!scheduler.RunUntil(() => leaving.App.Completion.IsCompleted, CatchUpSteps))
            {
                violations.Add($"{leaving.Name} did not stop within {CatchUpSteps} steps");
            }

            if (leaving.App.Error is { } error)
            {
                if (IsFenced(error))
                {
                    // A zombie fenced its producer before the stop reached its thread: it ended as a fenced instance does.
                    schedule.Add($"{At()} {leaving.Name} ended fenced");
                }
                else
                {
                    violations.Add($"{leaving.Name} stopped with an error: {error.GetType().Name}: {error.Message}");
                }
            }

            leaving.App.DisposeAsync().AsTask().Wait(s_unwind);
            schedule.Add($"{At()} stop {leaving.Name}");
        }

        // An instance that ended by itself (a fenced producer ends its stream thread, and with no uncaught-exception handler
        // the instance, as documented): an operator restarts it on its state. Any other failure is a violation.
        void ReplaceFailed()
        {
            foreach (var failed in instances.Where(i => i.App.Completion.IsCompleted).ToList())
            {
                instances.Remove(failed);
                var error = failed.App.Error;
                var fenced = error is not null && IsFenced(error);
                schedule.Add($"{At()} {failed.Name} ended: {error?.GetType().Name}: {s_guid.Replace(error?.Message ?? "", "<process id>")}");
                if (!fenced)
                {
                    violations.Add($"{failed.Name} failed: {error}");
                }

                failed.App.DisposeAsync().AsTask().Wait(s_unwind);
                Start(failed.StateDirectory, $"replaces {failed.Name}, which ended");
            }
        }

        void Run(int min, int max)
        {
            var steps = rng.Next(min, max);
            for (var i = 0; i < steps && scheduler.Step(); i++)
            {
            }

            ReplaceFailed();
        }

        void Fault(SimulatedFaults kind)
        {
            switch (kind)
            {
                case SimulatedFaults.CoordinatorMove:
                    cluster.MoveGroupCoordinator();
                    schedule.Add($"{At()} move the group coordinator");
                    break;
                case SimulatedFaults.CoordinatorRebalance:
                    schedule.Add($"{At()} coordinator rebalance: {cluster.ForceRebalance(appId)}");
                    break;
                case SimulatedFaults.CommitError:
                    var commit = exactlyOnce ? InMemoryRequest.TxnOffsetCommit : InMemoryRequest.OffsetCommit;
                    var code = !exactlyOnce && rng.Next(3) == 0 ? ErrorCode.RebalanceInProgress : s_retriable[rng.Next(s_retriable.Length)];
                    cluster.InjectError(commit, code);
                    schedule.Add($"{At()} inject {code} into the next {commit}");
                    break;
                case SimulatedFaults.ProduceError:
                    var produceCode = rng.Next(2) == 0 ? ErrorCode.RequestTimedOut : ErrorCode.NotLeaderForPartition;
                    cluster.InjectError(InMemoryRequest.Produce, produceCode);
                    schedule.Add($"{At()} inject {produceCode} into the next Produce");
                    break;
                case SimulatedFaults.EndTxnError:
                    var endCode = s_retriable[rng.Next(s_retriable.Length)];
                    cluster.InjectError(InMemoryRequest.EndTxn, endCode);
                    schedule.Add($"{At()} inject {endCode} into the next EndTxn");
                    break;
                case SimulatedFaults.FetchError:
                    cluster.InjectError(InMemoryRequest.Fetch, ErrorCode.NotLeaderForPartition);
                    schedule.Add($"{At()} inject NotLeaderForPartition into the next Fetch");
                    break;
                case SimulatedFaults.Fence:
                    var ids = cluster.TransactionalIds.Where(id => id.StartsWith(appId, StringComparison.Ordinal)).ToList();
                    if (ids.Count > 0)
                    {
                        var which = rng.Next(ids.Count);
                        cluster.FenceProducer(ids[which]);
                        schedule.Add($"{At()} a zombie fences transactional id #{which + 1} of {ids.Count}");
                    }

                    break;
            }
        }

        // The kinds this run draws from: crashes and restarts weigh as much as all the broker faults together.
        var kinds = new List<SimulatedFaults>();
        foreach (var kind in new[] { SimulatedFaults.Crash, SimulatedFaults.Restart, SimulatedFaults.CoordinatorMove, SimulatedFaults.CoordinatorRebalance, SimulatedFaults.CommitError, SimulatedFaults.ProduceError, SimulatedFaults.EndTxnError, SimulatedFaults.Fence, SimulatedFaults.FetchError })
        {
            if (faults.HasFlag(kind) && (exactlyOnce || kind is not (SimulatedFaults.EndTxnError or SimulatedFaults.Fence)))
            {
                kinds.Add(kind);
                if (kind is SimulatedFaults.Crash or SimulatedFaults.Restart)
                {
                    kinds.Add(kind);
                }
            }
        }

        bool CaughtUp()
        {
            var done = scheduler.RunUntil(
                () =>
                {
                    ReplaceFailed();
                    return SimulationChecks.CaughtUp(cluster, workload, appId);
                },
                CatchUpSteps);
            if (!done)
            {
                violations.Add($"the survivor did not catch up within {CatchUpSteps} steps ({scheduler.Clock.Elapsed.TotalSeconds:0} s virtual): "
                    + $"committed input {SimulationChecks.CommittedInput(cluster, workload, appId)} of {SimulationChecks.SourceEnd(cluster, workload)}");
            }

            return done;
        }

        // The store read through interactive queries until it equals the reference (the instance may still be restoring or
        // rebalancing), the threads stepping between reads; its differences are violations once the bound is spent.
        void CheckStore(Instance instance, string when)
        {
            using var timed = Timed("store");
            var found = new List<string>();
            for (var read = 1; !SimulationChecks.TryCheckStore(workload, guarantee, instance.App, when, found); read++)
            {
                if (read == StoreChecks)
                {
                    violations.AddRange(found.Count > 0 ? found : [$"{when}: the store could not be read within {StoreChecks * StoreCheckSteps} steps"]);
                    return;
                }

                for (var i = 0; i < StoreCheckSteps && scheduler.Step(); i++)
                {
                }
            }

            schedule.Add($"{At()} {when}: store checked");
        }

        // What is left of the instances when a run ends early: crashed, their threads let go.
        void AbandonAll()
        {
            foreach (var left in instances)
            {
                left.Supplier.Crash();
                scheduler.Abandon(left.Name);
                left.App.Completion.Wait(s_unwind);
                left.App.DisposeAsync().AsTask().Wait(s_unwind);
            }

            instances.Clear();
        }

        try
        {
            // What must be in place before the first instance starts (a global table's rows, a table's rows), taken in first.
            if (workload.Prepare(rng, input) is > 0 and var prepared)
            {
                sent += prepared;
                schedule.Add($"{At()} prepare {prepared}");
            }

            Start(null, "scale 1");
            if (sent > 0 && !scheduler.RunUntil(() => workload.Ready(cluster, appId), CatchUpSteps))
            {
                violations.Add($"the first instance did not take in the prepared input within {CatchUpSteps} steps");
            }

            Produce();
            Run(50, 400);
            Start(null, "scale 2");
            Produce();
            Run(50, 400);
            Start(null, "scale 3");
            Produce();

            var events = rng.Next(6, 12);
            for (var e = 0; e < events; e++)
            {
                Run(20, 600);

                // Input first: a crash that aims at a send or a commit finds the threads processing it.
                Produce();
                var kind = kinds.Count == 0 ? SimulatedFaults.None : kinds[rng.Next(kinds.Count)];
                switch (kind)
                {
                    case SimulatedFaults.Crash:
                        if (instances.Count > 1)
                        {
                            Crash();
                        }

                        break;
                    case SimulatedFaults.Restart:
                        if (crashed.Count > 0 && instances.Count < 3)
                        {
                            Restart();

                            // Half the restarts crash again while joining: in the rebalance that gives the instance its tasks
                            // (the committed offsets it fetches for them) or while it restores their stores.
                            if (instances.Count > 1 && rng.Next(2) == 0)
                            {
                                Crash(instances[^1], s_joinPoints[rng.Next(s_joinPoints.Length)]);
                            }
                        }

                        break;
                    default:
                        Fault(kind);
                        break;
                }
            }

            while (instances.Count > 1)
            {
                Run(20, 600);
                Produce();
                if (faults.HasFlag(SimulatedFaults.Crash) && rng.Next(3) == 0)
                {
                    Crash();
                }
                else
                {
                    Stop();
                }
            }

            Produce();

            if (instances.Count == 0)
            {
                Restart();
            }

            // The last batch (late records, stream-time flushes) once everything before it is processed and committed and
            // no fault follows.
            if (CaughtUp() && workload.ProduceFinal(rng, input) is > 0 and var last)
            {
                sent += last;
                schedule.Add($"{At()} produce final {last}");
                CaughtUp();
            }

            if (workload.HasQueryableStore && instances.Count == 1)
            {
                CheckStore(instances[0], $"the survivor {instances[0].Name}");
            }

            while (instances.Count > 0)
            {
                Stop();
            }
        }
        catch (Exception e) when (e is TimeoutException or StreamsException or KafkaException or InvalidOperationException or AggregateException)
        {
            violations.Add($"the run failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            AbandonAll();
        }

        // Every instance is gone: skip past transaction.timeout.ms and run the coordinator's timer, as a broker would.
        scheduler.Clock.Advance(TimeSpan.FromMilliseconds(TransactionTimeoutMs * 2));
        cluster.AbortTimedOutTransactions();
        if (workload.HasQueryableStore && violations.Count == 0)
        {
            // Changelogs restore to the same state: a fresh instance on an empty state directory restores every store from
            // its changelog; its store must equal the reference.
            try
            {
                Start(null, "restore check, empty state");
                CheckStore(instances[^1], $"the fresh instance {instances[^1].Name}, restored from the changelogs");
                Stop();
            }
            catch (Exception e) when (e is TimeoutException or StreamsException or KafkaException or InvalidOperationException or AggregateException)
            {
                violations.Add($"the restore check failed: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                AbandonAll();
            }
        }

        var checkStart = real.Elapsed;
        var (losses, duplicates) = workload.Check(cluster, appId, guarantee, violations);
        spent["check"] = real.Elapsed - checkStart;
        return new DeterministicResult(
            workload.Name, seed, guarantee, schedule, violations, losses, duplicates, sent, SimulationChecks.HistoryHash(cluster, appId), scheduler.TraceHash,
            scheduler.Steps, scheduler.Clock.Elapsed, cluster.FaultsObserved, cluster.CoordinatorLookups, scheduler.Trace)
        {
            RealTime = real.Elapsed,
            RealTimeSpent = string.Join(", ", spent.Select(kv => $"{kv.Key} {kv.Value.TotalSeconds:0.00}")),
        };
    }

    /// <summary>
    /// Whether an instance's error is its producer's fencing (ProducerFenced, as the zombie of <see cref="SimulatedFaults.Fence"/>
    /// causes): a <see cref="KafkaException"/> with that code in the chain, or, for a send whose delivery report said so
    /// (the record collector's error carries no inner exception), the code in the message.
    /// </summary>
    private static bool IsFenced(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is KafkaException { Error.Code: ErrorCode.ProducerFenced })
            {
                return true;
            }
        }

        return error is StreamsException && error.Message.Contains(": ProducerFenced ", StringComparison.Ordinal);
    }

    /// <summary>Adds the real time from its creation to its disposal to <c>spent[what]</c> (nested parts count in each).</summary>
    private sealed class Timer(System.Diagnostics.Stopwatch clock, Dictionary<string, TimeSpan> spent, string what) : IDisposable
    {
        private readonly TimeSpan _start = clock.Elapsed;

        public void Dispose() => spent[what] = spent.GetValueOrDefault(what) + (clock.Elapsed - _start);
    }

    private sealed record Instance(string Name, StreamsApplication App, InMemoryKafkaClientSupplier Supplier, string StateDirectory);
}
