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
}
