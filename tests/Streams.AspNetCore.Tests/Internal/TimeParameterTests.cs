using Streams.AspNetCore.Internal;

namespace Streams.AspNetCore.Tests.Internal;

public sealed class TimeParameterTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("1000", 1000)]
    [InlineData("-5", -5)]
    [InlineData("1970-01-01T00:00:01Z", 1000)]
    [InlineData("1970-01-01T01:00:01+01:00", 1000)]
    [InlineData("1970-01-01T00:00:01", 1000)]
    public void Reads_epoch_milliseconds_or_ISO_8601_UTC_unless_offset(string? text, long expected)
    {
        TimeParameter.TryParse(text, 0, out var ms, out var error).Should().BeTrue();

        ms.Should().Be(expected);
        error.Should().BeNull();
    }

    [Fact]
    public void A_missing_bound_takes_the_fallback()
    {
        TimeParameter.TryParse(null, long.MaxValue, out var ms, out _).Should().BeTrue();

        ms.Should().Be(long.MaxValue);
    }

    [Fact]
    public void Refuses_other_text_naming_it()
    {
        TimeParameter.TryParse("tomorrow", 0, out _, out var error).Should().BeFalse();

        error.Should().Contain("'tomorrow'");
    }
}
