using Streams.Chaos;

namespace Streams.IntegrationTests.Chaos;

/// <summary>
/// Failure tests with every instance in its own process (streams-chaos workers) on an embedded broker held by the
/// test process: instances are killed with SIGKILL, added and removed, and the broker misbehaves, while input is
/// produced. Under at-least-once nothing may be lost: every input record reaches the output topic and every key's
/// final count is at least its number of input records. Duplicates (and counts above the input) are allowed and
/// reported. The larger runs whose figures docs/reliability.md reports use the same code (`streams-chaos run`).
/// </summary>
[Collection(nameof(ChaosTests))]
[CollectionDefinition(nameof(ChaosTests))]
public sealed class ChaosTests : IDisposable
{
    private static readonly string WorkerDll = typeof(ChaosTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "StreamsChaosPath").Value!;

    private readonly string _workDir = Directory.CreateTempSubdirectory("streams-chaos-test-").FullName;

    public void Dispose() => Directory.Delete(_workDir, recursive: true);

    [Fact]
    public async Task Killing_instances_with_sigkill_while_they_process_loses_no_record()
    {
        var report = await RunAsync(ChaosScenario.Kill, records: 8_000, events: 3);

        report.Kills.Should().Be(3);
        report.Lost.Should().Be(0, report.ToString());
        report.DuplicateBound.Should().BeGreaterThanOrEqualTo(0);
        report.DuplicatesWithinBound.Should().BeTrue("a kill duplicates at most what was processed but uncommitted: " + report);
        report.OvershootConsistent.Should().BeTrue(report.ToString());
        report.CountsBelowExpected.Should().Be(0, report.ToString());
        report.CompletedBeforeDeadline.Should().BeTrue(report.ToString());
    }

    [Fact]
    public async Task Scaling_from_one_to_three_instances_and_back_to_one_loses_no_record()
    {
        var report = await RunAsync(ChaosScenario.Scale, records: 8_000, events: 4);

        report.WorkerStarts.Should().Be(3);
        report.GracefulStops.Should().Be(3);
        report.Lost.Should().Be(0, report.ToString());
        report.DuplicatesWithinBound.Should().BeTrue("a move duplicates at most what was processed but uncommitted: " + report);
        report.CountsBelowExpected.Should().Be(0, report.ToString());
        report.CompletedBeforeDeadline.Should().BeTrue(report.ToString());
    }

    [Fact]
    public async Task Broker_faults_during_processing_lose_no_record()
    {
        var report = await RunAsync(ChaosScenario.Faults, records: 8_000, events: 4);

        report.FaultsInjected.Should().Be(4);
        report.Kills.Should().Be(0);
        report.Lost.Should().Be(0, report.ToString());
        report.CountsBelowExpected.Should().Be(0, report.ToString());
        report.CompletedBeforeDeadline.Should().BeTrue(report.ToString());
    }

    private async Task<ChaosReport> RunAsync(ChaosScenario scenario, int records, int events)
    {
        var settings = new ChaosSettings(
            scenario, records, Keys: 50, events, RecordsPerSecond: 400, _workDir, WorkerDll, TimeSpan.FromMinutes(4));
        using var log = new StringWriter();
        ChaosReport report;
        try
        {
            report = await new ChaosRun(settings, log).RunAsync(CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{log}\n{WorkerLogs()}");
        }

        return report.AtLeastOnceHeld ? report : throw new Xunit.Sdk.XunitException($"{report}\n{log}\n{WorkerLogs()}");
    }

    private string WorkerLogs() => string.Join('\n', Directory.GetFiles(_workDir, "worker-*.log").Select(f => $"--- {f}\n{File.ReadAllText(f)}"));
}
