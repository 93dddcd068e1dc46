using System.Globalization;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/CogroupedKStreamImplTest.java</c>,
/// through the driver: the non-windowed result tests. Each Kafka test reads the first output records one by one; here the
/// same leading records are compared. Not ported: null-argument checks (C# non-nullable parameters), the processor-name and
/// repartition-topology tests (topology-description strings; Streams' generated names differ by design),
/// <c>testCogroupWithKTableKTableInnerJoin</c> (joins audit), the windowed cogroup (windows audit).
/// </summary>
public class CogroupedKStreamImplTest
{
    private static readonly Consumed<string?, string?> StringConsumed = Consumed<string?, string?>.With(Serdes.String, Serdes.String);

    private static string? StringAggregator(string? key, string? value, string? aggregate) => aggregate + value;

    private static int StringSumAggregator(string? key, string? value, int aggregate) => aggregate + int.Parse(value!, CultureInfo.InvariantCulture);

    private static List<(string?, T, long?)> Read<T>(TopologyTestDriver driver, ISerde<T> serde) =>
        driver.CreateOutputTopic("output", Serdes.String, serde).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static TestInputTopic<string?, string?> Input(TopologyTestDriver driver, string topic) => driver.CreateInputTopic(topic, Serdes.String, Serdes.String);

    // CogroupedKStreamImplTest#shouldCogroupAndAggregateSingleKStreams.
    [Fact]
    public void ShouldCogroupAndAggregateSingleKStreams()
    {
        var builder = new StreamsBuilder();
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<string?>(StringAggregator).Aggregate(() => "").ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "one");
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
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<string?>(StringAggregator).Aggregate(() => "").ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "one");
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
        var grouped2 = builder.Stream("two", StringConsumed).GroupByKey();
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<string?>(StringAggregator).Cogroup(grouped2, StringAggregator)
            .Aggregate(() => "").ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "one");
        var input2 = Input(driver, "two");
        foreach (var t in new long[] { 0, 1, 10, 100 })
        {
            input.PipeInput("k1", "A", t);
        }

        foreach (var t in new long[] { 100, 200, 1, 500, 500, 100 })
        {
            input2.PipeInput("k2", "B", t);
        }

        Read(driver, Serdes.String).Should().Equal(
            ("k1", "A", 0L), ("k1", "AA", 1L), ("k1", "AAA", 10L), ("k1", "AAAA", 100L),
            ("k2", "B", 100L), ("k2", "BB", 200L), ("k2", "BBB", 200L), ("k2", "BBBB", 500L), ("k2", "BBBBB", 500L), ("k2", "BBBBBB", 500L));
    }

    private static void PipeShared<T>(TopologyTestDriver driver, Func<TopologyTestDriver, TestInputTopic<string?, T>> second, T[] values, string first = "1")
    {
        var input = Input(driver, "one");
        input.PipeInput("k1", first, 0L);
        input.PipeInput("k2", first, 1L);
        input.PipeInput("k1", first, 10L);
        input.PipeInput("k2", first, 100L);
        var input2 = second(driver);
        (string, long)[] keys = [("k2", 100L), ("k2", 200L), ("k1", 1L), ("k2", 500L), ("k1", 500L), ("k2", 500L), ("k3", 500L), ("k2", 100L)];
        for (var i = 0; i < keys.Length; i++)
        {
            input2.PipeInput(keys[i].Item1, values[i], keys[i].Item2);
        }
    }

    // CogroupedKStreamImplTest#shouldCogroupAndAggregateTwoKStreamsWithSharedKeys.
    [Fact]
    public void ShouldCogroupAndAggregateTwoKStreamsWithSharedKeys()
    {
        var builder = new StreamsBuilder();
        var grouped2 = builder.Stream("two", StringConsumed).GroupByKey();
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<string?>(StringAggregator).Cogroup(grouped2, StringAggregator)
            .Aggregate(() => "").ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());

        PipeShared(driver, d => Input(d, "two"), ["B", "B", "B", "B", "B", "B", "B", "B"], "A");

        Read(driver, Serdes.String).Take(10).Should().Equal(
            ("k1", "A", 0L), ("k2", "A", 1L), ("k1", "AA", 10L), ("k2", "AA", 100L), ("k2", "AAB", 100L),
            ("k2", "AABB", 200L), ("k1", "AAB", 10L), ("k2", "AABBB", 500L), ("k1", "AABB", 500L), ("k2", "AABBBB", 500L));
    }

    // CogroupedKStreamImplTest#shouldAllowDifferentOutputTypeInCoGroup.
    [Fact]
    public void ShouldAllowDifferentOutputTypeInCoGroup()
    {
        var builder = new StreamsBuilder();
        var grouped2 = builder.Stream("two", StringConsumed).GroupByKey();
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<int>(StringSumAggregator).Cogroup(grouped2, StringSumAggregator)
            .Aggregate(() => 0, Materialized<string?, int>.As("store1").WithValueSerde(Serdes.Int32))
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        PipeShared(driver, d => Input(d, "two"), ["2", "2", "2", "2", "2", "3", "2", "2"]);

        Read(driver, Serdes.Int32).Take(10).Should().Equal(
            ("k1", 1, 0L), ("k2", 1, 1L), ("k1", 2, 10L), ("k2", 2, 100L), ("k2", 4, 100L),
            ("k2", 6, 200L), ("k1", 4, 10L), ("k2", 8, 500L), ("k1", 6, 500L), ("k2", 11, 500L));
    }

    // CogroupedKStreamImplTest#shouldCoGroupStreamsWithDifferentInputTypes.
    [Fact]
    public void ShouldCoGroupStreamsWithDifferentInputTypes()
    {
        var builder = new StreamsBuilder();
        var grouped2 = builder.Stream("two", Consumed<string?, int>.With(Serdes.String, Serdes.Int32)).GroupByKey();
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<int>(StringSumAggregator).Cogroup(grouped2, (_, v, agg) => agg + v)
            .Aggregate(() => 0, Materialized<string?, int>.As("store1").WithValueSerde(Serdes.Int32))
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        PipeShared(driver, d => d.CreateInputTopic("two", Serdes.String, Serdes.Int32), [2, 2, 2, 2, 2, 3, 2, 2]);

        Read(driver, Serdes.Int32).Take(11).Should().Equal(
            ("k1", 1, 0L), ("k2", 1, 1L), ("k1", 2, 10L), ("k2", 2, 100L), ("k2", 4, 100L),
            ("k2", 6, 200L), ("k1", 4, 10L), ("k2", 8, 500L), ("k1", 6, 500L), ("k2", 11, 500L), ("k3", 2, 500L));
    }

    // CogroupedKStreamImplTest#testCogroupKeyMixedAggregators: each input keeps its own aggregator.
    [Fact]
    public void TestCogroupKeyMixedAggregators()
    {
        var builder = new StreamsBuilder();
        var grouped2 = builder.Stream("two", StringConsumed).GroupByKey();
        builder.Stream("one", StringConsumed).GroupByKey()
            .Cogroup<string?>((_, v, agg) => agg + "-" + v)
            .Cogroup(grouped2, (_, v, agg) => agg + "+" + v)
            .Aggregate(() => "0", Materialized<string?, string?>.As("store1").WithValueSerde(Serdes.String))
            .ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "one");
        var input2 = Input(driver, "two");
        input.PipeInput("k1", "1", 0L);
        input.PipeInput("k2", "1", 1L);
        input.PipeInput("k1", "1", 10L);
        input.PipeInput("k2", "1", 100L);
        input2.PipeInput("k1", "2", 500L);
        input2.PipeInput("k2", "2", 500L);
        input2.PipeInput("k1", "2", 500L);
        input2.PipeInput("k2", "2", 100L);

        Read(driver, Serdes.String).Should().Equal(
            ("k1", "0-1", 0L), ("k2", "0-1", 1L), ("k1", "0-1-1", 10L), ("k2", "0-1-1", 100L),
            ("k1", "0-1-1+2", 500L), ("k2", "0-1-1+2", 500L), ("k1", "0-1-1+2+2", 500L), ("k2", "0-1-1+2+2", 500L));
    }

    // CogroupedKStreamImplTest#testCogroupWithThreeGroupedStreams.
    [Fact]
    public void TestCogroupWithThreeGroupedStreams()
    {
        var builder = new StreamsBuilder();
        var grouped2 = builder.Stream("two", StringConsumed).GroupByKey();
        var grouped3 = builder.Stream("three", StringConsumed).GroupByKey();
        builder.Stream("one", StringConsumed).GroupByKey().Cogroup<string?>(StringAggregator).Cogroup(grouped2, StringAggregator)
            .Cogroup(grouped3, StringAggregator).Aggregate(() => "").ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "one");
        var input2 = Input(driver, "two");
        var input3 = Input(driver, "three");
        input.PipeInput("k1", "A", 0L);
        input.PipeInput("k2", "A", 1L);
        input.PipeInput("k1", "A", 10L);
        input.PipeInput("k2", "A", 100L);
        input2.PipeInput("k2", "B", 100L);
        input2.PipeInput("k2", "B", 200L);
        input2.PipeInput("k1", "B", 1L);
        input2.PipeInput("k2", "B", 500L);
        input3.PipeInput("k1", "B", 500L);
        input3.PipeInput("k2", "B", 500L);
        input3.PipeInput("k3", "B", 500L);
        input3.PipeInput("k2", "B", 100L);

        Read(driver, Serdes.String).Take(11).Should().Equal(
            ("k1", "A", 0L), ("k2", "A", 1L), ("k1", "AA", 10L), ("k2", "AA", 100L), ("k2", "AAB", 100L), ("k2", "AABB", 200L),
            ("k1", "AAB", 10L), ("k2", "AABBB", 500L), ("k1", "AABB", 500L), ("k2", "AABBBB", 500L), ("k3", "B", 500L));
    }
}
