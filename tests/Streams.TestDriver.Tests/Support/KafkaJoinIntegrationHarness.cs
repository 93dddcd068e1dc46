using Streams.Dsl;
using Streams.Serialization;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/AbstractJoinIntegrationTest.java</c> on our
/// test driver: Long keys, String values, the <c>input</c> sequence (with its out-of-order records) and
/// <c>runTestWithDriver</c>, which pipes each input record and checks the output it gave (timestamps relative to a base).
/// </summary>
internal static class KafkaJoinIntegrationHarness
{
    public const string InputTopicLeft = "inputTopicLeft";
    public const string InputTopicRight = "inputTopicRight";
    public const string OutputTopic = "outputTopic";
    public const long AnyUniqueKey = 0L;

    /// <summary>Kafka's MockTime start is arbitrary; every timestamp is relative to it.</summary>
    private const long BaseTimestamp = 1_600_000_000_000L;

    public static readonly Consumed<long?, string?> LongStringConsumed = Consumed<long?, string?>.With(Serdes.Nullable(Serdes.Int64), Serdes.String);

    public static readonly Produced<long?, string?> LongStringProduced = Produced<long?, string?>.With(Serdes.Nullable(Serdes.Int64), Serdes.String);

    /// <summary>Kafka's <c>input</c>: (topic, value, timestamp), all with key <see cref="AnyUniqueKey"/>.</summary>
    public static readonly (string Topic, string? Value, long Timestamp)[] Input =
    [
        (InputTopicLeft, null, 1),
        (InputTopicRight, null, 2),
        (InputTopicLeft, "A", 3),
        (InputTopicRight, "a", 4),
        (InputTopicLeft, "B", 5),
        (InputTopicRight, "b", 6),
        (InputTopicLeft, null, 7),
        (InputTopicRight, null, 8),
        (InputTopicLeft, "C", 9),
        (InputTopicRight, "c", 10),
        (InputTopicRight, null, 11),
        (InputTopicLeft, null, 12),
        (InputTopicRight, null, 13),
        (InputTopicRight, "d", 7), // out-of-order data with null as latest
        (InputTopicLeft, "D", 6),
        (InputTopicLeft, null, 2),
        (InputTopicRight, null, 3),
        (InputTopicRight, "e", 14),
        (InputTopicLeft, "E", 15),
        (InputTopicLeft, null, 10), // out-of-order data with non-null as latest
        (InputTopicRight, null, 9),
        (InputTopicLeft, "F", 4),
        (InputTopicRight, "f", 3),
    ];

    /// <summary>Kafka's <c>(value1, value2) -> value1 + "-" + value2</c>: Java writes a null operand as <c>null</c>.</summary>
    public static string? ValueJoiner(string? value1, string? value2) => $"{value1 ?? "null"}-{value2 ?? "null"}";

    /// <summary>
    /// Kafka's <c>runTestWithDriver(input, expectedResult, ...)</c>: <paramref name="expectedResult"/> has one entry per
    /// input record, the (value, timestamp) records it gave (key <see cref="AnyUniqueKey"/>), or null for none.
    /// </summary>
    public static void RunTestWithDriver(StreamsBuilder builder, bool cacheEnabled, string applicationId, (string Value, long Timestamp)[]?[] expectedResult)
    {
        var options = new TopologyTestDriverOptions { ApplicationId = applicationId };
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

        Input.Should().HaveSameCount(expectedResult);
        for (var i = 0; i < Input.Length; i++)
        {
            var (topic, value, timestamp) = Input[i];
            inputs[topic].PipeInput(AnyUniqueKey, value, BaseTimestamp + timestamp);
            var output = outputTopic.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();
            var expected = (expectedResult[i] ?? []).Select(e => ((long?)AnyUniqueKey, (string?)e.Value, BaseTimestamp + e.Timestamp));
            output.Should().Equal(expected, $"after input record {i} ({topic}, {value ?? "null"}, {timestamp})");
        }
    }
}
