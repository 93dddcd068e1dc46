using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamMergeFlatMapPrintRepartitionTests
{
    [Fact]
    public void Merge_forwards_the_records_of_both_streams()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream<string, string>("a");
        var b = builder.Stream<string, string>("b");
        a.Merge(b).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "from-a", 1);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "from-b", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("k", "from-a"), ("k", "from-b"));
    }

    [Fact]
    public void Merge_refuses_a_stream_of_another_builder()
    {
        var a = new StreamsBuilder().Stream<string, string>("a");
        var b = new StreamsBuilder().Stream<string, string>("b");

        a.Invoking(s => s.Merge(b)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void FlatMap_emits_zero_or_more_records_with_new_keys()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .FlatMap((_, line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => (w, (long)w.Length)))
            .To("out", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("x", "to be", 1);
        input.PipeInput("y", "", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("to", 2L), ("be", 2L));
    }

    [Fact]
    public void Print_writes_a_labelled_line_per_record()
    {
        var writer = new StringWriter();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Print(Printed<string, string>.ToWriter(writer).WithLabel("debug"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        writer.ToString().Should().Be("[debug]: k, v" + Environment.NewLine);
    }

    [Fact]
    public void Print_writes_null_keys_values_and_value_type_deletes_as_null_like_Kafka_Streams()
    {
        // Kafka Streams' Printed default mapper is String.format("%s, %s", key, value): null prints as "null".
        var writer = new StringWriter();
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").Print(Printed<string?, string?>.ToWriter(writer).WithLabel("s"));
        builder.Table("t", Consumed<string, double>.With(Serdes.String!, Serdes.Double)).ToStream()
            .Print(Printed<string, double>.ToWriter(writer).WithLabel("t"));
        using var driver = new TopologyTestDriver(builder.Build());
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput(null, null, 1);
            var table = driver.CreateInputTopic("t", Serdes.String, Serdes.Nullable(Serdes.Double));
            table.PipeInput("k", 1.5, 2);
            table.PipeInput("k", null, 3);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        writer.ToString().Should().Be(string.Join(Environment.NewLine, "[s]: null, null", "[t]: k, 1.5", "[t]: k, null", ""));
    }

    [Fact]
    public void Print_writes_booleans_as_Java_does()
    {
        var writer = new StringWriter();
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").MapValues(v => v == "yes").Print(Printed<string?, bool>.ToWriter(writer).WithLabel("b"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "yes", 1);
        input.PipeInput("b", "no", 2);

        writer.ToString().Should().Be(string.Join(Environment.NewLine, "[b]: a, true", "[b]: b, false", ""));
    }

    [Fact]
    public void Repartition_goes_through_an_internal_topic_and_a_new_subtopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .SelectKey((_, v) => v)
            .Repartition(Repartitioned<string, string>.As("by-value").WithNumberOfPartitions(6))
            .To("out");
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("v", "v"));
        driver.ProducedTopicNames.Should().Contain("test-driver-by-value-repartition");
        topology.Describe().Subtopologies.Should().HaveCount(2);
    }
}
