using Confluent.Kafka;
using Streams.Dsl;
using Streams.Queries;
using Streams.Serialization;
using Streams.TestDriver.Simulation;
using Streams.TestDriver.Tests.Simulation.Workloads;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>The verdict of one seeded run: the fault schedule the seed decided, what the checker found, a hash of the history.</summary>
internal sealed record SimulationResult(int Seed, ProcessingGuarantee Guarantee, IReadOnlyList<string> Schedule, IReadOnlyList<string> Violations, long Losses, long Duplicates, long InputRecords, string HistoryHash)
{
    public bool Passed => Violations.Count == 0;

    /// <summary>The workload's name (<see cref="ISimulationWorkload.Name"/>).</summary>
    public string Workload { get; init; } = "wordcount";

    public override string ToString() =>
        $"seed {Seed} {(Workload == "wordcount" ? "" : Workload + " ")}{Guarantee}: {(Passed ? "pass" : "FAIL")}, input {InputRecords}, losses {Losses}, duplicates {Duplicates}, history {HistoryHash[..12]}\n  schedule: {string.Join("; ", Schedule)}"
        + (Passed ? "" : "\n  violations: " + string.Join("\n    ", Violations));
}

/// <summary>
/// A seeded simulation of an application (a pluggable <see cref="ISimulationWorkload"/>; by default the groupBy + count
/// of <see cref="WordCountWorkload"/>) on the in-memory Kafka model (issue 18, parts 2-4): the seed
/// decides the fault schedule (scale 1 -> 3 -> 1, crashes at a random point of the stream, restarts on the kept or a
/// wiped state directory, clean stops, batch sizes and keys); every instance runs real stream threads. The checker then
/// compares the whole history with a reference computed from the input.
/// </summary>
/// <remarks>
/// What the seed replays exactly: the schedule (which instance starts, crashes, restarts with which state directory,
/// stops, the input and the point of each crash as a count of output records). What it does not yet: the interleaving of
/// the instances' threads (OS threads on the real clock), so the history hash of two runs of a seed may differ; the
/// checker's verdict must not.
/// </remarks>
internal static class SeededSimulation
{
    internal const string Input = "words";
    private const string Output = "counts";
    internal const int InputPartitions = 4;
    /// <summary>
    /// The instances' <c>session.timeout.ms</c>: how long a crashed member holds its partitions (real time, as the
    /// instances' threads run on the real clock).
    /// </summary>
    private const int SessionTimeoutMs = 1_500;

    /// <summary>
    /// The producers' <c>transaction.timeout.ms</c>, below <see cref="SessionTimeoutMs"/> as Kafka Streams' defaults are
    /// (10 s against 45 s): a crashed producer's open transaction is aborted before its member expires and its tasks move,
    /// so the next owner's restore (read_committed, to the last stable offset) is never held back by it. The first seed
    /// runs had it inverted (2 s against 0.3 s) and lost records under exactly-once after two quick crashes, as Kafka would.
    /// </summary>
    private static readonly int TransactionTimeoutMs = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_SIM_TXN_TIMEOUT_MS"), out var ms) ? ms : 500;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    public static async Task<SimulationResult> RunAsync(int seed, ProcessingGuarantee guarantee, string stateRoot, ISimulationWorkload? workload = null)
    {
        workload ??= new WordCountWorkload();
        var rng = new Random(seed);
        var schedule = new List<string>();
        var violations = new List<string>();
        var clock = new SkippableClock();
        var cluster = new InMemoryKafkaCluster(clock);
        foreach (var (topic, partitions) in workload.Topics)
        {
            cluster.CreateTopic(topic, partitions);
        }

        var appId = $"sim-{guarantee.ToString().ToLowerInvariant()}-{seed}";
        var sent = 0;
        var instances = new List<Instance>();
        var crashedDirs = new List<string>();
        var next = 0;

        var inputSupplier = new InMemoryKafkaClientSupplier(cluster);
        using var inputProducer = inputSupplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { BootstrapServers = cluster.BootstrapServers }));

        void Produce()
        {
            var n = workload.Produce(rng, inputProducer);
            sent += n;
            schedule.Add($"produce {n}");
        }

        async Task Start(string? dir, string why)
        {
            var name = $"i{next++}";
            dir ??= Path.Combine(stateRoot, name);
            var supplier = new InMemoryKafkaClientSupplier(cluster);
            var options = Options(appId, dir, supplier, guarantee, cluster);
            workload.Configure(options);
            var app = new StreamsApplication(workload.BuildTopology(), options);
            await app.StartAsync();
            instances.Add(new Instance(name, app, supplier, dir));
            schedule.Add($"start {name} ({why})");
        }

        async Task Crash()
        {
            var victim = instances[rng.Next(instances.Count)];

            // The crash point: after a seeded number of further output records (sent, whatever their transaction's fate),
            // which lands between a send and a commit, or within a rebalance or a restore.
            var after = rng.Next(0, 12);
            var before = workload.ProgressRecords(cluster);
            cluster.WaitUntil(c => workload.ProgressRecords(c) >= before + after, TimeSpan.FromSeconds(5));
            victim.Supplier.Crash();
            instances.Remove(victim);
            schedule.Add($"crash {victim.Name} after {after} outputs");
            await Abandon(victim);
            crashedDirs.Add(victim.StateDirectory);
        }

        async Task Restart()
        {
            var dir = crashedDirs[rng.Next(crashedDirs.Count)];
            crashedDirs.Remove(dir);
            var wipe = rng.Next(2) == 0;
            if (wipe)
            {
                Directory.Delete(dir, recursive: true);
            }

            await Start(wipe ? null : dir, wipe ? "restart, state wiped" : $"restart on {Path.GetFileName(dir)}'s state");
        }

        async Task StopOne()
        {
            var leaving = instances[rng.Next(instances.Count)];
            instances.Remove(leaving);
            await leaving.App.StopAsync().WaitAsync(s_wait);
            if (leaving.App.Error is { } error)
            {
                violations.Add($"{leaving.Name} stopped with an error: {error.GetType().Name}: {error.Message}");
            }

            await leaving.App.DisposeAsync();
            schedule.Add($"stop {leaving.Name}");
        }

        try
        {
            if (workload.Prepare(rng, inputProducer) is > 0 and var prepared)
            {
                sent += prepared;
                schedule.Add($"prepare {prepared}");
            }

            await Start(null, "scale 1");
            if (!cluster.WaitUntil(c => workload.Ready(c, appId), s_wait))
            {
                violations.Add($"the first instance did not take in the prepared input within {s_wait.TotalSeconds} s");
            }

            Produce();
            await Start(null, "scale 2");
            Produce();
            await Start(null, "scale 3");
            Produce();
            await Crash();
            Produce();
            if (rng.Next(2) == 0)
            {
                await Restart();
                Produce();
            }

            await Crash();
            Produce();
            while (crashedDirs.Count > 0 && instances.Count < 3)
            {
                await Restart();
                Produce();
            }

            while (instances.Count > 1)
            {
                if (rng.Next(3) == 0)
                {
                    await Crash();
                    if (instances.Count == 0)
                    {
                        await Restart();
                    }
                }
                else
                {
                    await StopOne();
                }

                Produce();
            }

            bool Done(InMemoryKafkaCluster c) => SimulationChecks.CaughtUp(c, workload, appId);
            if (!cluster.WaitUntil(Done, s_wait))
            {
                violations.Add($"the survivor did not catch up within {s_wait.TotalSeconds} s: committed input {SimulationChecks.CommittedInput(cluster, workload, appId)} of {SimulationChecks.SourceEnd(cluster, workload)}");
            }
            else if (workload.ProduceFinal(rng, inputProducer) is > 0 and var last)
            {
                // The last batch (late records, stream-time flushes) once nothing is pending and no fault follows.
                sent += last;
                schedule.Add($"produce final {last}");
                if (!cluster.WaitUntil(Done, s_wait))
                {
                    violations.Add($"the survivor did not catch up with the final batch within {s_wait.TotalSeconds} s: committed input {SimulationChecks.CommittedInput(cluster, workload, appId)} of {SimulationChecks.SourceEnd(cluster, workload)}");
                }
            }

            if (workload.HasQueryableStore && instances.Count == 1)
            {
                await CheckStoreAsync(workload, guarantee, instances[0].App, $"the survivor {instances[0].Name}", violations);
            }

            while (instances.Count > 0)
            {
                await StopOne();
            }
        }
        catch (Exception e) when (e is TimeoutException or StreamsException or KafkaException or InvalidOperationException)
        {
            violations.Add($"the run failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            foreach (var left in instances)
            {
                left.Supplier.Crash();
                await Abandon(left);
            }
        }

        // Every instance is gone: no consumer polls, so the coordinator's timer aborts what crashed producers left open
        // (the model runs it at polls); skip past transaction.timeout.ms and run it, as a broker would.
        clock.Skip(TimeSpan.FromMilliseconds(TransactionTimeoutMs * 2));
        cluster.AbortTimedOutTransactions();
        if (workload.HasQueryableStore && violations.Count == 0)
        {
            // Changelogs restore to the same state: a fresh instance on an empty state directory restores every store from
            // its changelog; its store must equal the reference.
            await Start(null, "restore check, empty state");
            var fresh = instances[^1];
            await CheckStoreAsync(workload, guarantee, fresh.App, $"the fresh instance {fresh.Name}, restored from the changelogs", violations);
            await StopOne();
        }

        var (losses, duplicates) = workload.Check(cluster, appId, guarantee, violations);
        return new SimulationResult(seed, guarantee, schedule, violations, losses, duplicates, sent, HistoryHash(cluster, appId)) { Workload = workload.Name };
    }

    /// <summary>Reads the application's store through interactive queries until it answers (bounded), then compares it with the reference.</summary>
    private static async Task CheckStoreAsync(ISimulationWorkload workload, ProcessingGuarantee guarantee, StreamsApplication app, string when, List<string> violations)
    {
        var deadline = DateTime.UtcNow + s_wait;
        var found = new List<string>();
        while (!SimulationChecks.TryCheckStore(workload, guarantee, app, when, found))
        {
            if (DateTime.UtcNow > deadline)
            {
                violations.AddRange(found.Count > 0 ? found : [$"{when}: the store could not be read within {s_wait.TotalSeconds} s"]);
                return;
            }

            // The instance may still be restoring or rebalancing: read again.
            await Task.Delay(100);
        }
    }

    /// <summary>The checker over the full history: see <see cref="SimulationChecks.CheckWordCounts"/>.</summary>
    internal static (long Losses, long Duplicates) Check(InMemoryKafkaCluster cluster, ProcessingGuarantee guarantee, Dictionary<string, long> expected, List<string> violations) =>
        SimulationChecks.CheckWordCounts(cluster, guarantee, expected, violations, Output);

    /// <summary>See <see cref="SimulationChecks.HistoryHash"/>.</summary>
    public static string HistoryHash(InMemoryKafkaCluster cluster, string groupId) => SimulationChecks.HistoryHash(cluster, groupId);

    private static async Task Abandon(Instance instance)
    {
        try
        {
            await instance.App.DisposeAsync().AsTask().WaitAsync(s_wait);
        }
        catch (Exception e) when (e is StreamsException or KafkaException or ObjectDisposedException or InvalidOperationException or AggregateException)
        {
            // A crashed instance's own shutdown fails as its requests do; nothing of it reaches the cluster.
        }
    }

    internal static int AllOutputRecords(InMemoryKafkaCluster cluster) =>
        cluster.Records(new TopicPartition(Output, 0)).Count + cluster.Records(new TopicPartition(Output, 1)).Count;

    internal static Dictionary<string, long> Latest(InMemoryKafkaCluster cluster, string topic) => SimulationChecks.Latest(cluster, topic);

    internal static StreamsOptions Options(string appId, string dir, InMemoryKafkaClientSupplier supplier, ProcessingGuarantee guarantee, InMemoryKafkaCluster cluster) => new()
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

    /// <summary>The real clock, which the harness can move ahead once the instances are gone (never back).</summary>
    private sealed class SkippableClock : TimeProvider
    {
        private long _skippedTicks;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

        public void Skip(TimeSpan by) => Interlocked.Add(ref _skippedTicks, by.Ticks);
    }

    private sealed record Instance(string Name, StreamsApplication App, InMemoryKafkaClientSupplier Supplier, string StateDirectory);
}
