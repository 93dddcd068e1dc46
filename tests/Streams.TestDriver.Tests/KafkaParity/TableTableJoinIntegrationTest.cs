using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using static Streams.TestDriver.Tests.Support.KafkaJoinIntegrationHarness;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java</c>
/// (with the harness of <c>AbstractJoinIntegrationTest.java</c>): table-table joins over Kafka's <c>input</c>, with plain
/// and versioned tables, and chains of two joins (the second one joining <c>rightTable</c> again) over
/// <c>inputWithoutOutOfOrderData</c>. The result is materialized in "table-table-join-integration-test-store" without
/// cache; with <c>cacheEnabled</c> Kafka checks only the last output record and the store for the unversioned cases.
/// </summary>
public sealed class TableTableJoinIntegrationTest
{
    private const string AppId = "table-table-join-integration-test";
    private const string StoreName = AppId + "-store";

    private static readonly Materialized<long?, string?> Result = Materialized<long?, string?>.As(StoreName)
        .WithKeySerde(Serdes.Nullable(Serdes.Int64)).WithValueSerde(Serdes.String).WithCachingDisabled().WithLoggingDisabled();

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInner
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInner(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner", leftVersioned: false, rightVersioned: false, (left, right) => left.Join(right, ValueJoiner, materialized: Result), Input, cached: ("F-f", 4),
        [
            null,
            null,
            null,
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c", 10)],
            [(null, 11)],
            null,
            null,
            null,
            [("D-d", 7)],
            [(null, 7)],
            null,
            null,
            [("E-e", 15)],
            [(null, 14)],
            null,
            null,
            [("F-f", 4)],
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeft
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeft(bool cacheEnabled)
    {
        Run(cacheEnabled, "-left", leftVersioned: false, rightVersioned: false, (left, right) => left.LeftJoin(right, ValueJoiner, materialized: Result), Input, cached: ("F-f", 4),
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            null,
            [("D-d", 7)],
            [(null, 7)],
            null,
            null,
            [("E-e", 15)],
            [(null, 14)],
            null,
            [("F-null", 4)],
            [("F-f", 4)],
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuter
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuter(bool cacheEnabled)
    {
        Run(cacheEnabled, "-outer", leftVersioned: false, rightVersioned: false, (left, right) => left.OuterJoin(right, ValueJoiner, materialized: Result), Input, cached: ("F-f", 4),
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [("null-b", 7)],
            [(null, 8)],
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            [("null-d", 7)],
            [("D-d", 7)],
            [("null-d", 7)],
            [(null, 3)],
            [("null-e", 14)],
            [("E-e", 15)],
            [("null-e", 14)],
            [(null, 9)],
            [("F-null", 4)],
            [("F-f", 4)],
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInnerWithVersionedStores
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerWithVersionedStores(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner", leftVersioned: true, rightVersioned: true, (left, right) => left.Join(right, ValueJoiner, materialized: Result), Input, cached: null,
        [
            null,
            null,
            null,
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c", 10)],
            [(null, 11)],
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            [("E-e", 15)],
            null,
            null,
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeftWithVersionedStores
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftWithVersionedStores(bool cacheEnabled)
    {
        Run(cacheEnabled, "-left", leftVersioned: true, rightVersioned: true, (left, right) => left.LeftJoin(right, ValueJoiner, materialized: Result), Input, cached: null,
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            null,
            null,
            null,
            null,
            null,
            [("E-e", 15)],
            null,
            null,
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuterWithVersionedStores
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterWithVersionedStores(bool cacheEnabled)
    {
        Run(cacheEnabled, "-outer", leftVersioned: true, rightVersioned: true, (left, right) => left.OuterJoin(right, ValueJoiner, materialized: Result), Input, cached: null,
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [("null-b", 7)],
            [(null, 8)],
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            null,
            null,
            null,
            null,
            [("null-e", 14)],
            [("E-e", 15)],
            null,
            null,
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInnerWithLeftVersionedOnly
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerWithLeftVersionedOnly(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner", leftVersioned: true, rightVersioned: false, (left, right) => left.Join(right, ValueJoiner, materialized: Result), Input, cached: ("E-f", 15),
        [
            null,
            null,
            null,
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c", 10)],
            [(null, 11)],
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            [("E-e", 15)],
            null,
            [(null, 15)],
            null,
            [("E-f", 15)],
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeftWithLeftVersionedOnly
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftWithLeftVersionedOnly(bool cacheEnabled)
    {
        Run(cacheEnabled, "-left", leftVersioned: true, rightVersioned: false, (left, right) => left.LeftJoin(right, ValueJoiner, materialized: Result), Input, cached: ("E-f", 15),
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            null,
            null,
            null,
            null,
            null,
            [("E-e", 15)],
            null,
            [("E-null", 15)],
            null,
            [("E-f", 15)],
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuterWithLeftVersionedOnly
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterWithLeftVersionedOnly(bool cacheEnabled)
    {
        Run(cacheEnabled, "-outer", leftVersioned: true, rightVersioned: false, (left, right) => left.OuterJoin(right, ValueJoiner, materialized: Result), Input, cached: ("E-f", 15),
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [("null-b", 7)],
            [(null, 8)],
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            [("null-d", 7)],
            null,
            null,
            [(null, 3)],
            [("null-e", 14)],
            [("E-e", 15)],
            null,
            [("E-null", 15)],
            null,
            [("E-f", 15)],
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInnerWithRightVersionedOnly
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerWithRightVersionedOnly(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner", leftVersioned: false, rightVersioned: true, (left, right) => left.Join(right, ValueJoiner, materialized: Result), Input, cached: ("F-e", 14),
        [
            null,
            null,
            null,
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c", 10)],
            [(null, 11)],
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            [("E-e", 15)],
            [(null, 14)],
            null,
            [("F-e", 14)],
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeftWithRightVersionedOnly
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftWithRightVersionedOnly(bool cacheEnabled)
    {
        Run(cacheEnabled, "-left", leftVersioned: false, rightVersioned: true, (left, right) => left.LeftJoin(right, ValueJoiner, materialized: Result), Input, cached: ("F-e", 14),
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [(null, 7)],
            null,
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            null,
            [("D-null", 6)],
            [(null, 2)],
            null,
            null,
            [("E-e", 15)],
            [(null, 14)],
            null,
            [("F-e", 14)],
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuterWithRightVersionedOnly
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterWithRightVersionedOnly(bool cacheEnabled)
    {
        Run(cacheEnabled, "-outer", leftVersioned: false, rightVersioned: true, (left, right) => left.OuterJoin(right, ValueJoiner, materialized: Result), Input, cached: ("F-e", 14),
        [
            null,
            null,
            [("A-null", 3)],
            [("A-a", 4)],
            [("B-a", 5)],
            [("B-b", 6)],
            [("null-b", 7)],
            [(null, 8)],
            [("C-null", 9)],
            [("C-c", 10)],
            [("C-null", 11)],
            [(null, 12)],
            null,
            null,
            [("D-null", 6)],
            [(null, 2)],
            null,
            [("null-e", 14)],
            [("E-e", 15)],
            [("null-e", 14)],
            null,
            [("F-e", 14)],
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInnerInner
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerInner(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-inner", leftVersioned: false, rightVersioned: false, (left, right) => left.Join(right, ValueJoiner).Join(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            null,
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c-c", 10), ("C-c-c", 10)],
            null,
            null,
            null,
            null,
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInnerLeft
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerLeft(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-left", leftVersioned: false, rightVersioned: false, (left, right) => left.Join(right, ValueJoiner).LeftJoin(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            null,
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c-c", 10), ("C-c-c", 10)],
            [(null, 11)],
            null,
            null,
            null,
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testInnerOuter
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerOuter(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-outer", leftVersioned: false, rightVersioned: false, (left, right) => left.Join(right, ValueJoiner).OuterJoin(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            null,
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [("null-b", 7)],
            [(null, 8)],
            null,
            [("C-c-c", 10), ("C-c-c", 10)],
            [(null, 11), (null, 11)],
            null,
            null,
            [("null-d", 14)],
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeftInner
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftInner(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-inner", leftVersioned: false, rightVersioned: false, (left, right) => left.LeftJoin(right, ValueJoiner).Join(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            null,
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [(null, 7)],
            null,
            null,
            [("C-c-c", 10), ("C-c-c", 10)],
            [(null, 11)],
            null,
            null,
            null,
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeftLeft
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftLeft(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-left", leftVersioned: false, rightVersioned: false, (left, right) => left.LeftJoin(right, ValueJoiner).LeftJoin(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            [("A-null-null", 3)],
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [(null, 7)],
            null,
            [("C-null-null", 9)],
            [("C-c-c", 10), ("C-c-c", 10)],
            [("C-null-null", 11), ("C-null-null", 11)],
            [(null, 12)],
            null,
            null,
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testLeftOuter
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftOuter(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-outer", leftVersioned: false, rightVersioned: false, (left, right) => left.LeftJoin(right, ValueJoiner).OuterJoin(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            [("A-null-null", 3)],
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [("null-b", 7)],
            [(null, 8)],
            [("C-null-null", 9)],
            [("C-c-c", 10), ("C-c-c", 10)],
            [("C-null-null", 11), ("C-null-null", 11)],
            [(null, 12)],
            null,
            [("null-d", 14)],
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuterInner
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterInner(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-inner", leftVersioned: false, rightVersioned: false, (left, right) => left.OuterJoin(right, ValueJoiner).Join(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            null,
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [("null-b-b", 7)],
            null,
            null,
            [("C-c-c", 10), ("C-c-c", 10)],
            [(null, 11)],
            null,
            null,
            [("null-d-d", 14), ("null-d-d", 14)],
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuterLeft
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterLeft(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-left", leftVersioned: false, rightVersioned: false, (left, right) => left.OuterJoin(right, ValueJoiner).LeftJoin(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            [("A-null-null", 3)],
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [("null-b-b", 7)],
            [(null, 8)],
            [("C-null-null", 9)],
            [("C-c-c", 10), ("C-c-c", 10)],
            [("C-null-null", 11), ("C-null-null", 11)],
            [(null, 12)],
            null,
            [("null-d-d", 14), ("null-d-d", 14)],
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/TableTableJoinIntegrationTest.java, testOuterOuter
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterOuter(bool cacheEnabled)
    {
        Run(cacheEnabled, "-inner-outer", leftVersioned: false, rightVersioned: false, (left, right) => left.OuterJoin(right, ValueJoiner).OuterJoin(right, ValueJoiner, materialized: Result), InputWithoutOutOfOrderData, cached: ("F-f-f", 4),
        [
            null,
            null,
            [("A-null-null", 3)],
            [("A-a-a", 4), ("A-a-a", 4)],
            [("B-a-a", 5)],
            [("B-b-b", 6), ("B-b-b", 6)],
            [("null-b-b", 7)],
            [(null, 8), (null, 8)],
            [("C-null-null", 9)],
            [("C-c-c", 10), ("C-c-c", 10)],
            [("C-null-null", 11), ("C-null-null", 11)],
            [(null, 12)],
            null,
            [("null-d-d", 14), ("null-d-d", 14)],
            [("D-d-d", 15)],
            null,
            null,
        ]);
    }

    /// <summary>
    /// Builds <c>leftTable</c> and <c>rightTable</c> ("left"/"right" stores, versioned as the test says, no changelog),
    /// the joins, and runs Kafka's <c>runTestWithDriver</c>: the final-result variant when <paramref name="cacheEnabled"/>
    /// and the test gives one (<paramref name="cached"/>), else every step.
    /// </summary>
    private static void Run(
        bool cacheEnabled,
        string appIdSuffix,
        bool leftVersioned,
        bool rightVersioned,
        Func<IKTable<long?, string?>, IKTable<long?, string?>, IKTable<long?, string?>> join,
        (string Topic, long? Key, string? Value, long Timestamp)[] input,
        (string? Value, long Timestamp)? cached,
        (string? Value, long Timestamp)[]?[] expectedResult)
    {
        var builder = new StreamsBuilder();
        var leftTable = builder.Table(InputTopicLeft, LongStringConsumed, Store("left", leftVersioned));
        var rightTable = builder.Table(InputTopicRight, LongStringConsumed, Store("right", rightVersioned));
        join(leftTable, rightTable).ToStream().To(OutputTopic, LongStringProduced);
        if (cacheEnabled && cached is { } finalResult)
        {
            RunTestWithDriver(builder, cacheEnabled, AppId + appIdSuffix, finalResult, StoreName);
        }
        else
        {
            RunTestWithDriver(builder, cacheEnabled, AppId + appIdSuffix, expectedResult, input, StoreName);
        }
    }

    private static Materialized<long?, string?> Store(string name, bool versioned) =>
        (versioned
            ? Materialized<long?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore(name, TimeSpan.FromMinutes(5)))
            : Materialized<long?, string?>.As(name)).WithLoggingDisabled();
}
