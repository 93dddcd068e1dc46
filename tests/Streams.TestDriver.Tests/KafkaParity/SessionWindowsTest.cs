using Streams.Dsl;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/SessionWindowsTest.java</c>: build-time validation.</summary>
public class SessionWindowsTest
{
    private const long AnySize = 123;
    private const long AnyOtherSize = 456;
    private const long AnyGrace = 1024;

    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    // SessionWindowsTest#shouldSetWindowGap
    [Fact]
    public void ShouldSetWindowGap()
    {
        SessionWindows.OfInactivityGapWithNoGrace(Ms(42)).InactivityGapMs.Should().Be(42);
        SessionWindows.OfInactivityGapAndGrace(Ms(42), Ms(AnyGrace)).InactivityGapMs.Should().Be(42);
    }

    // SessionWindowsTest#gracePeriodShouldEnforceBoundaries
    [Fact]
    public void GracePeriodShouldEnforceBoundaries()
    {
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapAndGrace(Ms(3), Ms(0))).Should().NotThrow();
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapAndGrace(Ms(3), Ms(-1))).Should().Throw<ArgumentException>();
    }

    // SessionWindowsTest#noGraceAPIShouldNotSetGracePeriod
    [Fact]
    public void NoGraceAPIShouldNotSetGracePeriod()
    {
        SessionWindows.OfInactivityGapWithNoGrace(Ms(3)).GraceMs.Should().Be(0);
        SessionWindows.OfInactivityGapWithNoGrace(Ms(AnySize)).GraceMs.Should().Be(0);
        SessionWindows.OfInactivityGapWithNoGrace(Ms(AnyOtherSize)).GraceMs.Should().Be(0);
    }

    // SessionWindowsTest#withGraceAPIShouldSetGracePeriod
    [Fact]
    public void WithGraceAPIShouldSetGracePeriod()
    {
        SessionWindows.OfInactivityGapAndGrace(Ms(3), Ms(AnyGrace)).GraceMs.Should().Be(AnyGrace);
        SessionWindows.OfInactivityGapAndGrace(Ms(AnySize), Ms(AnyGrace)).GraceMs.Should().Be(AnyGrace);
        SessionWindows.OfInactivityGapAndGrace(Ms(AnyOtherSize), Ms(AnyGrace)).GraceMs.Should().Be(AnyGrace);
    }

    // SessionWindowsTest#windowSizeMustNotBeNegative
    [Fact]
    public void WindowSizeMustNotBeNegative() =>
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapWithNoGrace(Ms(-1))).Should().Throw<ArgumentException>();

    // SessionWindowsTest#windowSizeMustNotBeZero
    [Fact]
    public void WindowSizeMustNotBeZero() =>
        FluentActions.Invoking(() => SessionWindows.OfInactivityGapWithNoGrace(Ms(0))).Should().Throw<ArgumentException>();

    // SessionWindowsTest#equalsAndHashcodeShouldBeValidForPositiveCases
    [Fact]
    public void EqualsAndHashcodeShouldBeValidForPositiveCases()
    {
        SessionWindows.OfInactivityGapWithNoGrace(Ms(1)).Should().Be(SessionWindows.OfInactivityGapWithNoGrace(Ms(1)));
        SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(11)).Should().Be(SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(11)));
        SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(11)).GetHashCode().Should().Be(SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(11)).GetHashCode());
    }

    // SessionWindowsTest#equalsAndHashcodeShouldBeValidForNegativeCases
    [Fact]
    public void EqualsAndHashcodeShouldBeValidForNegativeCases()
    {
        SessionWindows.OfInactivityGapWithNoGrace(Ms(9)).Should().NotBe(SessionWindows.OfInactivityGapWithNoGrace(Ms(1)));
        SessionWindows.OfInactivityGapAndGrace(Ms(9), Ms(9)).Should().NotBe(SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(9)));
        SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(9)).Should().NotBe(SessionWindows.OfInactivityGapAndGrace(Ms(1), Ms(6)));
    }
}
