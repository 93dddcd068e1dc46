using Streams.Dsl;
using Streams.Serialization;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// The setup of Kafka Streams' stream-stream join tests (<c>KStreamKStreamJoinTest</c>, <c>KStreamKStreamLeftJoinTest</c>,
/// <c>KStreamKStreamOuterJoinTest</c>) on our test driver: "topic1" (left) and "topic2" (right) with Int32 keys and string
/// values, joined with Kafka's <c>MockValueJoiner.TOSTRING_JOINER</c> (<c>value1 + "+" + value2</c>, a missing side printed
/// as "null") and written to "output", which <see cref="Read"/> drains as Kafka's <c>checkAndClearProcessResult</c> does.
/// </summary>
internal sealed class KafkaStreamStreamJoinDriver : IDisposable
{
    private readonly TopologyTestDriver _driver;
    private readonly TestOutputTopic<int, string?> _output;

    /// <summary>The join kinds of the three Kafka test classes.</summary>
    public enum Kind
    {
        /// <summary><c>stream1.join(stream2, ...)</c>.</summary>
        Inner,

        /// <summary><c>stream1.leftJoin(stream2, ...)</c>.</summary>
        Left,

        /// <summary><c>stream1.outerJoin(stream2, ...)</c>.</summary>
        Outer,
    }

    /// <summary>Builds the join of <paramref name="kind"/> over <paramref name="windows"/> and starts a test driver on it.</summary>
    /// <param name="kind">Which join Kafka's test class exercises.</param>
    /// <param name="windows">The join windows of the Kafka test.</param>
    public KafkaStreamStreamJoinDriver(Kind kind, JoinWindows windows)
    {
        var builder = new StreamsBuilder();
        var stream1 = builder.Stream("topic1", Consumed<int, string?>.With(Serdes.Int32, Serdes.String));
        var stream2 = builder.Stream("topic2", Consumed<int, string?>.With(Serdes.Int32, Serdes.String));
        var joined = StreamJoined<int, string?, string?>.With(Serdes.Int32, Serdes.String, Serdes.String);
        var result = kind switch
        {
            Kind.Inner => stream1.Join(stream2, ToStringJoiner, windows, joined),
            Kind.Left => stream1.LeftJoin(stream2, ToStringJoiner, windows, joined),
            _ => stream1.OuterJoin(stream2, ToStringJoiner, windows, joined),
        };
        result.To("output", Produced<int, string>.With(Serdes.Int32, Serdes.String!));
        _driver = new TopologyTestDriver(builder.Build());
        Topic1 = _driver.CreateInputTopic("topic1", Serdes.Int32, Serdes.String);
        Topic2 = _driver.CreateInputTopic("topic2", Serdes.Int32, Serdes.String);
        _output = _driver.CreateOutputTopic("output", Serdes.Int32, Serdes.String);
    }

    /// <summary>The left input, Kafka's <c>inputTopic1</c>.</summary>
    public TestInputTopic<int, string?> Topic1 { get; }

    /// <summary>The right input, Kafka's <c>inputTopic2</c>.</summary>
    public TestInputTopic<int, string?> Topic2 { get; }

    /// <summary>Pipes one record per key at <paramref name="timestampMs"/>, valued <paramref name="prefix"/> + key (Kafka's <c>"A" + expectedKey</c> loops).</summary>
    public static void PipeEach(TestInputTopic<int, string?> topic, IEnumerable<int> keys, string prefix, long timestampMs) =>
        PipeEach(topic, keys, key => prefix + key, _ => timestampMs);

    /// <summary>Pipes one record per key valued <paramref name="value"/>(key) at <paramref name="timestampMs"/>(key).</summary>
    public static void PipeEach(TestInputTopic<int, string?> topic, IEnumerable<int> keys, Func<int, string> value, Func<int, long> timestampMs)
    {
        foreach (var key in keys)
        {
            topic.PipeInput(key, value(key), timestampMs(key));
        }
    }

    /// <summary>Every result forwarded since the last read, as (key, value, timestamp), in order.</summary>
    public List<(int Key, string? Value, long Timestamp)> Read() =>
        _output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();

    /// <summary>Closes the test driver.</summary>
    public void Dispose() => _driver.Dispose();

    private static string ToStringJoiner(string? value1, string? value2) => $"{value1 ?? "null"}+{value2 ?? "null"}";
}
