using FlightDelays;

namespace Streams.IntegrationTests.FlightDelaysDomain;

public class HandLoopTests
{
    private static long Ms(int day, int hour, int minute = 0) =>
        new DateTimeOffset(2001, 1, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void A_record_at_exactly_HH00_opens_the_new_window()
    {
        string[] lines =
        [
            "2001-01-01T00:59,10,100,ORD,ATL",
            "2001-01-01T01:00,20,100,ORD,ATL",
            "2001-01-01T01:59,-5,100,ORD,ATL",
            "2001-01-01T01:00,7,100,ATL,ORD",
        ];

        var windows = HandLoop.Run(lines, out long malformed);

        malformed.Should().Be(0);
        windows.Should().HaveCount(3);
        windows[("ORD", Ms(1, 0))].Should().Be(new DelayStats(1, 10, 10));
        windows[("ORD", Ms(1, 1))].Should().Be(new DelayStats(2, 15, 20));
        windows[("ATL", Ms(1, 1))].Should().Be(new DelayStats(1, 7, 7));
        HandLoop.WindowStartFor(Ms(1, 1)).Should().Be(Ms(1, 1));
        HandLoop.WindowStartFor(Ms(1, 1) - 1).Should().Be(Ms(1, 0));
    }

    [Fact]
    public void Late_record_is_accepted_while_windowEnd_is_after_streamTime_minus_grace()
    {
        // Window [01:00, 02:00). Stream time 02:09 -> close time 01:59 < 02:00: still open.
        string[] lines =
        [
            "2001-01-01T01:10,1,100,ORD,ATL",
            "2001-01-01T02:09,2,100,SFO,ATL",
            "2001-01-01T01:30,4,100,ORD,ATL",
        ];

        var windows = HandLoop.Run(lines, out _, out long late);

        late.Should().Be(0);
        windows[("ORD", Ms(1, 1))].Should().Be(new DelayStats(2, 5, 4));
    }

    [Fact]
    public void Late_record_is_dropped_when_windowEnd_equals_streamTime_minus_grace()
    {
        // Stream time 02:10 -> close time 02:00 = end of [01:00, 02:00): closed. Stream time is global (any origin).
        string[] lines =
        [
            "2001-01-01T01:10,1,100,ORD,ATL",
            "2001-01-01T02:10,2,100,SFO,ATL",
            "2001-01-01T01:59,4,100,ORD,ATL",
            "2001-01-01T02:00,8,100,ORD,ATL",
            "2001-01-01T00:30,16,100,JFK,ATL",
        ];

        var windows = HandLoop.Run(lines, out _, out long late);

        late.Should().Be(2);
        windows[("ORD", Ms(1, 1))].Should().Be(new DelayStats(1, 1, 1));
        windows[("ORD", Ms(1, 2))].Should().Be(new DelayStats(1, 8, 8));
        windows.Should().NotContainKey(("JFK", Ms(1, 0)));
    }

    [Fact]
    public void Malformed_lines_are_counted_and_do_not_advance_stream_time()
    {
        string[] lines =
        [
            "2001-01-01T01:10,1,100,ORD,ATL",
            "2001-01-09T00:00,x,100,ORD,ATL",
            "garbage",
            "2001-01-01T01:20,3,100,ORD,ATL",
        ];

        var windows = HandLoop.Run(lines, out long malformed, out long late);

        malformed.Should().Be(2);
        late.Should().Be(0);
        windows[("ORD", Ms(1, 1))].Should().Be(new DelayStats(2, 4, 3));
    }

    [Fact]
    public void Agrees_with_the_reference_on_the_shipped_sample()
    {
        var lines = FlightInput.ReadLines(ShippedData.FlightsSample).ToList();

        var windows = HandLoop.Run(lines, out long malformed, out long late);
        ReferenceResult expected = ReferenceComputation.Compute(lines);

        malformed.Should().Be(0);
        late.Should().Be(0);
        expected.Malformed.Should().Be(0);
        expected.Late.Should().Be(0);
        windows.Should().HaveCount(expected.Windows.Count);
        windows.Values.Sum(s => s.Flights).Should().Be(ShippedData.SampleRows);
        foreach (var (key, want) in expected.Windows)
        {
            windows.Should().ContainKey(key);
            DelayStats got = windows[key];
            (got.Flights, got.TotalDelay, got.MaxDelay, got.AvgDelay).Should().Be((want.Flights, want.TotalDelay, want.MaxDelay, want.AvgDelay), key.ToString());
        }
    }
}
