using Streams.TestDriver.Tests.Support;
using static Streams.TestDriver.Tests.Support.KafkaTableTableJoinDriver;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableKTableOuterJoinTest.java</c>.
/// Not ported: testNotSendingOldValue and testSendingOldValue (a mock processor on the join's internal node name,
/// asserting <c>Change</c> old values the public API does not expose), shouldLogAndMeterSkippedRecordsDueToNullLeftKey
/// (a mock processor context driving the internal join processor) and the copartition-group assertions (internal).
/// <c>KTableKTableRightJoinTest</c> has only the mock-context null-key case, not ported for the same reason.
/// </summary>
public class KTableKTableOuterJoinTest
{
    [Fact]
    public void TestJoin()
    {
        // Kafka: KTableKTableOuterJoinTest.java, testJoin
        using var driver = new KafkaTableTableJoinDriver(Kind.Outer);
        driver.RunKafkaTestJoin(step => step switch
        {
            0 => [(0, "X0+null", 5L), (1, "X1+null", 6L)],
            1 => [(0, "X0+Y0", 5L), (1, "X1+Y1", 10L)],
            2 => [(0, "XX0+Y0", 7L), (1, "XX1+Y1", 10L), (2, "XX2+null", 7L), (3, "XX3+null", 7L)],
            3 => [(0, "XX0+YY0", 7L), (1, "XX1+YY1", 7L), (2, "XX2+YY2", 10L), (3, "XX3+YY3", 15L)],
            4 => [(0, "XXX0+YY0", 6L), (1, "XXX1+YY1", 6L), (2, "XXX2+YY2", 10L), (3, "XXX3+YY3", 15L)],
            5 => [(0, "XXX0+null", 6L), (1, "XXX1+null", 7L)],
            6 => [(0, "XXXX0+null", 13L), (1, "XXXX1+null", 13L), (2, "XXXX2+YY2", 13L), (3, "XXXX3+YY3", 15L)],
            _ => [(0, null, 0L), (1, null, 42L), (2, "null+YY2", 10L), (3, "null+YY3", 20L)],
        });
    }
}
