using Streams.Dsl;
using Streams.State;

namespace Streams.Tests.Dsl;

public class TimeWindowsTests
{
    private static readonly TimeWindows Tumbling10 = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(9, 0)]
    [InlineData(10, 10)]
    [InlineData(19, 10)]
    [InlineData(1_700_000_000_005, 1_700_000_000_000)]
    public void Tumbling_windows_put_each_timestamp_in_exactly_one_epoch_aligned_window(long timestamp, long start)
    {
        Tumbling10.WindowsFor(timestamp).Should().Equal(new Window(start, start + 10));
    }

    [Theory]
    [InlineData(0, new long[] { 0 })]
    [InlineData(3, new long[] { 0 })]
    [InlineData(4, new long[] { 0 })]
    [InlineData(5, new long[] { 0, 5 })]
    [InlineData(9, new long[] { 0, 5 })]
    [InlineData(10, new long[] { 5, 10 })]
    [InlineData(12, new long[] { 5, 10 })]
    [InlineData(15, new long[] { 10, 15 })]
    public void Hopping_windows_contain_every_timestamp_in_start_inclusive_end_exclusive_windows(long timestamp, long[] starts)
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(5));

        windows.WindowsFor(timestamp).Should().Equal(starts.Select(s => new Window(s, s + 10)));
    }

    [Fact]
    public void Hopping_windows_whose_size_is_not_a_multiple_of_the_advance()
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(3));

        windows.WindowsFor(10).Select(w => w.StartMs).Should().Equal(3, 6, 9);
        windows.WindowsFor(2).Select(w => w.StartMs).Should().Equal(0);
        windows.WindowsFor(9).Select(w => w.StartMs).Should().Equal(0, 3, 6, 9);
    }

    [Fact]
    public void Timestamps_smaller_than_the_size_get_no_negative_windows()
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(100)).AdvanceBy(TimeSpan.FromMilliseconds(10));

        windows.WindowsFor(25).Select(w => w.StartMs).Should().Equal(0, 10, 20);
    }

    [Fact]
    public void Factories_set_size_advance_and_grace()
    {
        var noGrace = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(1));
        var withGrace = TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
        var hopping = withGrace.AdvanceBy(TimeSpan.FromMilliseconds(100));

        (noGrace.SizeMs, noGrace.AdvanceMs, noGrace.GraceMs).Should().Be((1000L, 1000L, 0L));
        (withGrace.SizeMs, withGrace.AdvanceMs, withGrace.GraceMs).Should().Be((1000L, 1000L, 250L));
        (hopping.SizeMs, hopping.AdvanceMs, hopping.GraceMs).Should().Be((1000L, 100L, 250L));
        withGrace.AdvanceMs.Should().Be(1000, "AdvanceBy returns a copy");
        withGrace.AdvanceBy(TimeSpan.FromSeconds(1)).Should().Be(withGrace);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(-1)]
    public void Size_under_one_millisecond_is_rejected(double sizeMs)
    {
        FluentActions.Invoking(() => TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(sizeMs)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("size");
    }

    [Fact]
    public void Negative_grace_is_rejected()
    {
        FluentActions.Invoking(() => TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("grace");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(11)]
    public void Advance_under_one_millisecond_or_over_the_size_is_rejected(double advanceMs)
    {
        FluentActions.Invoking(() => Tumbling10.AdvanceBy(TimeSpan.FromMilliseconds(advanceMs)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("advance");
    }
}
