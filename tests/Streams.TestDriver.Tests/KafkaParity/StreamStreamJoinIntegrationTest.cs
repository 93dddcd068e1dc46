using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/StreamStreamJoinIntegrationTest.java</c>
/// (with the harness of <c>AbstractJoinIntegrationTest.java</c>), the joins after a key change: each side goes through a
/// join repartition topic, which drops null keys before an inner join and keeps them before a left or outer one (KIP-962).
/// </summary>
public sealed class StreamStreamJoinIntegrationTest
{
    private const string InputTopicLeft = "inputTopicLeft";
    private const string InputTopicRight = "inputTopicRight";
    private const string OutputTopic = "outputTopic";
    private const long AnyUniqueKey = 0L;

    /// <summary>Kafka's MockTime start is arbitrary; every timestamp is relative to it.</summary>
    private const long BaseTimestamp = 1_600_000_000_000L;

    // Kafka's tests set Long and String as the default serdes; here they are given to the operators.
    private static readonly StreamJoined<long?, string?, string?> Joined = StreamJoined<long?, string?, string?>.With(Serdes.Nullable(Serdes.Int64), Serdes.String, Serdes.String);
    private static readonly Produced<long?, string?> Produced = Produced<long?, string?>.With(Serdes.Nullable(Serdes.Int64), Serdes.String);

    private static readonly JoinWindows Windows = JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));

    /// <summary>Kafka's <c>inputWithoutOutOfOrderData</c>: (topic, key, value, timestamp).</summary>
    private static readonly (string Topic, long? Key, string? Value, long Timestamp)[] InputWithoutOutOfOrderData =
    [
        (InputTopicLeft, AnyUniqueKey, null, 1),
        (InputTopicRight, AnyUniqueKey, null, 2),
        (InputTopicLeft, AnyUniqueKey, "A", 3),
        (InputTopicRight, AnyUniqueKey, "a", 4),
        (InputTopicLeft, AnyUniqueKey, "B", 5),
        (InputTopicRight, AnyUniqueKey, "b", 6),
        (InputTopicLeft, AnyUniqueKey, null, 7),
        (InputTopicRight, AnyUniqueKey, null, 8),
        (InputTopicLeft, AnyUniqueKey, "C", 9),
        (InputTopicRight, AnyUniqueKey, "c", 10),
        (InputTopicRight, AnyUniqueKey, null, 11),
        (InputTopicLeft, AnyUniqueKey, null, 12),
        (InputTopicRight, AnyUniqueKey, null, 13),
        (InputTopicRight, AnyUniqueKey, "d", 14),
        (InputTopicLeft, AnyUniqueKey, "D", 15),
        (InputTopicLeft, null, "E", 16),
        (InputTopicRight, null, "e", 17),
    ];

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamStreamJoinIntegrationTest.java, testInnerRepartitioned
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestInnerRepartitioned(bool cacheEnabled)
    {
        RunRepartitionedJoin(cacheEnabled, (left, right) => left.Join(right, ValueJoiner, Windows, Joined), ExpectedUpToD([], []));
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamStreamJoinIntegrationTest.java, testLeftRepartitioned
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestLeftRepartitioned(bool cacheEnabled)
    {
        RunRepartitionedJoin(cacheEnabled, (left, right) => left.LeftJoin(right, ValueJoiner, Windows, Joined), ExpectedUpToD([(null, "E-null", 16)], []));
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/StreamStreamJoinIntegrationTest.java, testOuterRepartitioned
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestOuterRepartitioned(bool cacheEnabled)
    {
        RunRepartitionedJoin(cacheEnabled, (left, right) => left.OuterJoin(right, ValueJoiner, Windows, Joined), ExpectedUpToD([(null, "E-null", 16)], [(null, "null-e", 17)]));
    }

    /// <summary>Kafka's <c>(value1, value2) -> value1 + "-" + value2</c>: Java writes a null operand as <c>null</c>.</summary>
    private static string? ValueJoiner(string? value1, string? value2) => $"{value1 ?? "null"}-{value2 ?? "null"}";

    /// <summary>
    /// The three tests' topology: <c>leftStream.map(noOp).&lt;join&gt;(rightStream.flatMap(noOp).selectKey(noOp), ...)</c>,
    /// so both sides go through a join repartition topic; then Kafka's <c>runTestWithDriver</c>.
    /// </summary>
    private static void RunRepartitionedJoin(
        bool cacheEnabled,
        Func<IKStream<long?, string?>, IKStream<long?, string?>, IKStream<long?, string?>> join,
        (long? Key, string Value, long Timestamp)[]?[] expectedResult)
    {
        var builder = new StreamsBuilder();
        var consumed = Consumed<long?, string?>.With(Serdes.Nullable(Serdes.Int64), Serdes.String);
        var leftStream = builder.Stream(InputTopicLeft, consumed);
        var rightStream = builder.Stream(InputTopicRight, consumed);
        join(leftStream.Map((k, v) => (k, v)), rightStream.FlatMap((k, v) => new[] { (k, v) }).SelectKey((k, _) => k)).To(OutputTopic, Produced);
        RunTestWithDriver(builder, cacheEnabled, expectedResult);
    }

    /// <summary>
    /// The expected output after each input record, as the three tests list it: the same up to the record "D" (the
    /// inner, left and outer joins agree on non-null keys), then what the null-key records "E" and "e" give.
    /// </summary>
    private static (long? Key, string Value, long Timestamp)[]?[] ExpectedUpToD(
        (long? Key, string Value, long Timestamp)[] afterNullKeyLeft, (long? Key, string Value, long Timestamp)[] afterNullKeyRight) =>
    [
        null,
        null,
        null,
        [(AnyUniqueKey, "A-a", 4)],
        [(AnyUniqueKey, "B-a", 5)],
        [(AnyUniqueKey, "A-b", 6), (AnyUniqueKey, "B-b", 6)],
        null,
        null,
        [(AnyUniqueKey, "C-a", 9), (AnyUniqueKey, "C-b", 9)],
        [(AnyUniqueKey, "A-c", 10), (AnyUniqueKey, "B-c", 10), (AnyUniqueKey, "C-c", 10)],
        null,
        null,
        null,
        [(AnyUniqueKey, "A-d", 14), (AnyUniqueKey, "B-d", 14), (AnyUniqueKey, "C-d", 14)],
        [(AnyUniqueKey, "D-a", 15), (AnyUniqueKey, "D-b", 15), (AnyUniqueKey, "D-c", 15), (AnyUniqueKey, "D-d", 15)],
        afterNullKeyLeft.Length == 0 ? null : afterNullKeyLeft,
        afterNullKeyRight.Length == 0 ? null : afterNullKeyRight,
    ];

    /// <summary>Kafka's <c>AbstractJoinIntegrationTest.runTestWithDriver</c>: pipes each input record and checks the output it gave.</summary>
    private static void RunTestWithDriver(StreamsBuilder builder, bool cacheEnabled, (long? Key, string Value, long Timestamp)[]?[] expectedResult)
    {
        var options = new TopologyTestDriverOptions { ApplicationId = "stream-stream-join-integration-test" };
        if (!cacheEnabled)
        {
            options.StateStoreCacheMaxBytes = 0;
        }

        using var driver = new TopologyTestDriver(builder.Build(), options);
        var inputs = new Dictionary<string, TestInputTopic<long?, string?>>
        {
            [InputTopicLeft] = driver.CreateInputTopic(InputTopicLeft, Serdes.Nullable(Serdes.Int64), Serdes.String),
            [InputTopicRight] = driver.CreateInputTopic(InputTopicRight, Serdes.Nullable(Serdes.Int64), Serdes.String),
        };
        var outputTopic = driver.CreateOutputTopic(OutputTopic, Serdes.Nullable(Serdes.Int64), Serdes.String);

        InputWithoutOutOfOrderData.Should().HaveSameCount(expectedResult);
        for (var i = 0; i < InputWithoutOutOfOrderData.Length; i++)
        {
            var (topic, key, value, timestamp) = InputWithoutOutOfOrderData[i];
            inputs[topic].PipeInput(key, value, BaseTimestamp + timestamp);

            var output = outputTopic.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();
            var expected = (expectedResult[i] ?? []).Select(r => (r.Key, (string?)r.Value, (long?)(BaseTimestamp + r.Timestamp))).ToList();
            output.Should().Equal(expected, $"output after input record {i} ({topic}, {key?.ToString() ?? "null"}, {value ?? "null"}, {timestamp})");
        }
    }
}
