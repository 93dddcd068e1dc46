using Streams.Dsl;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/TimeWindowsTest.java</c>: build-time
/// validation and window assignment. Kafka's IllegalArgumentException is an <see cref="ArgumentException"/> here
/// (<see cref="ArgumentOutOfRangeException"/>).
/// </summary>
public class TimeWindowsTest
{
    private const long AnySize = 123;
    private const long AnyGrace = 1024;

    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    // TimeWindowsTest#shouldSetWindowSize
    [Fact]
    public void ShouldSetWindowSize()
    {
        TimeWindows.OfSizeWithNoGrace(Ms(AnySize)).SizeMs.Should().Be(AnySize);
        TimeWindows.OfSizeAndGrace(Ms(AnySize), Ms(AnyGrace)).SizeMs.Should().Be(AnySize);
    }

    // TimeWindowsTest#shouldSetWindowAdvance
    [Fact]
    public void ShouldSetWindowAdvance() => TimeWindows.OfSizeWithNoGrace(Ms(AnySize)).AdvanceBy(Ms(4)).AdvanceMs.Should().Be(4);

    // TimeWindowsTest#windowSizeMustNotBeZero
    [Fact]
    public void WindowSizeMustNotBeZero() => FluentActions.Invoking(() => TimeWindows.OfSizeWithNoGrace(Ms(0))).Should().Throw<ArgumentException>();

    // TimeWindowsTest#windowSizeMustNotBeNegative
    [Fact]
    public void WindowSizeMustNotBeNegative() => FluentActions.Invoking(() => TimeWindows.OfSizeWithNoGrace(Ms(-1))).Should().Throw<ArgumentException>();

    // TimeWindowsTest#advanceIntervalMustNotBeZero
    [Fact]
    public void AdvanceIntervalMustNotBeZero() =>
        FluentActions.Invoking(() => TimeWindows.OfSizeWithNoGrace(Ms(AnySize)).AdvanceBy(Ms(0))).Should().Throw<ArgumentException>();

    // TimeWindowsTest#advanceIntervalMustNotBeNegative
    [Fact]
    public void AdvanceIntervalMustNotBeNegative() =>
        FluentActions.Invoking(() => TimeWindows.OfSizeWithNoGrace(Ms(AnySize)).AdvanceBy(Ms(-1))).Should().Throw<ArgumentException>();

    // TimeWindowsTest#advanceIntervalMustNotBeLargerThanWindowSize
    [Fact]
    public void AdvanceIntervalMustNotBeLargerThanWindowSize() =>
        FluentActions.Invoking(() => TimeWindows.OfSizeWithNoGrace(Ms(AnySize)).AdvanceBy(Ms(AnySize + 1))).Should().Throw<ArgumentException>();

    // TimeWindowsTest#gracePeriodShouldEnforceBoundaries
    [Fact]
    public void GracePeriodShouldEnforceBoundaries()
    {
        FluentActions.Invoking(() => TimeWindows.OfSizeAndGrace(Ms(3), Ms(0))).Should().NotThrow();
        FluentActions.Invoking(() => TimeWindows.OfSizeAndGrace(Ms(3), Ms(-1))).Should().Throw<ArgumentException>();
    }

    // TimeWindowsTest#shouldComputeWindowsForHoppingWindows
    [Fact]
    public void ShouldComputeWindowsForHoppingWindows() =>
        TimeWindows.OfSizeWithNoGrace(Ms(12)).AdvanceBy(Ms(5)).WindowsFor(21).Should().Equal(new Window(10, 22), new Window(15, 27), new Window(20, 32));

    // TimeWindowsTest#shouldComputeWindowsForBarelyOverlappingHoppingWindows
    [Fact]
    public void ShouldComputeWindowsForBarelyOverlappingHoppingWindows() =>
        TimeWindows.OfSizeWithNoGrace(Ms(6)).AdvanceBy(Ms(5)).WindowsFor(7).Should().Equal(new Window(5, 11));

    // TimeWindowsTest#shouldComputeWindowsForTumblingWindows
    [Fact]
    public void ShouldComputeWindowsForTumblingWindows() =>
        TimeWindows.OfSizeWithNoGrace(Ms(12)).WindowsFor(21).Should().Equal(new Window(12, 24));

    // TimeWindowsTest#equalsAndHashcodeShouldBeValidForPositiveCases
    [Fact]
    public void EqualsAndHashcodeShouldBeValidForPositiveCases()
    {
        TimeWindows.OfSizeWithNoGrace(Ms(3)).Should().Be(TimeWindows.OfSizeWithNoGrace(Ms(3)));
        TimeWindows.OfSizeWithNoGrace(Ms(3)).GetHashCode().Should().Be(TimeWindows.OfSizeWithNoGrace(Ms(3)).GetHashCode());
        TimeWindows.OfSizeWithNoGrace(Ms(3)).AdvanceBy(Ms(1)).Should().Be(TimeWindows.OfSizeWithNoGrace(Ms(3)).AdvanceBy(Ms(1)));
        TimeWindows.OfSizeAndGrace(Ms(3), Ms(33)).Should().Be(TimeWindows.OfSizeAndGrace(Ms(3), Ms(33)));
    }

    // TimeWindowsTest#equalsAndHashcodeShouldBeValidForNegativeCases
    [Fact]
    public void EqualsAndHashcodeShouldBeValidForNegativeCases()
    {
        TimeWindows.OfSizeWithNoGrace(Ms(9)).Should().NotBe(TimeWindows.OfSizeWithNoGrace(Ms(3)));
        TimeWindows.OfSizeAndGrace(Ms(9), Ms(9)).Should().NotBe(TimeWindows.OfSizeAndGrace(Ms(3), Ms(9)));
        TimeWindows.OfSizeAndGrace(Ms(4), Ms(2)).AdvanceBy(Ms(2)).Should().NotBe(TimeWindows.OfSizeAndGrace(Ms(3), Ms(2)).AdvanceBy(Ms(2)));
        TimeWindows.OfSizeAndGrace(Ms(3), Ms(2)).AdvanceBy(Ms(1)).Should().NotBe(TimeWindows.OfSizeAndGrace(Ms(3), Ms(2)).AdvanceBy(Ms(2)));
        TimeWindows.OfSizeAndGrace(Ms(3), Ms(1)).AdvanceBy(Ms(2)).Should().NotBe(TimeWindows.OfSizeAndGrace(Ms(3), Ms(2)).AdvanceBy(Ms(2)));
    }
}
