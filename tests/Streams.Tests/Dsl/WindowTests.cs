using Streams.Dsl;
using Streams.State;

namespace Streams.Tests.Dsl;

public class WindowTests
{
    [Fact]
    public void Window_is_start_inclusive_end_exclusive_in_utc()
    {
        var window = new Window(1_000, 2_000);

        window.Start.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        window.End.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(2_000));
        window.ToString().Should().Be("[1000,2000)");
        new Windowed<string>("k", window).ToString().Should().Be("[k@1000/2000]");
    }

    [Fact]
    public void Windows_compare_by_start_and_end()
    {
        new Window(0, 10).Should().Be(new Window(0, 10));
        new Window(0, 10).Should().NotBe(new Window(0, 11));
        new Windowed<string>("k", new Window(0, 10)).Should().NotBe(new Windowed<string>("k", new Window(10, 20)));
    }

    [Fact]
    public void The_end_date_of_an_unlimited_window_saturates_instead_of_throwing()
    {
        new Window(0, long.MaxValue).End.Should().Be(DateTimeOffset.MaxValue);
        new Window(0, 253_402_300_799_999).End.Should().Be(new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero), "the last representable millisecond");
    }
}
