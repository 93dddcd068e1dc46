using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamGlobalKTableJoinTest.java</c>.
/// Not ported: shouldNotRequireCopartitioning (internal copartition groups).
/// </summary>
public class KStreamGlobalKTableJoinTest
{
    [Fact]
    public void ShouldNotJoinWithEmptyGlobalTableOnStreamUpdates()
    {
        // Kafka: KStreamGlobalKTableJoinTest.java, shouldNotJoinWithEmptyGlobalTableOnStreamUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: false);
        driver.PushToStream(2, "X", true, false);
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldNotJoinOnGlobalTableUpdates()
    {
        // Kafka: KStreamGlobalKTableJoinTest.java, shouldNotJoinOnGlobalTableUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: false);
        driver.PushToStream(2, "X", true, false);
        driver.Read().Should().BeEmpty();
        driver.PushToGlobalTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+Y0", 2L), (1, "X1,FKey1+Y1", 3L));
        driver.PushToGlobalTable(4, "YY");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+YY0", 6L), (1, "X1,FKey1+YY1", 7L), (2, "X2,FKey2+YY2", 8L), (3, "X3,FKey3+YY3", 9L));
        driver.PushToGlobalTable(4, "YYY");
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldJoinOnlyIfMatchFoundOnStreamUpdates()
    {
        // Kafka: KStreamGlobalKTableJoinTest.java, shouldJoinOnlyIfMatchFoundOnStreamUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: false);
        driver.PushToGlobalTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+Y0", 0L), (1, "X1,FKey1+Y1", 1L));
    }

    [Fact]
    public void ShouldClearGlobalTableEntryOnNullValueUpdates()
    {
        // Kafka: KStreamGlobalKTableJoinTest.java, shouldClearGlobalTableEntryOnNullValueUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: false);
        driver.PushToGlobalTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+Y0", 0L), (1, "X1,FKey1+Y1", 1L), (2, "X2,FKey2+Y2", 2L), (3, "X3,FKey3+Y3", 3L));
        driver.PushNullValueToGlobalTable(2);
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "XX", true, false);
        driver.Read().Should().Equal((2, "XX2,FKey2+Y2", 6L), (3, "XX3,FKey3+Y3", 7L));
    }

    [Fact]
    public void ShouldNotJoinOnNullKeyMapperValues()
    {
        // Kafka: KStreamGlobalKTableJoinTest.java, shouldNotJoinOnNullKeyMapperValues
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: false);
        driver.PushToGlobalTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "XXX", false, false);
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldJoinOnNullKeyWithNonNullKeyMapperValues()
    {
        // Kafka: KStreamGlobalKTableJoinTest.java, shouldJoinOnNullKeyWithNonNullKeyMapperValues
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: false);
        driver.PushToGlobalTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, true);
        driver.Read().Should().Equal((null, "X0,FKey0+Y0", 0L), (1, "X1,FKey1+Y1", 1L));
    }
}
