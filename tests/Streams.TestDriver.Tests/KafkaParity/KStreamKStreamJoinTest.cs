using Streams.Dsl;
using Streams.TestDriver.Tests.Support;
using static Streams.TestDriver.Tests.Support.KafkaStreamStreamJoinDriver;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamKStreamJoinTest.java</c>
/// (the windowing cases, which feed records out of order and after their window closed: Kafka joins them, never drops them).
/// </summary>
public class KStreamKStreamJoinTest
{
    private static readonly int[] ExpectedKeys = [0, 1, 2, 3];

    [Fact]
    public void TestWindowing()
    {
        // Kafka: KStreamKStreamJoinTest.java, testWindowing
        using var driver = new KafkaStreamStreamJoinDriver(Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100)));

        PipeEach(driver.Topic1, ExpectedKeys[..2], "A", 0);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic2, ExpectedKeys[..2], "a", 0);
        driver.Read().Should().Equal((0, "A0+a0", 0L), (1, "A1+a1", 0L));

        PipeEach(driver.Topic1, ExpectedKeys, k => "B" + k, k => 1000L + k);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic2, ExpectedKeys, "b", 1100);
        driver.Read().Should().Equal((0, "B0+b0", 1100L), (1, "B1+b1", 1100L), (2, "B2+b2", 1100L), (3, "B3+b3", 1100L));
        PipeEach(driver.Topic2, ExpectedKeys, "c", 1101);
        driver.Read().Should().Equal((1, "B1+c1", 1101L), (2, "B2+c2", 1101L), (3, "B3+c3", 1101L));
        PipeEach(driver.Topic2, ExpectedKeys, "d", 1102);
        driver.Read().Should().Equal((2, "B2+d2", 1102L), (3, "B3+d3", 1102L));
        PipeEach(driver.Topic2, ExpectedKeys, "e", 1103);
        driver.Read().Should().Equal((3, "B3+e3", 1103L));
        PipeEach(driver.Topic2, ExpectedKeys, "f", 1104);
        driver.Read().Should().BeEmpty();

        // Out of order, long after their windows closed (stream time 1104): still joined with the left records at 1000..1003.
        PipeEach(driver.Topic2, ExpectedKeys, "g", 899);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic2, ExpectedKeys, "h", 900);
        driver.Read().Should().Equal((0, "B0+h0", 1000L));
        PipeEach(driver.Topic2, ExpectedKeys, "i", 901);
        driver.Read().Should().Equal((0, "B0+i0", 1000L), (1, "B1+i1", 1001L));
        PipeEach(driver.Topic2, ExpectedKeys, "j", 902);
        driver.Read().Should().Equal((0, "B0+j0", 1000L), (1, "B1+j1", 1001L), (2, "B2+j2", 1002L));
        PipeEach(driver.Topic2, ExpectedKeys, "k", 903);
        driver.Read().Should().Equal((0, "B0+k0", 1000L), (1, "B1+k1", 1001L), (2, "B2+k2", 1002L), (3, "B3+k3", 1003L));

        PipeEach(driver.Topic2, ExpectedKeys, k => "l" + k, k => 2000L + k);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic1, ExpectedKeys, "C", 2100);
        driver.Read().Should().Equal((0, "C0+l0", 2100L), (1, "C1+l1", 2100L), (2, "C2+l2", 2100L), (3, "C3+l3", 2100L));
        PipeEach(driver.Topic1, ExpectedKeys, "D", 2101);
        driver.Read().Should().Equal((1, "D1+l1", 2101L), (2, "D2+l2", 2101L), (3, "D3+l3", 2101L));
        PipeEach(driver.Topic1, ExpectedKeys, "E", 2102);
        driver.Read().Should().Equal((2, "E2+l2", 2102L), (3, "E3+l3", 2102L));
        PipeEach(driver.Topic1, ExpectedKeys, "F", 2103);
        driver.Read().Should().Equal((3, "F3+l3", 2103L));
        PipeEach(driver.Topic1, ExpectedKeys, "G", 2104);
        driver.Read().Should().BeEmpty();

        PipeEach(driver.Topic1, ExpectedKeys, "H", 1899);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic1, ExpectedKeys, "I", 1900);
        driver.Read().Should().Equal((0, "I0+l0", 2000L));
        PipeEach(driver.Topic1, ExpectedKeys, "J", 1901);
        driver.Read().Should().Equal((0, "J0+l0", 2000L), (1, "J1+l1", 2001L));
        PipeEach(driver.Topic1, ExpectedKeys, "K", 1902);
        driver.Read().Should().Equal((0, "K0+l0", 2000L), (1, "K1+l1", 2001L), (2, "K2+l2", 2002L));
        PipeEach(driver.Topic1, ExpectedKeys, "L", 1903);
        driver.Read().Should().Equal((0, "L0+l0", 2000L), (1, "L1+l1", 2001L), (2, "L2+l2", 2002L), (3, "L3+l3", 2003L));
    }

    [Fact]
    public void TestAsymmetricWindowingAfter()
    {
        // Kafka: KStreamKStreamJoinTest.java, testAsymmetricWindowingAfter
        using var driver = new KafkaStreamStreamJoinDriver(
            Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).After(TimeSpan.FromMilliseconds(100)));

        PipeEach(driver.Topic1, ExpectedKeys, k => "A" + k, k => 1000L + k);
        driver.Read().Should().BeEmpty();

        // Right records behind stream time 1003: their windows [t - 100, t] have ended, they still join.
        PipeEach(driver.Topic2, ExpectedKeys, "a", 999);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic2, ExpectedKeys, "b", 1000);
        driver.Read().Should().Equal((0, "A0+b0", 1000L));
        PipeEach(driver.Topic2, ExpectedKeys, "c", 1001);
        driver.Read().Should().Equal((0, "A0+c0", 1001L), (1, "A1+c1", 1001L));
        PipeEach(driver.Topic2, ExpectedKeys, "d", 1002);
        driver.Read().Should().Equal((0, "A0+d0", 1002L), (1, "A1+d1", 1002L), (2, "A2+d2", 1002L));
        PipeEach(driver.Topic2, ExpectedKeys, "e", 1003);
        driver.Read().Should().Equal((0, "A0+e0", 1003L), (1, "A1+e1", 1003L), (2, "A2+e2", 1003L), (3, "A3+e3", 1003L));

        PipeEach(driver.Topic2, ExpectedKeys, "f", 1100);
        driver.Read().Should().Equal((0, "A0+f0", 1100L), (1, "A1+f1", 1100L), (2, "A2+f2", 1100L), (3, "A3+f3", 1100L));
        PipeEach(driver.Topic2, ExpectedKeys, "g", 1101);
        driver.Read().Should().Equal((1, "A1+g1", 1101L), (2, "A2+g2", 1101L), (3, "A3+g3", 1101L));
        PipeEach(driver.Topic2, ExpectedKeys, "h", 1102);
        driver.Read().Should().Equal((2, "A2+h2", 1102L), (3, "A3+h3", 1102L));
        PipeEach(driver.Topic2, ExpectedKeys, "i", 1103);
        driver.Read().Should().Equal((3, "A3+i3", 1103L));
        PipeEach(driver.Topic2, ExpectedKeys, "j", 1104);
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void TestAsymmetricWindowingBefore()
    {
        // Kafka: KStreamKStreamJoinTest.java, testAsymmetricWindowingBefore
        using var driver = new KafkaStreamStreamJoinDriver(
            Kind.Inner, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.Zero).Before(TimeSpan.FromMilliseconds(100)));

        PipeEach(driver.Topic1, ExpectedKeys, k => "A" + k, k => 1000L + k);
        driver.Read().Should().BeEmpty();

        // Right records behind stream time 1003: their windows [t, t + 100] ended before it, they still join.
        PipeEach(driver.Topic2, ExpectedKeys, "a", 899);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic2, ExpectedKeys, "b", 900);
        driver.Read().Should().Equal((0, "A0+b0", 1000L));
        PipeEach(driver.Topic2, ExpectedKeys, "c", 901);
        driver.Read().Should().Equal((0, "A0+c0", 1000L), (1, "A1+c1", 1001L));
        PipeEach(driver.Topic2, ExpectedKeys, "d", 902);
        driver.Read().Should().Equal((0, "A0+d0", 1000L), (1, "A1+d1", 1001L), (2, "A2+d2", 1002L));
        PipeEach(driver.Topic2, ExpectedKeys, "e", 903);
        driver.Read().Should().Equal((0, "A0+e0", 1000L), (1, "A1+e1", 1001L), (2, "A2+e2", 1002L), (3, "A3+e3", 1003L));

        PipeEach(driver.Topic2, ExpectedKeys, "f", 1000);
        driver.Read().Should().Equal((0, "A0+f0", 1000L), (1, "A1+f1", 1001L), (2, "A2+f2", 1002L), (3, "A3+f3", 1003L));
        PipeEach(driver.Topic2, ExpectedKeys, "g", 1001);
        driver.Read().Should().Equal((1, "A1+g1", 1001L), (2, "A2+g2", 1002L), (3, "A3+g3", 1003L));
        PipeEach(driver.Topic2, ExpectedKeys, "h", 1002);
        driver.Read().Should().Equal((2, "A2+h2", 1002L), (3, "A3+h3", 1003L));
        PipeEach(driver.Topic2, ExpectedKeys, "i", 1003);
        driver.Read().Should().Equal((3, "A3+i3", 1003L));
        PipeEach(driver.Topic2, ExpectedKeys, "j", 1004);
        driver.Read().Should().BeEmpty();
    }
}
