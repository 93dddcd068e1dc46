using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableMapKeysTest.java</c>, through the driver.</summary>
public class KTableMapKeysTest
{
    // KTableMapKeysTest#testMapKeysConvertingToStream: Kafka's toStream(KeyValueMapper) is ToStream().SelectKey(...) here.
    [Fact]
    public void TestMapKeysConvertingToStream()
    {
        var keyMap = new Dictionary<int, string> { [1] = "ONE", [2] = "TWO", [3] = "THREE" };
        var builder = new StreamsBuilder();
        builder.Table("topic_map_keys", Consumed<int, string?>.With(Serdes.Int32, Serdes.String))
            .ToStream().SelectKey((key, _) => (string?)keyMap[key])
            .To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic_map_keys", Serdes.Int32, Serdes.String);
        int[] keys = [1, 2, 3];
        string[] values = ["V_ONE", "V_TWO", "V_THREE"];
        for (var i = 0; i < keys.Length; i++)
        {
            input.PipeInput(keys[i], values[i], 5 + (i * 5));
        }

        driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("ONE", "V_ONE", 5L), ("TWO", "V_TWO", 10L), ("THREE", "V_THREE", 15L));
    }
}
