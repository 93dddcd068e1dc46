using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Streams.EmbeddedKafka;

namespace Streams.Chaos;

/// <summary>The scenarios a run can play; each is a schedule of events at fractions of the produced input.</summary>
internal enum ChaosScenario
{
    /// <summary>Two workers; at every event one is killed with SIGKILL and restarted on its state directory.</summary>
    Kill,

    /// <summary>One worker, then three (two join), then one again (two stop gracefully with SIGTERM).</summary>
    Scale,

    /// <summary>Two workers on a three-broker cluster; events are broker down/up, request errors and coordinator moves.</summary>
    Faults,
}

/// <summary>Settings of one chaos run.</summary>
/// <param name="Scenario">What happens during the run.</param>
/// <param name="Records">Input records produced.</param>
/// <param name="Keys">Distinct keys (k0..k{Keys-1}, round robin).</param>
/// <param name="Events">How many events (kills, faults) are spread evenly over the production.</param>
/// <param name="RecordsPerSecond">Production pace.</param>
/// <param name="WorkDirectory">Where state directories and worker logs go.</param>
/// <param name="WorkerDll">The streams-chaos.dll that child processes run.</param>
/// <param name="Deadline">The longest the run may take before it reports what it has.</param>
/// <param name="Seed">Chooses which worker each event hits.</param>
/// <param name="CommitIntervalMs">The workers' commit interval, ms.</param>
/// <param name="Guarantee">The workers' processing guarantee; under exactly-once the check demands no duplicate and exact counts.</param>
/// <param name="BootstrapServers">An external cluster to use instead of the embedded broker (null: embedded).</param>
/// <param name="Assignment">The workers' task assignment strategy.</param>
internal sealed record ChaosSettings(
    ChaosScenario Scenario,
    int Records,
    int Keys,
    int Events,
    int RecordsPerSecond,
    string WorkDirectory,
    string WorkerDll,
    TimeSpan Deadline,
    int Seed = 1,
    int CommitIntervalMs = 1000,
    ProcessingGuarantee Guarantee = ProcessingGuarantee.AtLeastOnce,
    string? BootstrapServers = null,
    TaskAssignmentStrategy Assignment = TaskAssignmentStrategy.CooperativeSticky);

/// <summary>What a run found. Lost and (under exactly-once) duplicated records and wrong counts are failures.</summary>
internal sealed record ChaosReport(
    ChaosScenario Scenario,
    int Produced,
    long OutputRecords,
    int DistinctOutput,
    int Lost,
    long Duplicates,
    int KeysChecked,
    int CountsBelowExpected,
    int CountsAboveExpected,
    long CountOvershoot,
    int Kills,
    int GracefulStops,
    int WorkerStarts,
    int FaultsInjected,
    TimeSpan Elapsed,
    bool CompletedBeforeDeadline,
    ProcessingGuarantee Guarantee = ProcessingGuarantee.AtLeastOnce,
    long DuplicateBound = -1)
{
    /// <summary>
    /// Duplicates stayed within the records processed but uncommitted at the kills and moves (<see cref="ReplayBound"/>);
    /// true when no bound was measured.
    /// </summary>
    public bool DuplicatesWithinBound => DuplicateBound < 0 || Duplicates <= DuplicateBound;

    /// <summary>
    /// The count store's overshoot and the copy stream's duplicates agree. Under exactly-once they are equal (both 0 when
    /// the guarantee holds): a record processed twice would show once in each stream. Under at-least-once the overshoot is
    /// at most the duplicates: a reprocessed record counts twice only if its first increment had reached the changelog
    /// before the crash (the record cache may have held it back).
    /// </summary>
    public bool OvershootConsistent => Guarantee == ProcessingGuarantee.ExactlyOnceV2 ? CountOvershoot == Duplicates : CountOvershoot <= Duplicates;

    /// <summary>True when nothing was lost and no count is below the input: the at-least-once guarantee held.</summary>
    public bool AtLeastOnceHeld => Lost == 0 && CountsBelowExpected == 0 && CompletedBeforeDeadline && DuplicatesWithinBound && OvershootConsistent;

    /// <summary>
    /// The run's guarantee held: at-least-once as <see cref="AtLeastOnceHeld"/>; exactly-once also demands no duplicate in the
    /// read_committed output and every final count equal to the input.
    /// </summary>
    public bool GuaranteeHeld => AtLeastOnceHeld
        && (Guarantee != ProcessingGuarantee.ExactlyOnceV2 || (Duplicates == 0 && CountsAboveExpected == 0));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"scenario={Scenario} produced={Produced} output={OutputRecords} distinct={DistinctOutput} lost={Lost} duplicates={Duplicates} " +
        $"keys={KeysChecked} counts_below={CountsBelowExpected} counts_above={CountsAboveExpected} count_overshoot={CountOvershoot} " +
        $"kills={Kills} graceful_stops={GracefulStops} worker_starts={WorkerStarts} faults={FaultsInjected} " +
        $"duplicate_bound={DuplicateBound} duplicates_within_bound={DuplicatesWithinBound} overshoot_consistent={OvershootConsistent} " +
        $"elapsed_s={Elapsed.TotalSeconds:0.0} completed={CompletedBeforeDeadline} guarantee={Guarantee} held={GuaranteeHeld}");
}

/// <summary>
/// Runs one scenario: an in-process embedded broker (librdkafka's mock cluster), workers as child processes, a paced
/// producer, events (kills, scaling, broker faults) at fixed fractions of the input, then a graceful stop of every
/// worker and a check of the output topic and the final counts against the input.
/// </summary>
internal sealed class ChaosRun(ChaosSettings settings, TextWriter log)
{
    private const int InputPartitions = 4;
    private const int MaxUnexpectedExits = 3;
    private readonly List<WorkerProcess> _workers = [];
    private readonly List<WorkerProcess> _retired = [];
    private int _kills;
    private int _gracefulStops;
    private int _starts;
    private int _faults;
    private int _unexpectedExits;
    private string _bootstrap = string.Empty;
    private string _applicationId = string.Empty;
    private ReplayBound? _bound;
    private readonly List<Task> _pendingSnapshots = [];

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (settings.BootstrapServers is not null && settings.Scenario == ChaosScenario.Faults)
        {
            throw new ArgumentException("The faults scenario injects broker faults into the embedded broker; it cannot run against an external cluster.");
        }

        using var cluster = settings.BootstrapServers is null ? EmbeddedKafkaCluster.Start(settings.Scenario == ChaosScenario.Faults ? 3 : 1) : null;
        _bootstrap = cluster?.BootstrapServers ?? settings.BootstrapServers!;
        _applicationId = $"chaos-{settings.Scenario.ToString().ToLowerInvariant()}-{settings.Seed}";
        _bound = new ReplayBound(_bootstrap, _applicationId, InputPartitions, settings.Records);
        if (cluster is not null)
        {
            cluster.CreateTopic(ChaosTopology.InputTopic, InputPartitions);
            cluster.CreateTopic(ChaosTopology.OutputTopic, InputPartitions);
            cluster.CreateTopic(ChaosTopology.CountsTopic, InputPartitions);
        }
        else
        {
            await ExternalTopics.CreateAsync(_bootstrap, InputPartitions, log).ConfigureAwait(false);
        }
        Directory.CreateDirectory(settings.WorkDirectory);
        log.WriteLine($"chaos: {settings.Scenario}, broker {_bootstrap}, {settings.Records} records over {settings.Keys} keys, work dir {settings.WorkDirectory}");

        var random = new Random(settings.Seed);
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.Deadline.TotalSeconds * Stopwatch.Frequency);
        try
        {
            StartWorker(0);
            if (settings.Scenario != ChaosScenario.Scale)
            {
                StartWorker(1);
            }

            await ProduceWithEventsAsync(cluster, random, cancellationToken).ConfigureAwait(false);
            var completed = await WaitForOutputAsync(deadline, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(_pendingSnapshots).ConfigureAwait(false);
            foreach (var worker in _workers.ToList())
            {
                await StopAsync(worker).ConfigureAwait(false);
            }

            return Verify(completed, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            foreach (var worker in _workers.Concat(_retired))
            {
                worker.Dispose();
            }
        }
    }

    private static int KeyOf(int seq, int keys) => seq % keys;

    private void StartWorker(int slot)
    {
        var settingsForWorker = new WorkerSettings(
            _bootstrap, _applicationId, Path.Combine(settings.WorkDirectory, $"state-{slot}"), settings.CommitIntervalMs, Verbose: false, settings.Guarantee, settings.Assignment);
        var worker = WorkerProcess.Start(slot, settings.WorkerDll, settingsForWorker, Path.Combine(settings.WorkDirectory, $"worker-{slot}.log"));
        _workers.Add(worker);
        _starts++;
        log.WriteLine($"chaos: started worker {slot}");
    }

    private async Task StopAsync(WorkerProcess worker)
    {
        var exit = await worker.StopGracefullyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _workers.Remove(worker);
        _retired.Add(worker);
        _gracefulStops++;
        log.WriteLine($"chaos: worker {worker.Slot} stopped gracefully (exit {exit})");
    }

    private async Task ProduceWithEventsAsync(EmbeddedKafkaCluster? cluster, Random random, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _bootstrap,
            Partitioner = Partitioner.Murmur2Random,
            EnableIdempotence = true,
        }).Build();
        const int batch = 100;
        var batchDelay = TimeSpan.FromSeconds(batch / (double)settings.RecordsPerSecond);
        var nextEvent = 1;
        for (var seq = 0; seq < settings.Records; seq += batch)
        {
            for (var i = seq; i < Math.Min(seq + batch, settings.Records); i++)
            {
                var n = i;
                producer.Produce(
                    ChaosTopology.InputTopic,
                    new Message<string, string>
                    {
                        Key = "k" + KeyOf(i, settings.Keys).ToString(CultureInfo.InvariantCulture),
                        Value = i.ToString(CultureInfo.InvariantCulture),
                    },
                    report => _bound!.Delivered(n, report.TopicPartitionOffset));
            }

            producer.Flush(cancellationToken);
            var produced = Math.Min(seq + batch, settings.Records);
            while (nextEvent <= settings.Events && produced >= (long)settings.Records * nextEvent / (settings.Events + 1))
            {
                var n = nextEvent++;
                await OnEventAsync(n, cluster, random).ConfigureAwait(false);
                _pendingSnapshots.Add(_bound!.SnapAfterRebalanceAsync(n, () => _workers.ToList(), TimeSpan.FromSeconds(30)));
            }

            await Task.Delay(batchDelay, cancellationToken).ConfigureAwait(false);
        }

        log.WriteLine($"chaos: produced {settings.Records} records");
    }

    private async Task OnEventAsync(int n, EmbeddedKafkaCluster? cluster, Random random)
    {
        switch (settings.Scenario)
        {
            case ChaosScenario.Kill:
            {
                var victim = _workers[random.Next(_workers.Count)];
                victim.KillHard();
                _bound!.Snap(n, "kill");
                _workers.Remove(victim);
                _retired.Add(victim);
                _kills++;
                log.WriteLine($"chaos: event {n}: killed worker {victim.Slot} with SIGKILL (state was {victim.State})");
                StartWorker(victim.Slot);
                break;
            }

            case ChaosScenario.Scale:
                // First half of the events: grow to three workers; second half: shrink back to one.
                if (n <= (settings.Events + 1) / 2 && _workers.Count < 3)
                {
                    StartWorker(_workers.Count);
                }
                else if (n > (settings.Events + 1) / 2 && _workers.Count > 1)
                {
                    await StopAsync(_workers[^1]).ConfigureAwait(false);
                }

                _bound!.Snap(n, "scale");

                break;

            case ChaosScenario.Faults:
                InjectFault(n, cluster!);
                _bound!.Snap(n, "fault");
                break;
        }
    }

    private void InjectFault(int n, EmbeddedKafkaCluster cluster)
    {
        switch (n % 4)
        {
            case 1:
                cluster.PushRequestErrors(KafkaApiKeys.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
                log.WriteLine($"chaos: event {n}: Produce answers NotLeaderForPartition, RequestTimedOut, NotEnoughReplicas");
                break;
            case 2:
                cluster.PushRequestErrors(KafkaApiKeys.OffsetCommit, ErrorCode.GroupLoadInProgress, ErrorCode.NotCoordinatorForGroup);
                cluster.PushRequestErrors(KafkaApiKeys.Fetch, ErrorCode.NotLeaderForPartition);
                log.WriteLine($"chaos: event {n}: OffsetCommit answers CoordinatorLoadInProgress, NotCoordinator; Fetch answers NotLeaderForPartition");
                break;
            case 3:
                var target = 1 + (n % cluster.BrokerCount);
                cluster.SetCoordinator("group", _applicationId, target);
                log.WriteLine($"chaos: event {n}: group coordinator moved to broker {target}");
                break;
            default:
                var broker = 1 + (n % cluster.BrokerCount);
                cluster.SetBrokerDown(broker);
                Thread.Sleep(2000);
                cluster.SetBrokerUp(broker);
                log.WriteLine($"chaos: event {n}: broker {broker} down for 2 s, then up");
                break;
        }

        _faults++;
    }

    private async Task<bool> WaitForOutputAsync(long deadline, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _bootstrap,
            GroupId = "chaos-checker-progress",
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(Enumerable.Range(0, InputPartitions).Select(p => new TopicPartitionOffset(ChaosTopology.OutputTopic, p, Offset.Beginning)));
        var seen = new bool[settings.Records];
        var distinct = 0;
        var lastReport = Stopwatch.GetTimestamp();
        while (distinct < settings.Records && Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message && int.TryParse(message.Value, CultureInfo.InvariantCulture, out var seq) && seq >= 0 && seq < seen.Length && !seen[seq])
            {
                seen[seq] = true;
                distinct++;
            }

            if (Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(5))
            {
                lastReport = Stopwatch.GetTimestamp();
                log.WriteLine($"chaos: output has {distinct}/{settings.Records} distinct records; workers: {string.Join(", ", _workers.Select(w => $"{w.Slot}={w.State}"))}");
            }

            // A worker that died on its own (not killed by us) is a finding: restart it so the run can finish, and say so.
            foreach (var dead in _workers.Where(w => w.HasExited).ToList())
            {
                if (++_unexpectedExits > MaxUnexpectedExits)
                {
                    throw new InvalidOperationException(
                        $"Workers exited on their own {_unexpectedExits} times; giving up (see the worker logs in {settings.WorkDirectory}).");
                }

                log.WriteLine($"chaos: worker {dead.Slot} exited on its own (see worker-{dead.Slot}.log); restarting it");
                _workers.Remove(dead);
                _retired.Add(dead);
                StartWorker(dead.Slot);
            }

            await Task.Yield();
        }

        return distinct == settings.Records;
    }

    private ChaosReport Verify(bool completed, TimeSpan elapsed)
    {
        var output = ReadAll<string>(ChaosTopology.OutputTopic, Deserializers.Utf8);
        var counts = ReadAll<long>(ChaosTopology.CountsTopic, Deserializers.Int64);
        var seen = new int[settings.Records];
        foreach (var (_, value) in output)
        {
            seen[int.Parse(value, CultureInfo.InvariantCulture)]++;
        }

        var lost = seen.Count(c => c == 0);
        var duplicates = seen.Sum(c => Math.Max(0, c - 1L));
        var finalCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in counts)
        {
            finalCounts[key] = count; // per partition in offset order: the last one is the final count
        }

        int below = 0, above = 0;
        long overshoot = 0;
        for (var k = 0; k < settings.Keys; k++)
        {
            var expected = Enumerable.Range(0, settings.Records).LongCount(i => KeyOf(i, settings.Keys) == k);
            var actual = finalCounts.GetValueOrDefault("k" + k.ToString(CultureInfo.InvariantCulture));
            if (actual < expected)
            {
                below++;
            }
            else if (actual > expected)
            {
                above++;
                overshoot += actual - expected;
            }
        }

        var bounds = _bound!.Bounds(_bound.ReadOutput());
        foreach (var (n, uncommitted) in bounds)
        {
            log.WriteLine($"chaos: event {n}: {uncommitted} records processed but uncommitted (at most this many can be processed again)");
        }

        return new ChaosReport(
            settings.Scenario, settings.Records, output.Count, seen.Count(c => c > 0), lost, duplicates, settings.Keys, below, above, overshoot,
            _kills, _gracefulStops, _starts, _faults, elapsed, completed, settings.Guarantee, bounds.Sum(b => b.Uncommitted));
    }

    private List<(string Key, T Value)> ReadAll<T>(string topic, IDeserializer<T> deserializer)
    {
        using var consumer = new ConsumerBuilder<string, T>(new ConsumerConfig
        {
            BootstrapServers = _bootstrap,
            GroupId = "chaos-checker-final",
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).SetValueDeserializer(deserializer).Build();
        var records = new List<(string, T)>();
        for (var p = 0; p < InputPartitions; p++)
        {
            var tp = new TopicPartition(topic, p);
            var end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
            if (end == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (result?.Message is null)
                {
                    // read_committed on a real cluster: transaction markers take the last offsets, so no record reaches the end.
                    if (consumer.Position(tp).Value >= end)
                    {
                        break;
                    }

                    continue;
                }

                records.Add((result.Message.Key, result.Message.Value));
                if (result.Offset.Value + 1 >= end)
                {
                    break;
                }
            }
        }

        return records;
    }
}
