using FlightDelays;

namespace Streams.IntegrationTests.FlightDelaysDomain;

public class DelayStatsTests
{
    private static Flight FlightWithDelay(int delay) => new(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), delay, 100, "ORD", "ATL");

    [Fact]
    public void Add_aggregates_count_total_max_and_average()
    {
        DelayStats stats = DelayStats.Empty.Add(FlightWithDelay(10)).Add(FlightWithDelay(-4)).Add(FlightWithDelay(30));
        stats.Should().Be(new DelayStats(3, 36, 30));
        stats.AvgDelay.Should().Be(12.0);
        DelayStats.Empty.AvgDelay.Should().Be(0.0);
        DelayStats.Empty.Flights.Should().Be(0);
    }

    [Fact]
    public void Max_of_only_early_flights_is_negative()
    {
        DelayStats stats = DelayStats.Empty.Add(FlightWithDelay(-7)).Add(FlightWithDelay(-3));
        stats.MaxDelay.Should().Be(-3);
        stats.AvgDelay.Should().Be(-5.0);
    }

    [Fact]
    public void Add_does_not_mutate()
    {
        DelayStats one = DelayStats.Empty.Add(5);
        one.Add(7);
        one.Should().Be(new DelayStats(1, 5, 5));
    }

    [Theory]
    [InlineData(0L, 0L, 0)]
    [InlineData(1L, -1116L, -1116)]
    [InlineData(3_000_000L, 21_000_000_000L, 1688)]
    [InlineData(long.MaxValue, long.MinValue, int.MinValue)]
    public void Binary_round_trip(long flights, long total, int max)
    {
        var stats = new DelayStats(flights, total, max);
        byte[] bytes = stats.ToBytes();
        bytes.Should().HaveCount(DelayStats.SerializedSize).And.HaveCount(20);
        DelayStats.FromBytes(bytes).Should().Be(stats);
    }

    [Fact]
    public void Binary_layout_is_big_endian_flights_total_max()
    {
        new DelayStats(1, 0x0102, -2).ToBytes().Should().Equal(
            0, 0, 0, 0, 0, 0, 0, 1,
            0, 0, 0, 0, 0, 0, 1, 2,
            0xFF, 0xFF, 0xFF, 0xFE);

        Span<byte> buffer = stackalloc byte[24];
        new DelayStats(1, 0x0102, -2).WriteTo(buffer);
        DelayStats.FromBytes(buffer[..20]).Should().Be(new DelayStats(1, 0x0102, -2));
    }

    [Fact]
    public void FromBytes_rejects_wrong_length_and_negative_count()
    {
        ((Action)(() => DelayStats.FromBytes(new byte[19]))).Should().Throw<ArgumentException>().WithMessage("DelayStats is 20 bytes, got 19*");
        ((Action)(() => DelayStats.FromBytes(new byte[21]))).Should().Throw<ArgumentException>();
        byte[] negative = new DelayStats(-1, 0, 0).ToBytes();
        ((Action)(() => DelayStats.FromBytes(negative))).Should().Throw<ArgumentException>().WithMessage("*negative flight count*");
        ((Action)(() => new DelayStats(1, 1, 1).WriteTo(new byte[19]))).Should().Throw<ArgumentException>();
    }
}
