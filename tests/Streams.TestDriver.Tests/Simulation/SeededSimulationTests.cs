using Xunit.Abstractions;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// Seeded runs of <see cref="SeededSimulation"/>: a few seeds in CI; more through the environment
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
        var first = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_SIM_FIRST"), out var f) ? f : 0;
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_SIM_SEEDS"), out var n) ? n : 3;
        var failed = new List<SimulationResult>();
        long losses = 0, duplicates = 0, input = 0;
        for (var seed = first; seed < first + seeds; seed++)
        {
            var result = await SeededSimulation.RunAsync(seed, guarantee, Path.Combine(_stateRoot, $"{guarantee}-{seed}"));
            output.WriteLine(result.ToString());
            if (Environment.GetEnvironmentVariable("STREAMS_SIM_LOG") is { Length: > 0 } log)
            {
                await File.AppendAllTextAsync(log, result + Environment.NewLine);
            }
            losses += result.Losses;
            duplicates += result.Duplicates;
            input += result.InputRecords;
            if (!result.Passed)
            {
                failed.Add(result);
            }
        }

        var summary = $"{guarantee}: seeds {first}..{first + seeds - 1} ({seeds}), failures {failed.Count} [{string.Join(", ", failed.Select(r => r.Seed))}], input records {input}, losses {losses}, duplicates {duplicates}";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("STREAMS_SIM_SUMMARY") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, summary + Environment.NewLine + string.Join(Environment.NewLine, failed) + Environment.NewLine);
        }

        failed.Should().BeEmpty(summary);
        losses.Should().Be(0);
    }
}
