using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using static Streams.TestDriver.Tests.Support.KafkaJoinIntegrationHarness;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinWithGraceIntegrationTest.java</c>
/// (with the harness of <c>AbstractJoinIntegrationTest.java</c>): the stream-table join with a grace period of 2 ms
/// (KIP-923) over a versioned table and Kafka's <c>input</c>.
/// </summary>
public sealed class StreamTableJoinWithGraceIntegrationTest
{
    private const string AppId = "stream-table-join-integration-test";

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinWithGraceIntegrationTest.java, testInnerWithVersionedStore
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerWithVersionedStore(bool cacheEnabled)
    {
        Run(cacheEnabled, leftJoin: false,
        [
            null, null, null, null, null, null, null, null, [("B-a", 5)], null, null, null, null, null,
            [("D-b", 6)], null, null, null, null, null, null, [("F-a", 4)], null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamTableJoinWithGraceIntegrationTest.java, testLeftWithVersionedStore
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftWithVersionedStore(bool cacheEnabled)
    {
        Run(cacheEnabled, leftJoin: true,
        [
            null, null, null, null, [("A-null", 3)], null, null, null, [("B-a", 5)], null, null, null, null, null,
            [("D-b", 6)], null, null, null, [("C-null", 9)], null, null, [("F-a", 4)], null,
        ]);
    }

    private static void Run(bool cacheEnabled, bool leftJoin, (string? Value, long Timestamp)[]?[] expectedResult)
    {
        var builder = new StreamsBuilder();
        var leftStream = builder.Stream(InputTopicLeft, LongStringConsumed);
        var rightTable = builder.Table(
            InputTopicRight, LongStringConsumed, Materialized<long?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("table-store", TimeSpan.FromMinutes(5))));
        var joined = Joined<long?, string?, string?>.With(Serdes.Nullable(Serdes.Int64), Serdes.String, Serdes.String, "Grace", TimeSpan.FromMilliseconds(2));
        (leftJoin ? leftStream.LeftJoin(rightTable, ValueJoiner, joined) : leftStream.Join(rightTable, ValueJoiner, joined)).To(OutputTopic, LongStringProduced);
        RunTestWithDriver(builder, cacheEnabled, AppId + (leftJoin ? "-left" : "-inner"), expectedResult);
    }
}
