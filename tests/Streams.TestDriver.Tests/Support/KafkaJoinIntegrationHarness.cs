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

    /// <summary>Kafka's <c>input</c>: (topic, key, value, timestamp).</summary>
    public static readonly (string Topic, long? Key, string? Value, long Timestamp)[] Input =
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
        (InputTopicRight, AnyUniqueKey, "d", 7), // out-of-order data with null as latest
        (InputTopicLeft, AnyUniqueKey, "D", 6),
        (InputTopicLeft, AnyUniqueKey, null, 2),
        (InputTopicRight, AnyUniqueKey, null, 3),
        (InputTopicRight, AnyUniqueKey, "e", 14),
        (InputTopicLeft, AnyUniqueKey, "E", 15),
        (InputTopicLeft, AnyUniqueKey, null, 10), // out-of-order data with non-null as latest
        (InputTopicRight, AnyUniqueKey, null, 9),
        (InputTopicLeft, AnyUniqueKey, "F", 4),
        (InputTopicRight, AnyUniqueKey, "f", 3),
    ];

    /// <summary>Kafka's <c>inputWithoutOutOfOrderData</c>: (topic, key, value, timestamp); the last two records have a null key.</summary>
    public static readonly (string Topic, long? Key, string? Value, long Timestamp)[] InputWithoutOutOfOrderData =
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

    /// <summary>Kafka's <c>(value1, value2) -> value1 + "-" + value2</c>: Java writes a null operand as <c>null</c>.</summary>
    public static string? ValueJoiner(string? value1, string? value2) => $"{value1 ?? "null"}-{value2 ?? "null"}";

    /// <summary>
    /// Kafka's <c>runTestWithDriver(input, expectedResult, storeName, ...)</c>: <paramref name="expectedResult"/> has one
    /// entry per input record, the (value, timestamp) records it gave (key <see cref="AnyUniqueKey"/>), or null for
    /// none; with <paramref name="storeName"/>, the store then holds the last result only (Kafka's <c>checkQueryableStore</c>).
    /// </summary>
    public static void RunTestWithDriver(
        StreamsBuilder builder,
        bool cacheEnabled,
        string applicationId,
        (string? Value, long Timestamp)[]?[] expectedResult,
        (string Topic, long? Key, string? Value, long Timestamp)[]? input = null,
        string? storeName = null)
    {
        input ??= Input;
        using var driver = Start(builder, cacheEnabled, applicationId, out var inputs, out var outputTopic);
        input.Should().HaveSameCount(expectedResult);
        (string? Value, long Timestamp)? last = null;
        for (var i = 0; i < input.Length; i++)
        {
            var (topic, key, value, timestamp) = input[i];
            inputs[topic].PipeInput(key, value, BaseTimestamp + timestamp);
            var output = outputTopic.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();
            var expected = (expectedResult[i] ?? []).Select(e => ((long?)AnyUniqueKey, e.Value, BaseTimestamp + e.Timestamp));
            output.Should().Equal(expected, $"after input record {i} ({topic}, {value ?? "null"}, {timestamp})");
            if (expectedResult[i] is { Length: > 0 } records)
            {
                last = records[^1];
            }
        }

        if (storeName is not null)
        {
            CheckQueryableStore(driver, storeName, last!.Value);
        }
    }

    /// <summary>
    /// Kafka's <c>runTestWithDriver(input, expectedFinalResult, storeName, ...)</c>: pipes all of <see cref="Input"/>,
    /// then checks the last output record and that the store holds only it.
    /// </summary>
    public static void RunTestWithDriver(StreamsBuilder builder, bool cacheEnabled, string applicationId, (string? Value, long Timestamp) expectedFinalResult, string storeName)
    {
        using var driver = Start(builder, cacheEnabled, applicationId, out var inputs, out var outputTopic);
        foreach (var (topic, key, value, timestamp) in Input)
        {
            inputs[topic].PipeInput(key, value, BaseTimestamp + timestamp);
        }

        var last = outputTopic.ReadRecordsToList()[^1];
        (last.Key, last.Value, last.TimestampMs).Should().Be(((long?)AnyUniqueKey, expectedFinalResult.Value, BaseTimestamp + expectedFinalResult.Timestamp));
        CheckQueryableStore(driver, storeName, expectedFinalResult);
    }

    private static TopologyTestDriver Start(
        StreamsBuilder builder,
        bool cacheEnabled,
        string applicationId,
        out Dictionary<string, TestInputTopic<long?, string?>> inputs,
        out TestOutputTopic<long?, string?> outputTopic)
    {
        var options = new TopologyTestDriverOptions { ApplicationId = applicationId };
        if (!cacheEnabled)
        {
            options.StateStoreCacheMaxBytes = 0;
        }

        var driver = new TopologyTestDriver(builder.Build(), options);
        inputs = new Dictionary<string, TestInputTopic<long?, string?>>
        {
            [InputTopicLeft] = driver.CreateInputTopic(InputTopicLeft, Serdes.Nullable(Serdes.Int64), Serdes.String),
            [InputTopicRight] = driver.CreateInputTopic(InputTopicRight, Serdes.Nullable(Serdes.Int64), Serdes.String),
        };
        outputTopic = driver.CreateOutputTopic(OutputTopic, Serdes.Nullable(Serdes.Int64), Serdes.String);
        return driver;
    }

    /// <summary>Kafka's <c>checkQueryableStore</c>: the store's only entry is the last result, with its timestamp.</summary>
    private static void CheckQueryableStore(TopologyTestDriver driver, string storeName, (string? Value, long Timestamp) expectedFinalResult)
    {
        using var all = driver.GetTimestampedKeyValueStore<long?, string?>(storeName)!.All();
        all.Select(kv => (kv.Key, kv.Value.Value, kv.Value.TimestampMs)).ToList()
            .Should().Equal([((long?)AnyUniqueKey, expectedFinalResult.Value, BaseTimestamp + expectedFinalResult.Timestamp)]);
    }
}
