using System.Globalization;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/CogroupedKStreamImplTest.java</c>,
/// the aggregation result cases, through the driver. Not ported: the null-argument tests (C# nullability), the
/// processor/repartition naming and topology-shape tests (naming and optimization are another audit's area), and
/// the session/sliding window cases (Streams' cogroup windows by time windows only).
/// </summary>
public class CogroupedKStreamImplTest
{
    private static IKGroupedStream<string, string> Grouped(StreamsBuilder builder, string topic) =>
        builder.Stream<string, string>(topic, Consumed<string, string>.With(Serdes.String!, Serdes.String!)).GroupByKey();

    private static void Write(IKTable<string, string> table) => table.ToStream().To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));

    private static void Write(IKTable<string, int> table) => table.ToStream().To("output", Produced<string, int>.With(Serdes.String!, Serdes.Int32));

    private static List<(string?, T, long?)> Read<T>(TopologyTestDriver driver, ISerde<T> serde) =>
        driver.CreateOutputTopic("output", Serdes.String, serde).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static int Parse(string v) => int.Parse(v, CultureInfo.InvariantCulture);

    // CogroupedKStreamImplTest#shouldCogroupAndAggregateSingleKStreams
    [Fact]
    public void ShouldCogroupAndAggregateSingleKStreams()
    {
        var builder = new StreamsBuilder();
        Write(Grouped(builder, "one").Cogroup<string>((_, v, agg) => agg + v).Aggregate(() => ""));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "B", 0);
        input.PipeInput("k2", "B", 0);
        input.PipeInput("k1", "A", 0);

        Read(driver, Serdes.String).Should().Equal(("k1", "A", 0L), ("k2", "B", 0L), ("k2", "BB", 0L), ("k1", "AA", 0L));
    }

    // CogroupedKStreamImplTest#testCogroupHandleNullValues: a null value is skipped.
    [Fact]
    public void TestCogroupHandleNullValues()
    {
        var builder = new StreamsBuilder();
        Write(Grouped(builder, "one").Cogroup<string>((_, v, agg) => agg + v).Aggregate(() => ""));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        input.PipeInput("k1", "A", 0);
        input.PipeInput("k2", "B", 0);
        input.PipeInput("k2", null, 0);
        input.PipeInput("k2", "B", 0);
        input.PipeInput("k1", "A", 0);

        Read(driver, Serdes.String).Should().Equal(("k1", "A", 0L), ("k2", "B", 0L), ("k2", "BB", 0L), ("k1", "AA", 0L));
    }

    // CogroupedKStreamImplTest#shouldCogroupAndAggregateTwoKStreamsWithDistinctKeys: the result timestamp is the largest seen.
    [Fact]
    public void ShouldCogroupAndAggregateTwoKStreamsWithDistinctKeys()
    {
        var builder = new StreamsBuilder();
        Write(Grouped(builder, "one").Cogroup<string>((_, v, agg) => agg + v).Cogroup(Grouped(builder, "two"), (_, v, agg) => agg + v).Aggregate(() => ""));
        using var driver = new TopologyTestDriver(builder.Build());
        var one = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        var two = driver.CreateInputTopic("two", Serdes.String, Serdes.String);
        foreach (var t in new long[] { 0, 1, 10, 100 })
        {
            one.PipeInput("k1", "A", t);
        }

        foreach (var t in new long[] { 100, 200, 1, 500, 500, 100 })
        {
            two.PipeInput("k2", "B", t);
        }

        Read(driver, Serdes.String).Should().Equal(
            ("k1", "A", 0L), ("k1", "AA", 1L), ("k1", "AAA", 10L), ("k1", "AAAA", 100L),
            ("k2", "B", 100L), ("k2", "BB", 200L), ("k2", "BBB", 200L), ("k2", "BBBB", 500L), ("k2", "BBBBB", 500L), ("k2", "BBBBBB", 500L));
    }

    // CogroupedKStreamImplTest#shouldCogroupAndAggregateTwoKStreamsWithSharedKeys (Kafka asserts the first ten records).
    [Fact]
    public void ShouldCogroupAndAggregateTwoKStreamsWithSharedKeys()
    {
        var builder = new StreamsBuilder();
        Write(Grouped(builder, "one").Cogroup<string>((_, v, agg) => agg + v).Cogroup(Grouped(builder, "two"), (_, v, agg) => agg + v).Aggregate(() => ""));
        using var driver = new TopologyTestDriver(builder.Build());
        var one = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        var two = driver.CreateInputTopic("two", Serdes.String, Serdes.String);
        one.PipeInput("k1", "A", 0);
        one.PipeInput("k2", "A", 1);
        one.PipeInput("k1", "A", 10);
        one.PipeInput("k2", "A", 100);
        two.PipeInput("k2", "B", 100);
        two.PipeInput("k2", "B", 200);
        two.PipeInput("k1", "B", 1);
        two.PipeInput("k2", "B", 500);
        two.PipeInput("k1", "B", 500);
        two.PipeInput("k2", "B", 500);
        two.PipeInput("k3", "B", 500);
        two.PipeInput("k2", "B", 100);

        Read(driver, Serdes.String).Take(10).Should().Equal(
            ("k1", "A", 0L), ("k2", "A", 1L), ("k1", "AA", 10L), ("k2", "AA", 100L), ("k2", "AAB", 100L),
            ("k2", "AABB", 200L), ("k1", "AAB", 10L), ("k2", "AABBB", 500L), ("k1", "AABB", 500L), ("k2", "AABBBB", 500L));
    }

    // CogroupedKStreamImplTest#shouldAllowDifferentOutputTypeInCoGroup (Kafka asserts the first ten records).
    [Fact]
    public void ShouldAllowDifferentOutputTypeInCoGroup()
    {
        var builder = new StreamsBuilder();
        Write(Grouped(builder, "one").Cogroup<int>((_, v, agg) => agg + Parse(v)).Cogroup(Grouped(builder, "two"), (_, v, agg) => agg + Parse(v))
            .Aggregate(() => 0, Materialized<string, int>.As("store1").WithValueSerde(Serdes.Int32)));
        using var driver = new TopologyTestDriver(builder.Build());
        var one = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        var two = driver.CreateInputTopic("two", Serdes.String, Serdes.String);
        one.PipeInput("k1", "1", 0);
        one.PipeInput("k2", "1", 1);
        one.PipeInput("k1", "1", 10);
        one.PipeInput("k2", "1", 100);
        two.PipeInput("k2", "2", 100);
        two.PipeInput("k2", "2", 200);
        two.PipeInput("k1", "2", 1);
        two.PipeInput("k2", "2", 500);
        two.PipeInput("k1", "2", 500);
        two.PipeInput("k2", "3", 500);
        two.PipeInput("k3", "2", 500);
        two.PipeInput("k2", "2", 100);

        Read(driver, Serdes.Int32).Take(10).Should().Equal(
            ("k1", 1, 0L), ("k2", 1, 1L), ("k1", 2, 10L), ("k2", 2, 100L), ("k2", 4, 100L),
            ("k2", 6, 200L), ("k1", 4, 10L), ("k2", 8, 500L), ("k1", 6, 500L), ("k2", 11, 500L));
    }

    // CogroupedKStreamImplTest#shouldCoGroupStreamsWithDifferentInputTypes (Kafka asserts the first eleven records).
    [Fact]
    public void ShouldCoGroupStreamsWithDifferentInputTypes()
    {
        var builder = new StreamsBuilder();
        var grouped2 = builder.Stream<string, int>("two", Consumed<string, int>.With(Serdes.String!, Serdes.Int32)).GroupByKey();
        Write(Grouped(builder, "one").Cogroup<int>((_, v, agg) => agg + Parse(v)).Cogroup(grouped2, (_, v, agg) => agg + v)
            .Aggregate(() => 0, Materialized<string, int>.As("store1").WithValueSerde(Serdes.Int32)));
        using var driver = new TopologyTestDriver(builder.Build());
        var one = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        var two = driver.CreateInputTopic("two", Serdes.String, Serdes.Int32);
        one.PipeInput("k1", "1", 0);
        one.PipeInput("k2", "1", 1);
        one.PipeInput("k1", "1", 10);
        one.PipeInput("k2", "1", 100);
        two.PipeInput("k2", 2, 100);
        two.PipeInput("k2", 2, 200);
        two.PipeInput("k1", 2, 1);
        two.PipeInput("k2", 2, 500);
        two.PipeInput("k1", 2, 500);
        two.PipeInput("k2", 3, 500);
        two.PipeInput("k3", 2, 500);
        two.PipeInput("k2", 2, 100);

        Read(driver, Serdes.Int32).Take(11).Should().Equal(
            ("k1", 1, 0L), ("k2", 1, 1L), ("k1", 2, 10L), ("k2", 2, 100L), ("k2", 4, 100L),
            ("k2", 6, 200L), ("k1", 4, 10L), ("k2", 8, 500L), ("k1", 6, 500L), ("k2", 11, 500L), ("k3", 2, 500L));
    }

    // CogroupedKStreamImplTest#testCogroupKeyMixedAggregators: each stream keeps its own aggregator.
    [Fact]
    public void TestCogroupKeyMixedAggregators()
    {
        var builder = new StreamsBuilder();
        Write(Grouped(builder, "one").Cogroup<string>((_, v, agg) => agg + "-" + v).Cogroup(Grouped(builder, "two"), (_, v, agg) => agg + "+" + v)
            .Aggregate(() => "0", Materialized<string, string>.As("store1").WithValueSerde(Serdes.String!)));
        using var driver = new TopologyTestDriver(builder.Build());
        var one = driver.CreateInputTopic("one", Serdes.String, Serdes.String);
        var two = driver.CreateInputTopic("two", Serdes.String, Serdes.String);
        one.PipeInput("k1", "1", 0);
        one.PipeInput("k2", "1", 1);
        one.PipeInput("k1", "1", 10);
        one.PipeInput("k2", "1", 100);
        two.PipeInput("k1", "2", 500);
        two.PipeInput("k2", "2", 500);
        two.PipeInput("k1", "2", 500);
        two.PipeInput("k2", "2", 100);

        Read(driver, Serdes.String).Should().Equal(
            ("k1", "0-1", 0L), ("k2", "0-1", 1L), ("k1", "0-1-1", 10L), ("k2", "0-1-1", 100L),
            ("k1", "0-1-1+2", 500L), ("k2", "0-1-1+2", 500L), ("k1", "0-1-1+2+2", 500L), ("k2", "0-1-1+2+2", 500L));
    }
}
