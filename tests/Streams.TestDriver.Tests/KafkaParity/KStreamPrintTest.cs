using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamPrintTest.java</c>, through the
/// driver (Kafka drives the processor with a mocked context; here a topology prints to a <see cref="StringWriter"/>).
/// </summary>
public class KStreamPrintTest
{
    // KStreamPrintTest#testPrintStreamWithProvidedKeyValueMapper: "[label]: " then the mapper's text, one line per record.
    [Fact]
    public void TestPrintStreamWithProvidedKeyValueMapper()
    {
        var writer = new StringWriter();
        var builder = new StreamsBuilder();
        builder.Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String))
            .Print(Printed<int, string?>.ToWriter(writer).WithLabel("test-stream").WithKeyValueMapper((k, v) => $"{k}, {v}"));
        using (var driver = new TopologyTestDriver(builder.Build()))
        {
            var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.String);
            input.PipeInput(0, "zero", 0L);
            input.PipeInput(1, "one", 0L);
            input.PipeInput(2, "two", 0L);
            input.PipeInput(3, "three", 0L);
        }

        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Should().Equal(
            "[test-stream]: 0, zero", "[test-stream]: 1, one", "[test-stream]: 2, two", "[test-stream]: 3, three");
    }
}
