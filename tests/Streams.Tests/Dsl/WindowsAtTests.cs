using Streams.Dsl;
using Streams.Dsl.Internal;
using Streams.State;

namespace Streams.Tests.Dsl;

/// <summary>The allocation-free windows of a timestamp (the windowed aggregation's per-record path) are those of the public <c>WindowsFor</c>.</summary>
public class WindowsAtTests
{
    public static TheoryData<long, long> SizesAndAdvances => new()
    {
        { 10, 10 },
        { 10, 3 },
        { 10, 5 },
        { 10, 1 },
        { 7, 7 },
        { 3_600_000, 600_000 },
    };

    [Theory]
    [MemberData(nameof(SizesAndAdvances))]
    public void Time_windows_at_a_timestamp_are_the_windows_for_it(long sizeMs, long advanceMs)
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(sizeMs)).AdvanceBy(TimeSpan.FromMilliseconds(advanceMs));
        foreach (var ts in Timestamps(sizeMs))
        {
            Enumerate(((IWindows)windows).WindowsAt(ts)).Should().Equal(windows.WindowsFor(ts), $"at {ts}");
        }
    }

    [Fact]
    public void Unlimited_windows_at_a_timestamp_are_the_windows_for_it()
    {
        var windows = UnlimitedWindows.Of().StartOn(DateTimeOffset.FromUnixTimeMilliseconds(100));
        foreach (var ts in new long[] { 0, 99, 100, 101, long.MaxValue })
        {
            Enumerate(((IWindows)windows).WindowsAt(ts)).Should().Equal(windows.WindowsFor(ts), $"at {ts}");
        }
    }

    [Fact]
    public void Windows_at_two_timestamps_are_equal_when_their_starts_are()
    {
        IWindows hopping = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(5));

        hopping.WindowsAt(11).Equals(hopping.WindowsAt(14)).Should().BeTrue("both are in the windows starting at 5 and 10");
        hopping.WindowsAt(14).Equals(hopping.WindowsAt(15)).Should().BeFalse();
        WindowsAt.None.Equals(new WindowsAt(5, 0, 5, 10)).Should().BeTrue("empty ranges are the same windows");
    }

    private static IEnumerable<long> Timestamps(long sizeMs)
    {
        var step = Math.Max(1, sizeMs / 60);
        for (long ts = 0; ts < 4 * sizeMs + 3; ts += step)
        {
            yield return ts;
            yield return ts + 1;
        }

        yield return 1_700_000_000_123;
    }

    private static List<Window> Enumerate(WindowsAt windows)
    {
        var list = new List<Window>();
        foreach (var window in windows)
        {
            list.Add(window);
        }

        return list;
    }
}
