using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamPeekTest.java</c>, through the driver.</summary>
public class KStreamPeekTest
{
    // KStreamPeekTest#shouldObserveStreamElements: peek sees every record, and so does the foreach after it.
    [Fact]
    public void ShouldObserveStreamElements()
    {
        var builder = new StreamsBuilder();
        var peekObserved = new List<(int, string?)>();
        var streamObserved = new List<(int, string?)>();
        builder.Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String))
            .Peek((k, v) => peekObserved.Add((k, v)))
            .Foreach((k, v) => streamObserved.Add((k, v)));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.String);
        var expected = new List<(int, string?)>();
        for (var key = 0; key < 32; key++)
        {
            input.PipeInput(key, "V" + key);
            expected.Add((key, "V" + key));
        }

        peekObserved.Should().Equal(expected);
        streamObserved.Should().Equal(expected);
    }

    // KStreamPeekTest#shouldNotAllowNullAction.
    [Fact]
    public void ShouldNotAllowNullAction()
    {
        var stream = new StreamsBuilder().Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String));

        var peek = () => stream.Peek(null!);

        peek.Should().Throw<ArgumentNullException>();
    }
}
