using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamToTests
{
    [Fact]
    public void To_writes_with_the_produced_serdes()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .MapValues(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            .To("out", Produced<string, int>.With(null, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "258");

        driver.CreateOutputTopic("out", Serdes.String, Serdes.ByteArray).ReadValue().Should().Equal(0, 0, 1, 2);
    }

    [Fact]
    public void To_with_a_topic_extractor_routes_each_record()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To((key, _) => "out-" + key);
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("a", "1"), new("b", "2"), new("a", "3")]);

        driver.ProducedTopicNames.Should().BeEquivalentTo("out-a", "out-b");
        driver.CreateOutputTopic("out-a", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("1", "3");
        driver.CreateOutputTopic("out-b", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("2");
    }

    [Fact]
    public void The_same_stream_can_be_written_to_several_topics()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in");
        stream.To("first");
        stream.To("second");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 3);

        driver.CreateOutputTopic("first", Serdes.String, Serdes.String).ReadRecord().Should().Be(new TestRecord<string?, string?>("k", "v", 3));
        driver.CreateOutputTopic("second", Serdes.String, Serdes.String).ReadRecord().Should().Be(new TestRecord<string?, string?>("k", "v", 3));
    }

    [Fact]
    public void Without_serdes_for_a_custom_type_To_fails_at_build_time()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in").MapValues(v => new Uri("http://" + v));

        var act = () => stream.To("out");

        act.Should().Throw<TopologyException>().WithMessage("*value serde*System.Uri*");
    }
}
