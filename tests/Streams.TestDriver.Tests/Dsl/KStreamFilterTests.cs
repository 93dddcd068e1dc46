using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamFilterTests
{
    [Fact]
    public void Filter_keeps_the_records_that_satisfy_the_predicate_unchanged()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Filter((key, value) => key.StartsWith('k') && value.Length > 1).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k1", "long", 10);
        input.PipeInput("x1", "long", 11);
        input.PipeInput("k2", "s", 12);
        input.PipeInput("k3", "yes", 13);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Should().Equal(
            new TestRecord<string?, string?>("k1", "long", 10),
            new TestRecord<string?, string?>("k3", "yes", 13));
    }

    [Fact]
    public void FilterNot_drops_the_records_that_satisfy_the_predicate()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").FilterNot((_, value) => value % 2 == 0).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);

        input.PipeKeyValueList([new("a", 1L), new("b", 2L), new("c", 3L), new("d", 4L)]);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("a", 1L), ("c", 3L));
    }

    [Fact]
    public void Chained_filters_apply_both_predicates()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").Filter((_, v) => v > 1).FilterNot((_, v) => v > 3).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeValueList([1L, 2L, 3L, 4L]);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(2L, 3L);
    }
}
