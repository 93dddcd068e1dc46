using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamPeekTests
{
    [Fact]
    public void Peek_sees_every_record_and_forwards_it_unchanged()
    {
        var seen = new List<(string, string)>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Peek((k, v) => seen.Add((k, v))).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("a", "1"), new("b", "2")]);

        seen.Should().Equal(("a", "1"), ("b", "2"));
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("a", "1"), ("b", "2"));
    }

    [Fact]
    public void Peek_runs_before_downstream_operators()
    {
        var order = new List<string>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .Peek((_, v) => order.Add("peek " + v))
            .Foreach((_, v) => order.Add("foreach " + v));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["1", "2"]);

        order.Should().Equal("peek 1", "foreach 1", "peek 2", "foreach 2");
    }

    [Fact]
    public void Foreach_is_terminal_and_writes_nothing()
    {
        var seen = new List<string>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Foreach((k, v) => seen.Add(k + "=" + v));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v");

        seen.Should().Equal("k=v");
        driver.ProducedTopicNames.Should().BeEmpty();
    }
}
