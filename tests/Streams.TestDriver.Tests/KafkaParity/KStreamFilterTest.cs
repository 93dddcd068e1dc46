using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamFilterTest.java</c>, through the driver.</summary>
public class KStreamFilterTest
{
    private static (TopologyTestDriver Driver, TestOutputTopic<int, string?> Output) Run(Func<IKStream<int, string?>, IKStream<int, string?>> filter)
    {
        var builder = new StreamsBuilder();
        filter(builder.Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String))).To("output");
        var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        foreach (var key in new[] { 1, 2, 3, 4, 5, 6, 7 })
        {
            input.PipeInput(key, "V" + key);
        }

        return (driver, driver.CreateOutputTopic("output", Serdes.Int32, Serdes.String));
    }

    // KStreamFilterTest#testFilter: keys that are multiples of three pass (2 records).
    [Fact]
    public void TestFilter()
    {
        var (driver, output) = Run(s => s.Filter((key, _) => key % 3 == 0));
        using (driver)
        {
            output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal((3, "V3", 0L), (6, "V6", 0L));
        }
    }

    // KStreamFilterTest#testFilterNot: the other five pass.
    [Fact]
    public void TestFilterNot()
    {
        var (driver, output) = Run(s => s.FilterNot((key, _) => key % 3 == 0));
        using (driver)
        {
            output.ReadKeyValuesToList().Select(kv => kv.Key).Should().Equal(1, 2, 4, 5, 7);
        }
    }
}
