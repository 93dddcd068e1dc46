using Streams.Dsl;
using Streams.State;

namespace Streams.Tests.Dsl;

public class UnlimitedWindowsTests
{
    [Fact]
    public void Starts_at_the_epoch_with_an_infinite_size_and_no_grace()
    {
        var windows = UnlimitedWindows.Of();

        windows.StartMs.Should().Be(0);
        windows.Start.Should().Be(DateTimeOffset.UnixEpoch);
        windows.SizeMs.Should().Be(long.MaxValue);
        windows.GraceMs.Should().Be(0);
    }

    [Fact]
    public void A_timestamp_at_or_after_the_start_is_in_the_one_window_and_an_earlier_one_in_none()
    {
        var windows = UnlimitedWindows.Of().StartOn(DateTimeOffset.FromUnixTimeMilliseconds(100));

        windows.WindowsFor(100).Should().Equal(new Window(100, long.MaxValue));
        windows.WindowsFor(long.MaxValue - 1).Should().Equal(new Window(100, long.MaxValue));
        windows.WindowsFor(99).Should().BeEmpty();
    }

    [Fact]
    public void StartOn_accepts_milliseconds_or_a_date_and_refuses_times_before_the_epoch()
    {
#pragma warning disable CS0618 // the obsolete millisecond overload keeps working
        UnlimitedWindows.Of().StartOn(1_700_000_000_000).Should().Be(UnlimitedWindows.Of().StartOn(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        FluentActions.Invoking(() => UnlimitedWindows.Of().StartOn(-1)).Should().Throw<ArgumentOutOfRangeException>();
#pragma warning restore CS0618
        FluentActions.Invoking(() => UnlimitedWindows.Of().StartOn(DateTimeOffset.UnixEpoch.AddMilliseconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
