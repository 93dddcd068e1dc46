using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamGlobalKTableLeftJoinTest.java</c>.
/// Not ported: shouldNotRequireCopartitioning (internal copartition groups).
/// </summary>
public class KStreamGlobalKTableLeftJoinTest
{
    [Fact]
    public void ShouldNotJoinWithEmptyGlobalTableOnStreamUpdates()
    {
        // Kafka: KStreamGlobalKTableLeftJoinTest.java, shouldNotJoinWithEmptyGlobalTableOnStreamUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: true);
        driver.PushToStream(2, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+null", 0L), (1, "X1,FKey1+null", 1L));
    }

    [Fact]
    public void ShouldNotJoinOnGlobalTableUpdates()
    {
        // Kafka: KStreamGlobalKTableLeftJoinTest.java, shouldNotJoinOnGlobalTableUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: true);
        driver.PushToStream(2, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+null", 0L), (1, "X1,FKey1+null", 1L));
        driver.PushToGlobalTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+Y0", 2L), (1, "X1,FKey1+Y1", 3L), (2, "X2,FKey2+null", 4L), (3, "X3,FKey3+null", 5L));
        driver.PushToGlobalTable(4, "YY");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+YY0", 6L), (1, "X1,FKey1+YY1", 7L), (2, "X2,FKey2+YY2", 8L), (3, "X3,FKey3+YY3", 9L));
        driver.PushToGlobalTable(4, "YYY");
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldJoinRegardlessIfMatchFoundOnStreamUpdates()
    {
        // Kafka: KStreamGlobalKTableLeftJoinTest.java, shouldJoinRegardlessIfMatchFoundOnStreamUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: true);
        driver.PushToGlobalTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+Y0", 0L), (1, "X1,FKey1+Y1", 1L), (2, "X2,FKey2+null", 2L), (3, "X3,FKey3+null", 3L));
    }

    [Fact]
    public void ShouldClearGlobalTableEntryOnNullValueUpdates()
    {
        // Kafka: KStreamGlobalKTableLeftJoinTest.java, shouldClearGlobalTableEntryOnNullValueUpdates
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: true);
        driver.PushToGlobalTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, false);
        driver.Read().Should().Equal((0, "X0,FKey0+Y0", 0L), (1, "X1,FKey1+Y1", 1L), (2, "X2,FKey2+Y2", 2L), (3, "X3,FKey3+Y3", 3L));
        driver.PushNullValueToGlobalTable(2);
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "XX", true, false);
        driver.Read().Should().Equal((0, "XX0,FKey0+null", 4L), (1, "XX1,FKey1+null", 5L), (2, "XX2,FKey2+Y2", 6L), (3, "XX3,FKey3+Y3", 7L));
    }

    [Fact]
    public void ShouldNotJoinOnNullKeyMapperValues()
    {
        // Kafka: KStreamGlobalKTableLeftJoinTest.java, shouldNotJoinOnNullKeyMapperValues (a null selected key for a
        // record with a key is dropped, also by the left join: KStreamKTableJoinProcessor#maybeDropRecord)
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: true);
        using var drops = new DroppedRecordsMeter();
        driver.PushToGlobalTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "XXX", false, false);
        driver.Read().Should().BeEmpty();
        drops.Reasons.Should().HaveCount(4);
    }

    [Fact]
    public void ShouldJoinOnNullKeyWithNonNullKeyMapperValues()
    {
        // Kafka: KStreamGlobalKTableLeftJoinTest.java, shouldJoinOnNullKeyWithNonNullKeyMapperValues
        using var driver = new KafkaStreamGlobalTableJoinDriver(leftJoin: true);
        driver.PushToGlobalTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X", true, true);
        driver.Read().Should().Equal((null, "X0,FKey0+Y0", 0L), (1, "X1,FKey1+Y1", 1L), (2, "X2,FKey2+Y2", 2L), (3, "X3,FKey3+Y3", 3L));
    }
}
