using FlightDelays;

namespace Streams.IntegrationTests.FlightDelays;

/// <summary>
/// The job's compact store of the latest result per window (origin and start), which replaced a dictionary of
/// <see cref="WindowResult"/> objects to keep the main job under its memory target: it must keep exactly what that
/// dictionary kept, in the order the job writes.
/// </summary>
public sealed class LatestWindowResultsTests
{
    private static readonly DateTimeOffset s_epoch = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_latest_result_of_each_window_across_chunks_and_returns_them_by_origin_then_start()
    {
        var random = new Random(7);
        var store = new LatestWindowResults();
        var reference = new Dictionary<(string Origin, DateTimeOffset Start), WindowResult>();
        string[] origins = ["ORD", "ATL", "00M", "LAX"];
        (string?, string?, string?)[] airports = [("O'Hare", "Chicago", "IL"), (null, null, null), ("Hartsfield", "Atlanta", "GA")];

        // ATL gets 2.5 chunks of windows; later updates of early windows arrive once newer chunks exist, starts out of order.
        for (var i = 0; i < 12_000; i++)
        {
            var origin = i % 3 == 0 ? origins[random.Next(origins.Length)] : "ATL";
            var hour = origin == "ATL" ? random.Next((LatestWindowResults.ChunkWindows * 5) / 2) : random.Next(50);
            var (name, city, state) = airports[random.Next(airports.Length)];
            var flights = random.Next(1, 40);
            var total = random.Next(-200, 5_000);
            var result = new WindowResult(
                origin, s_epoch.AddHours(hour), s_epoch.AddHours(hour + 1), flights, total, (double)total / flights, random.Next(0, 600), name, city, state);
            store.Add(result);
            reference[(origin, result.WindowStart)] = result;
        }

        var results = store.TakeResults();

        var expected = reference.Values.OrderBy(r => r.Origin, StringComparer.Ordinal).ThenBy(r => r.WindowStart).ToList();
        results.Should().HaveCount(expected.Count);
        results.Should().Equal(expected, "each window keeps its latest result, ordered by origin (ordinal), then start");
        results[0].Origin.Should().Be("00M");
        store.TakeResults().Should().BeEmpty("the windows were handed over");
    }
}
