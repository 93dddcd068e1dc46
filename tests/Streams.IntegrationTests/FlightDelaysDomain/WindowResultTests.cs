using System.Text.Json;
using FlightDelays;

namespace Streams.IntegrationTests.FlightDelaysDomain;

public class WindowResultTests
{
    private static readonly DateTimeOffset s_start = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Json_has_exact_camelCase_names_in_order_and_utc_Z_timestamps()
    {
        var result = new WindowResult("ORD", s_start, s_start.AddHours(1), 3, 10, 10 / 3.0, 9, "Chicago O'Hare International", "Chicago", "IL");

        string json = result.ToJson();

        json.Should().Be(
            "{\"origin\":\"ORD\",\"windowStart\":\"2001-01-01T00:00:00Z\",\"windowEnd\":\"2001-01-01T01:00:00Z\"," +
            "\"flights\":3,\"totalDelay\":10,\"avgDelay\":3.3333333333333335,\"maxDelay\":9," +
            "\"airportName\":\"Chicago O\\u0027Hare International\",\"city\":\"Chicago\",\"state\":\"IL\"}");
        using JsonDocument doc = JsonDocument.Parse(json);
        doc.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "origin", "windowStart", "windowEnd", "flights", "totalDelay", "avgDelay", "maxDelay", "airportName", "city", "state");
        WindowResult.FromJson(json).Should().Be(result);
        WindowResult.FromJson(result.ToJsonUtf8()).Should().Be(result);
    }

    [Fact]
    public void Missing_airport_is_written_as_nulls()
    {
        WindowResult result = WindowResult.Create("XYZ", s_start.ToUnixTimeMilliseconds(), s_start.AddHours(1).ToUnixTimeMilliseconds(),
            new DelayStats(2, -3, 0), airport: null);

        string json = result.ToJson();

        json.Should().EndWith("\"avgDelay\":-1.5,\"maxDelay\":0,\"airportName\":null,\"city\":null,\"state\":null}");
        result.WindowStart.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Create_copies_stats_and_airport()
    {
        WindowResult result = WindowResult.Create("ORD", 978_307_200_000, 978_310_800_000, new DelayStats(4, 10, 7),
            new Airport("ORD", "Chicago O'Hare International", "Chicago", "IL"));

        result.Should().Be(new WindowResult("ORD", s_start, s_start.AddHours(1), 4, 10, 2.5, 7, "Chicago O'Hare International", "Chicago", "IL"));
    }

    [Fact]
    public void Non_utc_offsets_are_written_in_utc()
    {
        var local = new DateTimeOffset(2001, 1, 1, 2, 30, 0, TimeSpan.FromHours(2));
        var result = new WindowResult("ORD", local, local.AddMilliseconds(1500), 0, 0, 0, 0, null, null, null);

        string json = result.ToJson();

        json.Should().Contain("\"windowStart\":\"2001-01-01T00:30:00Z\",\"windowEnd\":\"2001-01-01T00:30:01.5Z\"");
        WindowResult back = WindowResult.FromJson(json);
        back.WindowStart.Should().Be(local);
        back.WindowStart.Offset.Should().Be(TimeSpan.Zero);
    }
}
