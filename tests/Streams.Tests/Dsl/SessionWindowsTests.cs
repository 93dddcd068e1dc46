using Streams.Dsl;

namespace Streams.Tests.Dsl;

public class SessionWindowsTests
{
    [Fact]
    public void OfInactivityGapAndGrace_keeps_gap_and_grace_in_milliseconds()
    {
        var windows = SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));

        windows.InactivityGapMs.Should().Be(300_000);
        windows.GraceMs.Should().Be(30_000);
    }

    [Fact]
    public void OfInactivityGapWithNoGrace_has_zero_grace()
    {
        var windows = SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(1));

        windows.InactivityGapMs.Should().Be(1);
        windows.GraceMs.Should().Be(0);
    }

    [Fact]
    public void A_gap_under_one_millisecond_is_rejected()
    {
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inactivityGap");
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromTicks(9_999)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inactivityGap");
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(-1), TimeSpan.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inactivityGap");
    }

    [Fact]
    public void A_negative_grace_is_rejected()
    {
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("grace");
    }

    [Fact]
    public void Windows_with_equal_gap_and_grace_are_equal()
    {
        SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(1), TimeSpan.Zero)
            .Should().Be(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(1_000)));
        SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(1))
            .Should().NotBe(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1)));
    }
}
