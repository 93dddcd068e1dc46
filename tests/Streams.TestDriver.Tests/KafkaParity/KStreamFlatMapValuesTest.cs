using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamFlatMapValuesTest.java</c>, through the driver.</summary>
public class KStreamFlatMapValuesTest
{
    private static List<(int, string?, long?)> Run(Func<int, int, IEnumerable<string?>> mapper)
    {
        var builder = new StreamsBuilder();
        builder.Stream("topic", Consumed<int, int>.With(Serdes.Int32, Serdes.Int32))
            .FlatMapValues(mapper)
            .To("output", Produced<int, string?>.With(Serdes.Int32, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.Int32, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        foreach (var key in new[] { 0, 1, 2, 3 })
        {
            input.PipeInput(key, key, 0L);
        }

        return driver.CreateOutputTopic("output", Serdes.Int32, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();
    }

    // KStreamFlatMapValuesTest#testFlatMapValues: two values per record, in order, same key and timestamp.
    [Fact]
    public void TestFlatMapValues() =>
        Run((_, v) => ["v" + v, "V" + v]).Should().Equal(
            (0, "v0", 0L), (0, "V0", 0L), (1, "v1", 0L), (1, "V1", 0L), (2, "v2", 0L), (2, "V2", 0L), (3, "v3", 0L), (3, "V3", 0L));

    // KStreamFlatMapValuesTest#testFlatMapValuesWithKeys: the mapper sees the key.
    [Fact]
    public void TestFlatMapValuesWithKeys() =>
        Run((k, v) => ["v" + v, "k" + k]).Should().Equal(
            (0, "v0", 0L), (0, "k0", 0L), (1, "v1", 0L), (1, "k1", 0L), (2, "v2", 0L), (2, "k2", 0L), (3, "v3", 0L), (3, "k3", 0L));
}
