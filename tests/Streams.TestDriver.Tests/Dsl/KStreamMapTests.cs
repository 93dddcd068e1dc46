using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamMapTests
{
    [Fact]
    public void Map_replaces_key_and_value_and_keeps_the_timestamp()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .Map((key, value) => (value.Length, key + ":" + value))
            .To("out", Produced<int, string>.With(Serdes.Int32, Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "abc", 42);

        driver.CreateOutputTopic("out", Serdes.Int32, Serdes.String).ReadRecord().Should().Be(new TestRecord<int, string?>(3, "k:abc", 42));
    }

    [Fact]
    public void MapValues_transforms_values_and_keeps_keys_and_timestamps()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues(v => (long)v.Length).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "xyz", 1);
        input.PipeInput("b", "", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadRecordsToList().Should().Equal(
            new TestRecord<string?, long>("a", 3, 1),
            new TestRecord<string?, long>("b", 0, 2));
    }

    [Fact]
    public void MapValues_with_key_sees_the_key()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues((key, value) => $"{key}/{value}").To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v");

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadKeyValue().Should().Be(new KeyValuePair<string?, string?>("k", "k/v"));
    }

    [Fact]
    public void FlatMapValues_forwards_each_value_in_order_with_the_input_key_and_timestamp()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .FlatMapValues((_, value) => value.Length == 0 ? null : value.Split(' '))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "one two three", 5);
        input.PipeInput("b", "", 6);
        input.PipeInput("c", "four", 7);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("a", "one", 5L), ("a", "two", 5L), ("a", "three", 5L), ("c", "four", 7L));
    }

    [Fact]
    public void SelectKey_sets_a_new_key_and_keeps_the_value()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").SelectKey((_, value) => value[..1]).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("1", "apple"), new("2", "banana")]);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("a", "apple"), ("b", "banana"));
    }

    [Fact]
    public void Key_changing_operators_make_a_later_GroupByKey_repartition()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .SelectKey((_, value) => value)
            .GroupByKey(Grouped<string, string>.As("rekeyed"))
            .Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("ignored", "x", 1);

        driver.ProducedTopicNames.Should().Contain("test-driver-rekeyed-repartition");
        driver.GetKeyValueStore<string, long>("counts")!.Get("x").Should().Be(1);
    }

    [Fact]
    public void Value_only_operators_do_not_repartition_before_GroupByKey()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .MapValues(v => v + "!")
            .Filter((_, _) => true)
            .GroupByKey()
            .Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "x", 1);

        driver.ProducedTopicNames.Should().BeEquivalentTo("test-driver-counts-changelog");
    }
}
