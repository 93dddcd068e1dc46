using Streams.Dsl;
using Streams.TestDriver.Tests.Support;
using static Streams.TestDriver.Tests.Support.KafkaStreamStreamJoinDriver;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamKStreamLeftJoinTest.java</c>
/// (the windowing case with its window-bound helpers, which feed left records after their window closed: Kafka joins them
/// with what the right side still holds, or with null at once).
/// </summary>
public class KStreamKStreamLeftJoinTest
{
    private static readonly int[] ExpectedKeys = [0, 1, 2, 3];

    [Fact]
    public void TestWindowing()
    {
        // Kafka: KStreamKStreamLeftJoinTest.java, testWindowing (with testUpperWindowBound and testLowerWindowBound)
        using var driver = new KafkaStreamStreamJoinDriver(Kind.Left, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(100)));

        PipeEach(driver.Topic1, ExpectedKeys[..2], "A", 0);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic2, ExpectedKeys, "a", 0);
        driver.Read().Should().Equal((0, "A0+a0", 0L), (1, "A1+a1", 0L));

        // testUpperWindowBound
        PipeEach(driver.Topic2, ExpectedKeys, k => "b" + k, k => 1000L + k);
        driver.Read().Should().BeEmpty();
        PipeEach(driver.Topic1, ExpectedKeys, "B", 1100);
        driver.Read().Should().Equal((0, "B0+b0", 1100L), (1, "B1+b1", 1100L), (2, "B2+b2", 1100L), (3, "B3+b3", 1100L));
        PipeEach(driver.Topic1, ExpectedKeys, "C", 1101);
        driver.Read().Should().Equal((1, "C1+b1", 1101L), (2, "C2+b2", 1101L), (3, "C3+b3", 1101L));
        PipeEach(driver.Topic1, ExpectedKeys, "D", 1102);
        driver.Read().Should().Equal((2, "D2+b2", 1102L), (3, "D3+b3", 1102L));
        PipeEach(driver.Topic1, ExpectedKeys, "E", 1103);
        driver.Read().Should().Equal((3, "E3+b3", 1103L));
        PipeEach(driver.Topic1, ExpectedKeys, "F", 1104);
        driver.Read().Should().BeEmpty();
        driver.Topic1.PipeInput(0, "dummy", 1405);
        driver.Read().Should().Equal(
            (0, "C0+null", 1101L),
            (0, "D0+null", 1102L), (1, "D1+null", 1102L),
            (0, "E0+null", 1103L), (1, "E1+null", 1103L), (2, "E2+null", 1103L),
            (0, "F0+null", 1104L), (1, "F1+null", 1104L), (2, "F2+null", 1104L), (3, "F3+null", 1104L));

        // testLowerWindowBound: left records long after their windows closed (stream time 1405).
        PipeEach(driver.Topic1, ExpectedKeys, "G", 899);
        driver.Read().Should().Equal((0, "G0+null", 899L), (1, "G1+null", 899L), (2, "G2+null", 899L), (3, "G3+null", 899L));
        PipeEach(driver.Topic1, ExpectedKeys, "H", 900);
        driver.Read().Should().Equal((0, "H0+b0", 1000L), (1, "H1+null", 900L), (2, "H2+null", 900L), (3, "H3+null", 900L));
        PipeEach(driver.Topic1, ExpectedKeys, "I", 901);
        driver.Read().Should().Equal((0, "I0+b0", 1000L), (1, "I1+b1", 1001L), (2, "I2+null", 901L), (3, "I3+null", 901L));
        PipeEach(driver.Topic1, ExpectedKeys, "J", 902);
        driver.Read().Should().Equal((0, "J0+b0", 1000L), (1, "J1+b1", 1001L), (2, "J2+b2", 1002L), (3, "J3+null", 902L));
        PipeEach(driver.Topic1, ExpectedKeys, "K", 903);
        driver.Read().Should().Equal((0, "K0+b0", 1000L), (1, "K1+b1", 1001L), (2, "K2+b2", 1002L), (3, "K3+b3", 1003L));
        driver.Topic1.PipeInput(0, "dummy", 903 + 300);
        driver.Read().Should().Equal((0, "dummy+null", 1203L));
    }
}
