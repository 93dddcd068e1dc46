namespace Streams.IntegrationTests.FlightDelaysDomain;

public class ReferenceComputationTests
{
    private static long Ms(int hour, int minute = 0) =>
        new DateTimeOffset(2001, 1, 1, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly string[] s_lines =
    [
        "2001-01-01T01:10,1,100,ORD,ATL",
        "2001-01-01T02:10,2,100,SFO,ATL",  // advances stream time to 02:10 (in SFO's partition)
        "2001-01-01T01:59,4,100,ORD,ATL",  // late where ORD shares SFO's stream time
        "not,a,flight",
        "2001-01-01T01:00,-6,100,ORD,ATL",
    ];

    [Fact]
    public void Single_partition_applies_the_grace_rule_globally()
    {
        ReferenceResult result = ReferenceComputation.Compute(s_lines);

        result.Malformed.Should().Be(1);
        result.Late.Should().Be(2);
        result.Windows.Should().HaveCount(2);
        ExpectedWindow ord = result.Windows[("ORD", Ms(1))];
        ord.Should().Be(new ExpectedWindow("ORD", new DateTime(2001, 1, 1, 1, 0, 0, DateTimeKind.Utc),
            new DateTime(2001, 1, 1, 2, 0, 0, DateTimeKind.Utc), 1, 1, 1, 1.0));
        ord.WindowStartMs.Should().Be(Ms(1));
        ord.WindowEndMs.Should().Be(Ms(2));
    }

    [Fact]
    public void Stream_time_is_tracked_per_partition()
    {
        ReferenceResult result = ReferenceComputation.Compute(s_lines, origin => origin == "SFO" ? 1 : 0);

        result.Late.Should().Be(0);
        ExpectedWindow ord = result.Windows[("ORD", Ms(1))];
        (ord.Flights, ord.TotalDelay, ord.MaxDelay, ord.AvgDelay).Should().Be((3L, -1L, 4, -1 / 3.0));
        result.Windows[("SFO", Ms(2))].Flights.Should().Be(1);
    }

    [Fact]
    public void Grace_edge_is_exclusive()
    {
        string[] accepted = ["2001-01-01T02:09,0,1,AAA,BBB", "2001-01-01T01:00,5,1,CCC,BBB"];
        string[] dropped = ["2001-01-01T02:10,0,1,AAA,BBB", "2001-01-01T01:00,5,1,CCC,BBB"];

        ReferenceComputation.Compute(accepted).Windows.Should().ContainKey(("CCC", Ms(1)));
        ReferenceResult late = ReferenceComputation.Compute(dropped);
        late.Windows.Should().NotContainKey(("CCC", Ms(1)));
        late.Late.Should().Be(1);
    }
}
