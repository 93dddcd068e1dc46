using FlightDelays;

namespace Streams.IntegrationTests.FlightDelaysDomain;

public class FlightParserTests
{
    [Fact]
    public void Parses_a_good_line()
    {
        FlightParser.TryParse("2001-01-01T00:01,33,2176,LAS,PHL", out Flight? flight, out string? error).Should().BeTrue(error);

        flight.Should().Be(new Flight(new DateTime(2001, 1, 1, 0, 1, 0, DateTimeKind.Utc), 33, 2176, "LAS", "PHL"));
        flight!.ScheduledDepartureUtc.Kind.Should().Be(DateTimeKind.Utc);
        flight.TimestampMs.Should().Be(new DateTimeOffset(2001, 1, 1, 0, 1, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        error.Should().BeNull();
    }

    [Theory]
    [InlineData("2001-01-01T00:01,-13,2345,ANC,LAX", -13)]
    [InlineData("2001-06-30T23:59,0,0,00M,ATL", 0)]
    [InlineData("2001-01-01T00:01,+5,2345,ANC,LAX", 5)]
    [InlineData("2001-01-01T00:01,7,2345,ANC,LAX\r", 7)]
    public void Accepts_negative_zero_signed_delays_digit_codes_and_a_trailing_CR(string line, int delay)
    {
        FlightParser.TryParse(line, out Flight? flight, out string? error).Should().BeTrue(error);
        flight!.DelayMinutes.Should().Be(delay);
    }

    [Fact]
    public void Interns_airport_codes()
    {
        FlightParser.TryParse("2001-01-01T00:01,1,2,ORD,ATL", out Flight? a, out _).Should().BeTrue();
        FlightParser.TryParse("2001-01-01T00:02,1,2,ATL,ORD", out Flight? b, out _).Should().BeTrue();
        ReferenceEquals(a!.Origin, b!.Destination).Should().BeTrue();
        ReferenceEquals(FlightParser.ExtractOrigin("x,y,z,ORD,w"), a.Origin).Should().BeTrue();
    }

    [Theory]
    [InlineData("", "line is empty")]
    [InlineData("2001-01-01T00:01,33,2176", "expected 5 fields, found 3")]
    [InlineData("2001-01-01T00:01,33,2176,LAS,PHL,X", "expected 5 fields, found 6")]
    [InlineData("2001-01-01T00:01 33 2176 LAS PHL", "expected 5 fields, found 1")]
    [InlineData("2001-01-01T00:01,abc,2176,LAS,PHL", "field 2 'delay': 'abc' is not an integer")]
    [InlineData("2001-01-01T00:01,,2176,LAS,PHL", "field 2 'delay' is empty")]
    [InlineData("2001-01-01T00:01,1.5,2176,LAS,PHL", "field 2 'delay': '1.5' is not an integer")]
    [InlineData("2001-01-01T00:01, 3,2176,LAS,PHL", "field 2 'delay': ' 3' is not an integer")]
    [InlineData("2001-01-01T00:01,99999999999,2176,LAS,PHL", "field 2 'delay': '99999999999' is not an integer")]
    [InlineData("2001-01-01T00:01,3,x2176,LAS,PHL", "field 3 'distance': 'x2176' is not an integer")]
    [InlineData("2001-01-01T00:01,3,-5,LAS,PHL", "field 3 'distance': '-5' is negative")]
    [InlineData("2001-01-01T00:01,3,2176,LA,PHL", "field 4 'origin': 'LA' is not a 3-letter IATA code")]
    [InlineData("2001-01-01T00:01,3,2176,las,PHL", "field 4 'origin': 'las' is not a 3-letter IATA code")]
    [InlineData("2001-01-01T00:01,3,2176,L-S,PHL", "field 4 'origin': 'L-S' is not a 3-letter IATA code")]
    [InlineData("2001-01-01T00:01,3,2176,,PHL", "field 4 'origin' is empty")]
    [InlineData("2001-01-01T00:01,3,2176,LAS,PHLX", "field 5 'destination': 'PHLX' is not a 3-letter IATA code")]
    [InlineData("2001-01-01T00:01,3,2176,LAS,", "field 5 'destination' is empty")]
    [InlineData(",3,2176,LAS,PHL", "field 1 'date' is empty")]
    [InlineData("2001-13-01T00:01,3,2176,LAS,PHL", "field 1 'date': '2001-13-01T00:01' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("2001-02-29T00:01,3,2176,LAS,PHL", "field 1 'date': '2001-02-29T00:01' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("2001-01-01T24:00,3,2176,LAS,PHL", "field 1 'date': '2001-01-01T24:00' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("2001-01-01T00:60,3,2176,LAS,PHL", "field 1 'date': '2001-01-01T00:60' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("2001-01-01 00:01,3,2176,LAS,PHL", "field 1 'date': '2001-01-01 00:01' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("2001-01-01T00:01:00,3,2176,LAS,PHL", "field 1 'date': '2001-01-01T00:01:00' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("2001-1-01T00:01,3,2176,LAS,PHL", "field 1 'date': '2001-1-01T00:01' is not a valid yyyy-MM-ddTHH:mm date")]
    [InlineData("date,delay,distance,origin,destination", "field 1 'date': 'date' is not a valid yyyy-MM-ddTHH:mm date")]
    public void Rejects_malformed_lines_with_a_precise_reason(string line, string reason)
    {
        FlightParser.TryParse(line, out Flight? flight, out string? error).Should().BeFalse();
        flight.Should().BeNull();
        error.Should().Be(reason);
    }

    [Fact]
    public void Truncates_long_values_in_the_reason()
    {
        string line = "2001-01-01T00:01," + new string('x', 500) + ",1,LAS,PHL";
        FlightParser.TryParse(line, out _, out string? error).Should().BeFalse();
        error.Should().Be($"field 2 'delay': '{new string('x', 40)}...' is not an integer");
    }

    [Theory]
    [InlineData("2001-01-01T00:01,33,2176,LAS,PHL", "LAS")]
    [InlineData("a,b,c,ORD", "ORD")]
    [InlineData("a,b,c,lowercase,x,y", "lowercase")]
    [InlineData("a,b,c,,PHL", null)]
    [InlineData("a,b,c", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ExtractOrigin_returns_the_fourth_field(string? line, string? origin) =>
        FlightParser.ExtractOrigin(line).Should().Be(origin);

    [Theory]
    [InlineData("date,delay,distance,origin,destination", true)]
    [InlineData("\uFEFFdate,delay,distance,origin,destination", true)]
    [InlineData("2001-01-01T00:01,33,2176,LAS,PHL", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsHeader(string? line, bool expected) => FlightParser.IsHeader(line).Should().Be(expected);

    [Fact]
    public void Every_line_of_the_shipped_sample_parses_and_is_sorted()
    {
        long count = 0;
        long previous = long.MinValue;
        foreach (string line in FlightInput.ReadLines(ShippedData.FlightsSample))
        {
            FlightParser.TryParse(line, out Flight? flight, out string? error).Should().BeTrue(error);
            flight!.TimestampMs.Should().BeGreaterThanOrEqualTo(previous);
            previous = flight.TimestampMs;
            count++;
        }
        count.Should().Be(ShippedData.SampleRows);
        DateTimeOffset.FromUnixTimeMilliseconds(previous).Should().Be(new DateTimeOffset(2001, 1, 7, 23, 59, 0, TimeSpan.Zero));
    }
}
