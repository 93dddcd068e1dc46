using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamMapValuesTest.java</c>, through the driver.</summary>
public class KStreamMapValuesTest
{
    private static List<(int, int, long?)> Run(Func<IKStream<int, string?>, IKStream<int, int>> map)
    {
        var builder = new StreamsBuilder();
        map(builder.Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String))).To("output", Produced<int, int>.With(Serdes.Int32, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.String);
        foreach (var key in new[] { 1, 10, 100, 1000 })
        {
            input.PipeInput(key, key.ToString(System.Globalization.CultureInfo.InvariantCulture), key / 2L);
        }

        return driver.CreateOutputTopic("output", Serdes.Int32, Serdes.Int32).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();
    }

    // KStreamMapValuesTest#testFlatMapValues (Kafka's name; it tests mapValues): the value's length, key and timestamp kept.
    [Fact]
    public void TestFlatMapValues() =>
        Run(s => s.MapValues(v => v!.Length)).Should().Equal((1, 1, 0L), (10, 2, 5L), (100, 3, 50L), (1000, 4, 500L));

    // KStreamMapValuesTest#testMapValuesWithKeys: the mapper sees the key.
    [Fact]
    public void TestMapValuesWithKeys() =>
        Run(s => s.MapValues((key, v) => v!.Length + key)).Should().Equal((1, 2, 0L), (10, 12, 5L), (100, 103, 50L), (1000, 1004, 500L));
}
