using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamMapTest.java</c>, through the driver.
/// <c>testKeyValueMapperResultNotNull</c> is not ported: <c>Map</c>'s mapper returns a value tuple, which cannot be null.
/// </summary>
public class KStreamMapTest
{
    // KStreamMapTest#testMap: key and value swap; each record keeps its timestamp.
    [Fact]
    public void TestMap()
    {
        var builder = new StreamsBuilder();
        builder.Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String))
            .Map((key, value) => (value, key))
            .To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        foreach (var key in new[] { 0, 1, 2, 3 })
        {
            input.PipeInput(key, "V" + key, 10L - key);
        }

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Int32).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("V0", 0, 10L), ("V1", 1, 9L), ("V2", 2, 8L), ("V3", 3, 7L));
    }
}
