using Streams.Dsl;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/SlidingWindowsTest.java</c>: build-time validation.</summary>
public class SlidingWindowsTest
{
    private const long AnySize = 123;
    private const long AnyGrace = 1024;

    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    // SlidingWindowsTest#shouldSetTimeDifference
    [Fact]
    public void ShouldSetTimeDifference()
    {
        SlidingWindows.OfTimeDifferenceAndGrace(Ms(AnySize), Ms(AnyGrace)).TimeDifferenceMs.Should().Be(AnySize);
        SlidingWindows.OfTimeDifferenceWithNoGrace(Ms(AnySize)).TimeDifferenceMs.Should().Be(AnySize);
    }

    // SlidingWindowsTest#timeDifferenceMustNotBeNegative
    [Fact]
    public void TimeDifferenceMustNotBeNegative() =>
        FluentActions.Invoking(() => SlidingWindows.OfTimeDifferenceAndGrace(Ms(-1), Ms(5))).Should().Throw<ArgumentException>();

    // SlidingWindowsTest#shouldSetGracePeriod
    [Fact]
    public void ShouldSetGracePeriod() => SlidingWindows.OfTimeDifferenceAndGrace(Ms(10), Ms(AnySize)).GraceMs.Should().Be(AnySize);

    // SlidingWindowsTest#gracePeriodMustNotBeNegative
    [Fact]
    public void GracePeriodMustNotBeNegative() =>
        FluentActions.Invoking(() => SlidingWindows.OfTimeDifferenceAndGrace(Ms(10), Ms(-1))).Should().Throw<ArgumentException>();

    // SlidingWindowsTest#equalsAndHashcodeShouldBeValidForPositiveCases
    [Fact]
    public void EqualsAndHashcodeShouldBeValidForPositiveCases()
    {
        SlidingWindows.OfTimeDifferenceAndGrace(Ms(7), Ms(3)).Should().Be(SlidingWindows.OfTimeDifferenceAndGrace(Ms(7), Ms(3)));
        SlidingWindows.OfTimeDifferenceAndGrace(Ms(7), Ms(3)).GetHashCode().Should().Be(SlidingWindows.OfTimeDifferenceAndGrace(Ms(7), Ms(3)).GetHashCode());
        SlidingWindows.OfTimeDifferenceWithNoGrace(Ms(7)).Should().Be(SlidingWindows.OfTimeDifferenceWithNoGrace(Ms(7)));
    }

    // SlidingWindowsTest#equalsAndHashcodeShouldNotBeEqualForDifferentTimeDifference
    [Fact]
    public void EqualsAndHashcodeShouldNotBeEqualForDifferentTimeDifference() =>
        SlidingWindows.OfTimeDifferenceAndGrace(Ms(5), Ms(3)).Should().NotBe(SlidingWindows.OfTimeDifferenceAndGrace(Ms(25), Ms(3)));

    // SlidingWindowsTest#equalsAndHashcodeShouldNotBeEqualForDifferentGracePeriod
    [Fact]
    public void EqualsAndHashcodeShouldNotBeEqualForDifferentGracePeriod() =>
        SlidingWindows.OfTimeDifferenceAndGrace(Ms(5), Ms(3)).Should().NotBe(SlidingWindows.OfTimeDifferenceAndGrace(Ms(5), Ms(25)));
}
