using System.Diagnostics;
using Xunit.Abstractions;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The seed loop of the real-clock seeded runs (<see cref="SeededSimulationTests"/>, <see cref="WorkloadSimulationTests"/>):
/// seeds <c>STREAMS_SIM_FIRST</c> (default 0) to <c>+ STREAMS_SIM_SEEDS</c> (default <c>defaultSeeds</c>), each verdict
/// to the test output and, with <c>STREAMS_SIM_LOG=file</c>, appended to that file as it ends; the totals (failing seeds,
/// input records, losses, duplicates, wall time) to the output and to <c>STREAMS_SIM_SUMMARY=file</c>. Fails the test
/// when a seed failed or anything was lost.
/// </summary>
internal static class SeedRuns
{
    public static async Task RunAsync(string label, int defaultSeeds, ITestOutputHelper output, Func<int, Task<SimulationResult>> run)
    {
        var first = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_SIM_FIRST"), out var f) ? f : 0;
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("STREAMS_SIM_SEEDS"), out var n) ? n : defaultSeeds;
        var failed = new List<SimulationResult>();
        long losses = 0, duplicates = 0, input = 0;
        var clock = Stopwatch.StartNew();
        for (var seed = first; seed < first + seeds; seed++)
        {
            var result = await run(seed);
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

        var summary = $"{label}: seeds {first}..{first + seeds - 1} ({seeds}), failures {failed.Count} [{string.Join(", ", failed.Select(r => r.Seed))}], input records {input}, losses {losses}, duplicates {duplicates}, wall time {clock.Elapsed:hh\\:mm\\:ss}";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("STREAMS_SIM_SUMMARY") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, summary + Environment.NewLine + string.Join(Environment.NewLine, failed) + Environment.NewLine);
        }

        failed.Should().BeEmpty(summary);
        losses.Should().Be(0);
    }
}
