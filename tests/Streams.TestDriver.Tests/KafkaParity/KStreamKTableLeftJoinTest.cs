using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamKTableLeftJoinTest.java</c>.
/// Not ported: shouldRequireCopartitionedStreams (internal copartition groups).
/// </summary>
public class KStreamKTableLeftJoinTest
{
    [Fact]
    public void ShouldJoinWithEmptyTableOnStreamUpdates()
    {
        // Kafka: KStreamKTableLeftJoinTest.java, shouldJoinWithEmptyTableOnStreamUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: true);
        driver.PushToStream(2, "X");
        driver.Read().Should().Equal((0, "X0+null", 0L), (1, "X1+null", 1L));
    }

    [Fact]
    public void ShouldNotJoinOnTableUpdates()
    {
        // Kafka: KStreamKTableLeftJoinTest.java, shouldNotJoinOnTableUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: true);
        driver.PushToStream(2, "X");
        driver.Read().Should().Equal((0, "X0+null", 0L), (1, "X1+null", 1L));
        driver.PushToTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L), (2, "X2+null", 2L), (3, "X3+null", 3L));
        driver.PushToTable(4, "YY");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+YY0", 0L), (1, "X1+YY1", 1L), (2, "X2+YY2", 2L), (3, "X3+YY3", 3L));
        driver.PushToTable(4, "YYY");
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldJoinRegardlessIfMatchFoundOnStreamUpdates()
    {
        // Kafka: KStreamKTableLeftJoinTest.java, shouldJoinRegardlessIfMatchFoundOnStreamUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: true);
        driver.PushToTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L), (2, "X2+null", 2L), (3, "X3+null", 3L));
    }

    [Fact]
    public void ShouldClearTableEntryOnNullValueUpdates()
    {
        // Kafka: KStreamKTableLeftJoinTest.java, shouldClearTableEntryOnNullValueUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: true);
        driver.PushToTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L), (2, "X2+Y2", 2L), (3, "X3+Y3", 3L));
        driver.PushNullValueToTable();
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "XX");
        driver.Read().Should().Equal((0, "XX0+null", 0L), (1, "XX1+null", 1L), (2, "XX2+Y2", 2L), (3, "XX3+Y3", 3L));
    }
}
