using Confluent.Kafka;
using Streams.Serialization;
using Streams.TestDriver.Simulation;
using Xunit.Abstractions;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// Seeded runs of <see cref="SeededSimulation"/>: one seed of each guarantee in CI (the deterministic runner runs many more of
/// the same word count there: <see cref="DeterministicSimulationTests"/>); more through the environment
/// (<c>STREAMS_SIM_SEEDS=1000 STREAMS_SIM_FIRST=0 dotnet test tests/Streams.TestDriver.Tests --filter "FullyQualifiedName~SeededSimulationTests.Seed_runs"</c>),
/// optionally <c>STREAMS_SIM_LOG=file</c> (every seed's verdict as it ends) and <c>STREAMS_SIM_SUMMARY=file</c> (the totals);
/// each failing seed printed so that <c>STREAMS_SIM_FIRST=&lt;seed&gt; STREAMS_SIM_SEEDS=1</c> reruns it alone.
/// </summary>
public sealed class SeededSimulationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-seeded-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task Seed_runs(ProcessingGuarantee guarantee)
    {
        await SeedRuns.RunAsync(guarantee.ToString(), 1, output, seed => SeededSimulation.RunAsync(seed, guarantee, Path.Combine(_stateRoot, $"{guarantee}-{seed}")));
    }

    /// <summary>
    /// The seeds that found bugs, rerun: at-least-once seed 103 (and 138, 139, 145, 187, 192, 227, 231, 369, 388) ended a
    /// clean StopAsync with an OperationCanceledException as the application's Error (a stop while tasks restore; fixed in
    /// StreamThread.Run); exactly-once seeds 22, 30, 40, 50 lost records when transaction.timeout.ms exceeded
    /// session.timeout.ms (the harness now keeps Kafka Streams' order). The seed replays the schedule, not the threads'
    /// interleaving, so these reproduce the bug only in some runs; they must pass in every run.
    /// </summary>
    [Theory]
    [InlineData(103, ProcessingGuarantee.AtLeastOnce)]
    [InlineData(22, ProcessingGuarantee.ExactlyOnceV2)]
    public async Task Seeds_that_found_bugs_pass(int seed, ProcessingGuarantee guarantee)
    {
        var result = await SeededSimulation.RunAsync(seed, guarantee, Path.Combine(_stateRoot, $"regression-{seed}"));
        output.WriteLine(result.ToString());
        result.Passed.Should().BeTrue(result.ToString());
    }

    [Fact]
    public async Task A_seed_replays_its_fault_schedule_and_verdict()
    {
        var first = await SeededSimulation.RunAsync(7, ProcessingGuarantee.ExactlyOnceV2, Path.Combine(_stateRoot, "first"));
        var second = await SeededSimulation.RunAsync(7, ProcessingGuarantee.ExactlyOnceV2, Path.Combine(_stateRoot, "second"));
        output.WriteLine(first.ToString());
        output.WriteLine(second.ToString());
        second.Schedule.Should().Equal(first.Schedule, "the seed decides the input, the scaling, and every crash, restart and stop");
        second.InputRecords.Should().Be(first.InputRecords);
        first.Passed.Should().BeTrue(first.ToString());
        second.Passed.Should().BeTrue(second.ToString());
        first.Schedule.Should().Contain(s => s.StartsWith("crash ", StringComparison.Ordinal)).And.Contain(s => s.StartsWith("start i2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_reports_losses_duplicates_repeated_counts_and_a_changelog_that_differs_from_the_output()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("counts", 1);
        cluster.CreateTopic("app-word-counts-changelog", 1);
        var supplier = new InMemoryKafkaClientSupplier(cluster);
        using (var producer = supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig())))
        {
            void Send(string topic, string word, long count, bool timestamped) => producer.Produce(topic, new Message<byte[], byte[]>
            {
                Key = Serdes.String.Serialize(word, default)!,
                Value = timestamped ? [.. new byte[8], .. Serdes.Int64.Serialize(count, default)!] : Serdes.Int64.Serialize(count, default)!,
            });
            Send("counts", "a", 1, false);
            Send("counts", "a", 1, false); // the same count twice: an output produced twice
            Send("counts", "b", 3, false); // b appears once in the input: counted three times
            Send("app-word-counts-changelog", "a", 1, true);
            Send("app-word-counts-changelog", "b", 2, true); // the changelog would restore 2, not 3
        }

        var expected = new Dictionary<string, long>(StringComparer.Ordinal) { ["a"] = 1, ["b"] = 1, ["c"] = 2 };
        var violations = new List<string>();
        var (losses, duplicates) = SeededSimulation.Check(cluster, ProcessingGuarantee.ExactlyOnceV2, expected, violations);
        losses.Should().Be(2, "c's two records were never counted");
        duplicates.Should().Be(2);
        violations.Should().Contain(v => v.StartsWith("lost: 2", StringComparison.Ordinal))
            .And.Contain(v => v.StartsWith("exactly-once counted 2", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("a's committed counts go 1 then 1", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("the changelog restores b=2 but its output is 3", StringComparison.Ordinal));

        var atLeastOnce = new List<string>();
        SeededSimulation.Check(cluster, ProcessingGuarantee.AtLeastOnce, expected, atLeastOnce);
        atLeastOnce.Should().NotContain(v => v.StartsWith("exactly-once", StringComparison.Ordinal), "duplicates are allowed (and counted) under at-least-once");
    }
}
