using Streams.Dsl;

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
}
