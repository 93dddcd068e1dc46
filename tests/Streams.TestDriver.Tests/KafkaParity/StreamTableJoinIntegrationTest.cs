using Streams.Dsl;
using Streams.RocksDb;
using static Streams.TestDriver.Tests.Support.KafkaJoinIntegrationHarness;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinIntegrationTest.java</c>
/// (with the harness of <c>AbstractJoinIntegrationTest.java</c>): the stream-table join over Kafka's <c>input</c>,
/// with a plain and a versioned table, with and without the record cache.
/// </summary>
public sealed class StreamTableJoinIntegrationTest
{
    private const string AppId = "stream-table-join-integration-test";

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinIntegrationTest.java, testInner
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInner(bool cacheEnabled)
    {
        Run(cacheEnabled, leftJoin: false, versioned: false,
        [
            null, null, null, null, [("B-a", 5)], null, null, null, null, null, null, null, null, null,
            [("D-d", 6)], null, null, null, [("E-e", 15)], null, null, null, null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinIntegrationTest.java, testLeft
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeft(bool cacheEnabled)
    {
        Run(cacheEnabled, leftJoin: true, versioned: false,
        [
            null, null, [("A-null", 3)], null, [("B-a", 5)], null, null, null, [("C-null", 9)], null, null, null, null, null,
            [("D-d", 6)], null, null, null, [("E-e", 15)], null, null, [("F-null", 4)], null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinIntegrationTest.java, testInnerWithVersionedStore
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerWithVersionedStore(bool cacheEnabled)
    {
        Run(cacheEnabled, leftJoin: false, versioned: true,
        [
            null, null, null, null, [("B-a", 5)], null, null, null, null, null, null, null, null, null,
            [("D-b", 6)], null, null, null, [("E-e", 15)], null, null, [("F-a", 4)], null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinIntegrationTest.java, testLeftWithVersionedStore
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftWithVersionedStore(bool cacheEnabled)
    {
        Run(cacheEnabled, leftJoin: true, versioned: true,
        [
            null, null, [("A-null", 3)], null, [("B-a", 5)], null, null, null, [("C-null", 9)], null, null, null, null, null,
            [("D-b", 6)], null, null, null, [("E-e", 15)], null, null, [("F-a", 4)], null,
        ]);
    }

    private static void Run(bool cacheEnabled, bool leftJoin, bool versioned, (string? Value, long Timestamp)[]?[] expectedResult)
    {
        var builder = new StreamsBuilder();
        var leftStream = builder.Stream(InputTopicLeft, LongStringConsumed);
        var rightTable = versioned
            ? builder.Table(InputTopicRight, LongStringConsumed, Materialized<long?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("table-store", TimeSpan.FromMinutes(5))))
            : builder.Table(InputTopicRight, LongStringConsumed);
        (leftJoin ? leftStream.LeftJoin(rightTable, ValueJoiner) : leftStream.Join(rightTable, ValueJoiner)).To(OutputTopic, LongStringProduced);
        RunTestWithDriver(builder, cacheEnabled, AppId + (leftJoin ? "-left" : "-inner"), expectedResult);
    }
}
