using Streams.Dsl;

namespace Streams.Tests.Dsl;

public class SlidingWindowsTests
{
    [Fact]
    public void Keeps_the_time_difference_and_grace_in_milliseconds()
    {
        var windows = SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1_500.9));

        windows.TimeDifferenceMs.Should().Be(10_000);
        windows.GraceMs.Should().Be(1_500, "sub-millisecond parts are truncated");
        SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(3)).GraceMs.Should().Be(0);
    }

    [Fact]
    public void A_time_difference_of_zero_is_allowed_as_in_kafka_streams()
    {
        SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).TimeDifferenceMs.Should().Be(0);
    }

    [Fact]
    public void Negative_time_difference_or_grace_is_refused()
    {
        FluentActions.Invoking(() => SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("timeDifference");
        FluentActions.Invoking(() => SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("grace");
    }

    [Fact]
    public void Equal_definitions_are_equal()
    {
        SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
            .Should().Be(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
            .Should().NotBe(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(1)));
    }
}
