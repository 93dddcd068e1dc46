using Xunit.Abstractions;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// Runs of <see cref="DeterministicSimulation"/>: a seed replays exactly, and the faults it injects are seen by the clients.
/// A few seeds in CI; more through the environment:
/// <c>STREAMS_DET_SEEDS=1000 STREAMS_DET_FIRST=0 dotnet test tests/Streams.TestDriver.Tests -c Release --filter "FullyQualifiedName~DeterministicSimulationTests.Seed_runs"</c>,
/// optionally <c>STREAMS_DET_GUARANTEE=ExactlyOnceV2|AtLeastOnce</c> (only that theory row runs seeds),
/// <c>STREAMS_DET_LOG=file</c> (every verdict) and <c>STREAMS_DET_SUMMARY=file</c> (the totals).
/// </summary>
public sealed class DeterministicSimulationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-det-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Fact]
    public async Task A_seed_replays_the_same_history_exactly()
    {
        var first = await DeterministicSimulation.RunAsync(3, ProcessingGuarantee.ExactlyOnceV2, Path.Combine(_stateRoot, "first"), keepTrace: true);
        var second = await DeterministicSimulation.RunAsync(3, ProcessingGuarantee.ExactlyOnceV2, Path.Combine(_stateRoot, "second"), keepTrace: true);
        output.WriteLine(first.ToString());
        output.WriteLine(second.ToString());
        first.Passed.Should().BeTrue(first.ToString());
        second.Steps.Should().Be(first.Steps);
        second.Trace.Should().Equal(first.Trace, "the seed decides which thread runs at every request");
        second.TraceHash.Should().Be(first.TraceHash);
        second.HistoryHash.Should().Be(first.HistoryHash, "the same interleaving writes the same records, offsets and transaction fates");
        second.Schedule.Should().Equal(first.Schedule);
        first.Steps.Should().BeGreaterThan(1_000);
    }

    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task Seed_runs(ProcessingGuarantee guarantee)
    {
        var only = Environment.GetEnvironmentVariable("STREAMS_DET_GUARANTEE");
        if (only is { Length: > 0 } && !string.Equals(only, guarantee.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var first = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_DET_FIRST"), out var f) ? f : 100;
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_DET_SEEDS"), out var n) ? n : 4;
        var failed = new List<DeterministicResult>();
        long losses = 0, duplicates = 0, input = 0, steps = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var seed = first; seed < first + seeds; seed++)
        {
            var result = await DeterministicSimulation.RunAsync(seed, guarantee, Path.Combine(_stateRoot, $"{guarantee}-{seed}"));
            output.WriteLine(result.ToString());
            if (Environment.GetEnvironmentVariable("STREAMS_DET_LOG") is { Length: > 0 } log)
            {
                await File.AppendAllTextAsync(log, result + Environment.NewLine);
            }

            losses += result.Losses;
            duplicates += result.Duplicates;
            input += result.InputRecords;
            steps += result.Steps;
            if (!result.Passed)
            {
                failed.Add(result);
            }
        }

        var summary = $"{guarantee}: seeds {first}..{first + seeds - 1} ({seeds}), failures {failed.Count} [{string.Join(", ", failed.Select(r => r.Seed))}], "
            + $"input records {input}, losses {losses}, duplicates {duplicates}, steps {steps}, {clock.Elapsed.TotalSeconds / seeds:0.00} s per seed";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("STREAMS_DET_SUMMARY") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, summary + Environment.NewLine + string.Join(Environment.NewLine, failed) + Environment.NewLine);
        }

        failed.Should().BeEmpty(summary);
        losses.Should().Be(0);
        if (guarantee == ProcessingGuarantee.ExactlyOnceV2)
        {
            duplicates.Should().Be(0);
        }
    }
}
