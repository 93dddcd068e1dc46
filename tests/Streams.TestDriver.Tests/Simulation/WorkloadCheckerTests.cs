using System.Buffers.Binary;
using Confluent.Kafka;
using FlightDelays;
using Streams.Serialization;
using Streams.TestDriver.Simulation;
using Streams.TestDriver.Tests.Simulation.Workloads;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The workloads' checkers fed hand-made histories (issue 18, part 3): the history a single correct processing writes,
/// built from the reference of a generated input (no application runs), passes; the same with one record lost, one
/// emission repeated, one value wrong or a changelog that restores another state fails as it should under each guarantee.
/// </summary>
public sealed class WorkloadCheckerTests
{
    private const string AppId = "checker";
    private const ProcessingGuarantee Eos = ProcessingGuarantee.ExactlyOnceV2;
    private const ProcessingGuarantee Alos = ProcessingGuarantee.AtLeastOnce;

    /// <summary>One record of a hand-made output history.</summary>
    private sealed record Out(string Topic, byte[] Key, byte[] Value);

    [Fact]
    public void The_flight_checker_passes_the_history_of_a_single_processing()
    {
        var (workload, history) = FlightHistory(seed: 3);
        workload.Reference.Windows.Should().Contain(kv => kv.Value.Final.Flights >= 2, "the sample has windows of several flights");
        workload.Reference.Severe.Should().NotBeEmpty("real rows include flights over an hour late");
        workload.Reference.Malformed.Should().NotBeEmpty();

        foreach (var guarantee in new[] { Eos, Alos })
        {
            var (violations, losses, duplicates) = CheckFlights(workload, history, guarantee);
            violations.Should().BeEmpty();
            (losses, duplicates).Should().Be((0L, 0L));
        }
    }

    [Fact]
    public void The_flight_checker_reports_a_lost_update_a_repeated_result_a_wrong_value_a_double_count_and_a_changelog_that_differs()
    {
        var (workload, history) = FlightHistory(seed: 3);
        var ((origin, start), window) = workload.Reference.Windows.Where(kv => kv.Value.Final.Flights >= 2).OrderBy(kv => kv.Key.Origin, StringComparer.Ordinal).ThenBy(kv => kv.Key.Start).First();
        var lastIndex = history.FindLastIndex(o => IsResult(o, origin, start));
        var last = WindowResult.FromJson(history[lastIndex].Value);
        last.Flights.Should().Be(window.Final.Flights);
        var airport = workload.LoadedAirports.GetValueOrDefault(origin);

        // Lost: the window's last result never committed.
        var lost = history.Where((_, i) => i != lastIndex).ToList();
        foreach (var guarantee in new[] { Eos, Alos })
        {
            var (violations, losses, _) = CheckFlights(workload, lost, guarantee);
            violations.Should().Contain(v => v.StartsWith("lost: ", StringComparison.Ordinal) && v.Contains(origin, StringComparison.Ordinal));
            losses.Should().Be(1);
        }

        // Repeated: the last result committed twice (an output produced twice): exactly-once fails, at-least-once allows it.
        var repeated = history.Append(history[lastIndex]).ToList();
        CheckFlights(workload, repeated, Eos).Violations.Should().Contain(v => v.Contains($"go {last.Flights} then {last.Flights} flights", StringComparison.Ordinal));
        CheckFlights(workload, repeated, Alos).Violations.Should().BeEmpty();

        // Wrong value: the right count with another total.
        var wrong = history.ToList();
        wrong[lastIndex] = wrong[lastIndex] with { Value = WindowResult.Create(origin, start, start + 3_600_000, window.Final with { TotalDelay = window.Final.TotalDelay + 1 }, airport).ToJsonUtf8() };
        CheckFlights(workload, wrong, Eos).Violations.Should().Contain(v => v.Contains("last committed result", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("which no single processing emits", StringComparison.Ordinal));

        // Counted twice: a later result with one flight more (a record processed again on top of its own update).
        var twice = history.Append(history[lastIndex] with { Value = WindowResult.Create(origin, start, start + 3_600_000, window.Final.Add(0), airport).ToJsonUtf8() }).ToList();
        CheckFlights(workload, twice, Eos).Violations.Should().Contain(v => v.StartsWith("exactly-once: ", StringComparison.Ordinal));
        var (alosViolations, _, alosDuplicates) = CheckFlights(workload, twice, Alos);
        alosViolations.Should().BeEmpty();
        alosDuplicates.Should().Be(1);

        // A severe delay committed twice, and one lost.
        var severe = history.First(o => o.Topic == FlightTopology.SevereTopic);
        CheckFlights(workload, history.Append(severe).ToList(), Eos).Violations.Should().ContainSingle(v => v.StartsWith("severe-delays: ", StringComparison.Ordinal));
        CheckFlights(workload, history.Append(severe).ToList(), Alos).Duplicates.Should().Be(1);
        CheckFlights(workload, history.Where(o => o != severe).ToList(), Alos).Losses.Should().Be(1);

        // The changelog restores another state than the reference.
        var changelog = history.FindLastIndex(o => o.Topic.EndsWith("-changelog", StringComparison.Ordinal) && o.Key.SequenceEqual(StoreKey(origin, start)));
        var corrupt = history.ToList();
        corrupt[changelog] = corrupt[changelog] with { Value = [.. new byte[8], .. (window.Final with { MaxDelay = window.Final.MaxDelay + 1 }).ToBytes()] };
        CheckFlights(workload, corrupt, Eos).Violations.Should().ContainSingle(v => v.StartsWith("the changelog ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_join_suppress_checker_passes_one_final_result_per_window_and_reports_repeats_losses_wrong_values_and_open_windows()
    {
        var (workload, history) = JoinSuppressHistory(seed: 5);
        var expected = workload.ExpectedResults;
        expected.Should().HaveCountGreaterThan(3);
        workload.Late.Should().BeGreaterThan(0, "the final batch sends orders whose window has closed");
        foreach (var guarantee in new[] { Eos, Alos })
        {
            var (violations, losses, duplicates) = CheckJoinSuppress(workload, history, guarantee);
            violations.Should().BeEmpty();
            (losses, duplicates).Should().Be((0L, 0L));
        }

        var first = history.First(o => o.Topic == "order-totals");
        var key = Serdes.String.Deserialize(first.Key, false, default)!;
        var value = Serdes.String.Deserialize(first.Value, false, default)!;
        var count = long.Parse(value.AsSpan(0, value.IndexOf(':', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

        // Emitted twice: exactly-once fails ("exactly one"), at-least-once counts a duplicate.
        var repeated = history.Append(first).ToList();
        CheckJoinSuppress(workload, repeated, Eos).Violations.Should().ContainSingle(v => v.StartsWith($"exactly-once: {key}'s", StringComparison.Ordinal));
        var (alosViolations, _, alosDuplicates) = CheckJoinSuppress(workload, repeated, Alos);
        alosViolations.Should().BeEmpty();
        alosDuplicates.Should().Be(1);

        // Never emitted: lost under both.
        foreach (var guarantee in new[] { Eos, Alos })
        {
            var (violations, losses, _) = CheckJoinSuppress(workload, history.Where(o => o != first).ToList(), guarantee);
            violations.Should().ContainSingle(v => v.StartsWith($"lost: no final result for {key}", StringComparison.Ordinal));
            losses.Should().Be(count);
        }

        // A wrong value (one order fewer), and a result for a window that has not closed (the flush's).
        var wrong = history.ToList();
        wrong[wrong.IndexOf(first)] = first with { Value = Serdes.String.Serialize($"{count - 1}:0", default)! };
        CheckJoinSuppress(workload, wrong, Eos).Violations.Should().Contain(v => v.StartsWith($"exactly-once: {key}'s", StringComparison.Ordinal))
            .And.Contain(v => v.StartsWith($"lost: {key}'s", StringComparison.Ordinal));
        var ((customer, start), _) = workload.Windows.First(kv => !expected.ContainsKey($"{kv.Key.Customer}@{kv.Key.Start}"));
        var open = history.Append(new Out("order-totals", Serdes.String.Serialize($"{customer}@{start}", default)!, Serdes.String.Serialize("1:1", default)!)).ToList();
        CheckJoinSuppress(workload, open, Alos).Violations.Should().ContainSingle(v => v.Contains("not a closed window", StringComparison.Ordinal));

        // The changelog holds another aggregate for one window.
        var changelog = history.FindIndex(o => o.Topic.EndsWith("-changelog", StringComparison.Ordinal));
        var corrupt = history.ToList();
        corrupt[changelog] = corrupt[changelog] with { Value = [.. new byte[8], .. Serdes.String.Serialize("999:999", default)!] };
        CheckJoinSuppress(workload, corrupt, Eos).Violations.Should().ContainSingle(v => v.StartsWith("the changelog ", StringComparison.Ordinal));
    }

    private static (FlightWorkload Workload, List<Out> History) FlightHistory(int seed)
    {
        var workload = new FlightWorkload();
        Generate(workload, seed);
        var history = new List<Out>();
        var changelog = $"{AppId}-{FlightTopology.StatsStore}-changelog";
        foreach (var ((origin, start), window) in workload.Reference.Windows)
        {
            foreach (var prefix in window.Prefixes)
            {
                history.Add(new Out(FlightTopology.StatsTopic, Key(origin), WindowResult.Create(origin, start, start + 3_600_000, prefix, workload.LoadedAirports.GetValueOrDefault(origin)).ToJsonUtf8()));
                history.Add(new Out(changelog, StoreKey(origin, start), [.. new byte[8], .. prefix.ToBytes()]));
            }
        }

        history.AddRange(workload.Reference.Severe.Select(f => new Out(FlightTopology.SevereTopic, Key(f.Origin), FlightTopology.FlightSerde.Serialize(f, default)!)));
        history.AddRange(workload.Reference.Malformed.Select(l => new Out(FlightTopology.DeadLetterTopic, Key("x"), Serdes.String.Serialize(l, default)!)));
        return (workload, history);
    }

    private static (JoinSuppressWorkload Workload, List<Out> History) JoinSuppressHistory(int seed)
    {
        var workload = new JoinSuppressWorkload();
        Generate(workload, seed);
        var history = workload.ExpectedResults.Select(kv => new Out("order-totals", Key(kv.Key), Serdes.String.Serialize(kv.Value, default)!)).ToList();
        history.AddRange(workload.Windows.Select(kv => new Out($"{AppId}-order-totals-store-changelog", StoreKey(kv.Key.Customer, kv.Key.Start), [.. new byte[8], .. Serdes.String.Serialize($"{kv.Value.Count}:{kv.Value.Sum}", default)!])));
        return (workload, history);
    }

    /// <summary>Writes a generated input (as a seeded run does, without an application) so that the workload has its reference.</summary>
    private static void Generate(ISimulationWorkload workload, int seed)
    {
        var cluster = new InMemoryKafkaCluster();
        foreach (var (topic, partitions) in workload.Topics)
        {
            cluster.CreateTopic(topic, partitions);
        }

        var rng = new Random(seed);
        using var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig()));
        workload.Prepare(rng, producer);
        for (var i = 0; i < 10; i++)
        {
            workload.Produce(rng, producer);
        }

        workload.ProduceFinal(rng, producer);
    }

    private static (List<string> Violations, long Losses, long Duplicates) CheckFlights(FlightWorkload workload, List<Out> history, ProcessingGuarantee guarantee) =>
        Check(workload, workload.Topics.Select(t => t.Topic).Append($"{AppId}-{FlightTopology.StatsStore}-changelog"), history, guarantee);

    private static (List<string> Violations, long Losses, long Duplicates) CheckJoinSuppress(JoinSuppressWorkload workload, List<Out> history, ProcessingGuarantee guarantee) =>
        Check(workload, workload.Topics.Select(t => t.Topic).Append($"{AppId}-order-totals-store-changelog"), history, guarantee);

    private static (List<string> Violations, long Losses, long Duplicates) Check(ISimulationWorkload workload, IEnumerable<string> topics, List<Out> history, ProcessingGuarantee guarantee)
    {
        var cluster = new InMemoryKafkaCluster();
        foreach (var topic in topics)
        {
            cluster.CreateTopic(topic, 1);
        }

        using (var producer = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig())))
        {
            foreach (var o in history)
            {
                producer.Produce(o.Topic, new Message<byte[], byte[]> { Key = o.Key, Value = o.Value });
            }
        }

        var violations = new List<string>();
        var (losses, duplicates) = workload.Check(cluster, AppId, guarantee, violations);
        return (violations, losses, duplicates);
    }

    private static bool IsResult(Out o, string origin, long start) =>
        o.Topic == FlightTopology.StatsTopic && WindowResult.FromJson(o.Value) is var r && r.Origin == origin && r.WindowStart.ToUnixTimeMilliseconds() == start;

    private static byte[] Key(string key) => Serdes.String.Serialize(key, default)!;

    private static byte[] StoreKey(string key, long start)
    {
        var bytes = Key(key);
        var storeKey = new byte[bytes.Length + 8];
        bytes.CopyTo(storeKey, 0);
        BinaryPrimitives.WriteUInt64BigEndian(storeKey.AsSpan(bytes.Length), unchecked((ulong)start ^ 0x8000_0000_0000_0000UL));
        return storeKey;
    }
}
