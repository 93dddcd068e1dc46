using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/TimeWindowedCogroupedKStreamImplTest.java</c>,
/// the result cases, through the driver: "topic" is aggregated with an adder (<c>agg + "+" + v</c>), "topic2" with a
/// remover (<c>agg + "-" + v</c>), tumbling windows of 500 ms. Kafka's null-argument tests are not ported (C#
/// nullability covers them), nor namedParamShouldSetName (processor naming, another audit's area).
/// </summary>
public class TimeWindowedCogroupedKStreamImplTest
{
    private static (IKGroupedStream<string, string> One, IKGroupedStream<string, string> Two) Grouped(StreamsBuilder builder) =>
        (builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!)).GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!)),
         builder.Stream<string, string>("topic2", Consumed<string, string>.With(Serdes.String!, Serdes.String!)).GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!)));

    private static void MixedCogroup(StreamsBuilder builder)
    {
        var (one, two) = Grouped(builder);
        Write(one.Cogroup<string>((_, v, agg) => agg + "+" + v).Cogroup(two, (_, v, agg) => agg + "-" + v)
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(500)))
            .Aggregate(() => "0", Materialized<string, string>.With(Serdes.String!, Serdes.String!)));
    }

    private static void Write(IKTable<Windowed<string>, string> table) =>
        table.ToStream().Map((k, v) => (k.Key, v)).To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));

    private static List<(string?, string?, long?)> Read(TopologyTestDriver driver) =>
        driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    // TimeWindowedCogroupedKStreamImplTest#timeWindowAggregateTestStreamsTest
    [Fact]
    public void TimeWindowAggregateTestStreamsTest()
    {
        var builder = new StreamsBuilder();
        MixedCogroup(builder);
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "A", 0);
        input.PipeInput("k2", "A", 1);
        input.PipeInput("k1", "A", 2);
        input.PipeInput("k1", "B", 3);
        input.PipeInput("k2", "B", 3);
        input.PipeInput("k2", "B", 4);
        input.PipeInput("k1", "B", 4);

        Read(driver).Should().Equal(
            ("k1", "0+A", 0L), ("k2", "0+A", 0L), ("k2", "0+A+A", 1L), ("k1", "0+A+A", 2L),
            ("k1", "0+A+A+B", 3L), ("k2", "0+A+A+B", 3L), ("k2", "0+A+A+B+B", 4L), ("k1", "0+A+A+B+B", 4L));
    }

    // TimeWindowedCogroupedKStreamImplTest#timeWindowMixAggregatorsTest
    [Fact]
    public void TimeWindowMixAggregatorsTest()
    {
        var builder = new StreamsBuilder();
        MixedCogroup(builder);
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        var input2 = driver.CreateInputTopic("topic2", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "A", 0);
        input.PipeInput("k2", "A", 1);
        input.PipeInput("k1", "A", 2);
        input2.PipeInput("k1", "B", 3);
        input2.PipeInput("k2", "B", 3);
        input2.PipeInput("k2", "B", 4);
        input2.PipeInput("k1", "B", 4);

        Read(driver).Should().Equal(
            ("k1", "0+A", 0L), ("k2", "0+A", 0L), ("k2", "0+A+A", 1L), ("k1", "0+A+A", 2L),
            ("k1", "0+A+A-B", 3L), ("k2", "0+A+A-B", 3L), ("k2", "0+A+A-B-B", 4L), ("k1", "0+A+A-B-B", 4L));
    }

    // TimeWindowedCogroupedKStreamImplTest#timeWindowAggregateManyWindowsTest
    [Fact]
    public void TimeWindowAggregateManyWindowsTest()
    {
        var builder = new StreamsBuilder();
        var (one, _) = Grouped(builder);
        Write(one.Cogroup<string>((_, v, agg) => agg + "+" + v).WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(500)))
            .Aggregate(() => "0", Materialized<string, string>.With(Serdes.String!, Serdes.String!)));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "A", 499);
        input.PipeInput("k2", "A", 500);
        input.PipeInput("k1", "A", 500);

        Read(driver).Should().Equal(("k1", "0+A", 0L), ("k2", "0+A", 499L), ("k2", "0+A", 500L), ("k1", "0+A", 500L));
    }

    // TimeWindowedCogroupedKStreamImplTest#timeWindowAggregateOverlappingWindowsTest: hopping windows (500, advance 200).
    [Fact]
    public void TimeWindowAggregateOverlappingWindowsTest()
    {
        var builder = new StreamsBuilder();
        var (one, _) = Grouped(builder);
        Write(one.Cogroup<string>((_, v, agg) => agg + "+" + v)
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(500)).AdvanceBy(TimeSpan.FromMilliseconds(200)))
            .Aggregate(() => "0", Materialized<string, string>.With(Serdes.String!, Serdes.String!)));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "A", 0);
        input.PipeInput("k1", "B", 250);
        input.PipeInput("k2", "B", 250);
        input.PipeInput("k2", "A", 500);
        input.PipeInput("k1", "A", 500);

        Read(driver).Should().Equal(
            ("k1", "0+A", 0L), ("k2", "0+A", 0L),
            ("k1", "0+A+B", 250L), ("k1", "0+B", 250L), ("k2", "0+A+B", 250L), ("k2", "0+B", 250L),
            ("k2", "0+B+A", 500L), ("k2", "0+A", 500L), ("k1", "0+B+A", 500L), ("k1", "0+A", 500L));
    }

    // TimeWindowedCogroupedKStreamImplTest#timeWindowMixAggregatorsManyWindowsTest
    [Fact]
    public void TimeWindowMixAggregatorsManyWindowsTest()
    {
        var builder = new StreamsBuilder();
        MixedCogroup(builder);
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        var input2 = driver.CreateInputTopic("topic2", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "A", 0);
        input.PipeInput("k2", "A", 1);
        input.PipeInput("k1", "A", 2);
        input2.PipeInput("k1", "B", 3);
        input2.PipeInput("k2", "B", 3);
        input2.PipeInput("k2", "B", 501);
        input2.PipeInput("k1", "B", 501);

        Read(driver).Should().Equal(
            ("k1", "0+A", 0L), ("k2", "0+A", 0L), ("k2", "0+A+A", 1L), ("k1", "0+A+A", 2L),
            ("k1", "0+A+A-B", 3L), ("k2", "0+A+A-B", 3L), ("k2", "0-B", 501L), ("k1", "0-B", 501L));
    }
}
