using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamSelectKeyTest.java</c>, through the driver.</summary>
public class KStreamSelectKeyTest
{
    // KStreamSelectKeyTest#testSelectKey: the key is picked from the value; value and timestamp kept.
    [Fact]
    public void TestSelectKey()
    {
        var keyMap = new Dictionary<int, string> { [1] = "ONE", [2] = "TWO", [3] = "THREE" };
        var builder = new StreamsBuilder();
        builder.Stream("topic_key_select", Consumed<string?, int>.With(Serdes.String, Serdes.Int32))
            .SelectKey((_, value) => (string?)keyMap[value])
            .To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic_key_select", Serdes.String, Serdes.Int32, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        foreach (var value in new[] { 1, 2, 3 })
        {
            input.PipeInput(value);
        }

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Int32).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("ONE", 1, 0L), ("TWO", 2, 0L), ("THREE", 3, 0L));
    }
}
