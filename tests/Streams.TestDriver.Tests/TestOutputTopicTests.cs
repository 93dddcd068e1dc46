using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests;

public class TestOutputTopicTests
{
    [Fact]
    public void Reading_consumes_records_in_send_order()
    {
        using var driver = PassThrough();
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("a", "1"), new("b", "2"), new("c", "3")]);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        output.QueueSize.Should().Be(3);
        output.ReadValue().Should().Be("1");
        output.ReadKeyValue().Should().Be(new KeyValuePair<string?, string?>("b", "2"));
        output.QueueSize.Should().Be(1);
        output.ReadRecord().Key.Should().Be("c");
        output.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Reading_an_empty_topic_throws_no_more_records()
    {
        using var driver = PassThrough();
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("a", "1");
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        output.ReadValue();

        var act = () => output.ReadKeyValue();

        act.Should().Throw<InvalidOperationException>().WithMessage("Topic 'out' has no more records to read.");
    }

    [Fact]
    public void Reading_a_topic_that_was_never_written_says_so()
    {
        using var driver = PassThrough();

        var act = () => driver.CreateOutputTopic("other", Serdes.String, Serdes.String).ReadValue();

        act.Should().Throw<InvalidOperationException>().WithMessage("*no more records*never wrote*");
    }

    [Fact]
    public void ReadKeyValuesToMap_keeps_the_last_value_per_key_and_a_tombstone_as_a_null_value()
    {
        using var driver = PassThrough();
        driver.CreateInputTopic("in", Serdes.String, Serdes.String)
            .PipeKeyValueList([new("a", "1"), new("b", "2"), new("a", "3"), new("c", "4"), new("b", null)]);

        var map = driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadKeyValuesToMap();

        map.Should().BeEquivalentTo(new Dictionary<string, string?> { ["a"] = "3", ["b"] = null, ["c"] = "4" });
    }

    [Fact]
    public void ReadKeyValuesToMap_rejects_null_keys()
    {
        using var driver = PassThrough();
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("no key");

        var act = () => driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadKeyValuesToMap();

        act.Should().Throw<InvalidOperationException>().WithMessage("*null key*");
    }

    [Fact]
    public void List_readers_drain_the_topic()
    {
        using var driver = PassThrough();
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeKeyValueList([new("a", "1"), new("b", "2")]);
        output.ReadValuesToList().Should().Equal("1", "2");
        output.ReadValuesToList().Should().BeEmpty();

        input.PipeInput("c", "3", 9);
        output.ReadRecordsToList().Should().Equal(new TestRecord<string?, string?>("c", "3", 9));
        output.ReadKeyValuesToList().Should().BeEmpty();
    }

    [Fact]
    public void Values_are_read_with_the_output_topics_serdes()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeInput("k", 0x0102L);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.ByteArray).ReadValue().Should().Equal(0, 0, 0, 0, 0, 0, 1, 2);
    }

    private static TopologyTestDriver PassThrough()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").To("out");
        return new TopologyTestDriver(builder.Build());
    }
}
