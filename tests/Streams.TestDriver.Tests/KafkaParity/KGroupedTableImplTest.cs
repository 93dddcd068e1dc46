using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KGroupedTableImplTest.java</c>, through
/// the driver: the result tests (the null- and invalid-argument checks are C# non-nullable parameters).
/// </summary>
public class KGroupedTableImplTest
{
    private static void AssertReduced(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.Double);
        var output = driver.CreateOutputTopic("output", Serdes.String, Serdes.Int32);
        var last = new Dictionary<string, (int, long?)>();
        void Drain()
        {
            foreach (var r in output.ReadRecordsToList())
            {
                last[r.Key!] = (r.Value, r.TimestampMs);
            }
        }

        input.PipeInput("A", 1.1, 10);
        input.PipeInput("B", 2.2, 11);
        Drain();
        last["A"].Should().Be((1, 10L));
        last["B"].Should().Be((2, 11L));

        input.PipeInput("A", 2.6, 30);
        input.PipeInput("B", 1.3, 30);
        input.PipeInput("A", 5.7, 50);
        input.PipeInput("B", 6.2, 20);
        Drain();
        last["A"].Should().Be((5, 50L));
        last["B"].Should().Be((6, 30L));
    }

    private static IKGroupedTable<string?, int> IntProjection(StreamsBuilder builder, bool materializedSource) =>
        (materializedSource
            ? builder.Table("input", Consumed<string?, double>.With(Serdes.String, Serdes.Double),
                Materialized<string?, double>.As("store").WithKeySerde(Serdes.String).WithValueSerde(Serdes.Double))
            : builder.Table("input", Consumed<string?, double>.With(Serdes.String, Serdes.Double)))
        .GroupBy((k, v) => (k, (int)v), Grouped<string?, int>.With(Serdes.String, Serdes.Int32));

    // KGroupedTableImplTest#shouldReduce.
    [Fact]
    public void ShouldReduce()
    {
        var builder = new StreamsBuilder();
        var reduced = IntProjection(builder, materializedSource: true).Reduce((a, b) => a + b, (a, b) => a - b, Materialized<string?, int>.As("reduced"));
        reduced.ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        AssertReduced(driver);
        reduced.QueryableStoreName.Should().Be("reduced");
    }

    // KGroupedTableImplTest#shouldReduceWithInternalStoreName.
    [Fact]
    public void ShouldReduceWithInternalStoreName()
    {
        var builder = new StreamsBuilder();
        var reduced = IntProjection(builder, materializedSource: true).Reduce((a, b) => a + b, (a, b) => a - b);
        reduced.ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        AssertReduced(driver);
        reduced.QueryableStoreName.Should().BeNull();
    }

    // KGroupedTableImplTest#shouldReduceAndMaterializeResults.
    [Fact]
    public void ShouldReduceAndMaterializeResults()
    {
        var builder = new StreamsBuilder();
        IntProjection(builder, materializedSource: false)
            .Reduce((a, b) => a + b, (a, b) => a - b, Materialized<string?, int>.As("reduce").WithKeySerde(Serdes.String).WithValueSerde(Serdes.Int32))
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        AssertReduced(driver);
        driver.GetKeyValueStore<string?, int>("reduce")!.Get("A").Should().Be(5);
        driver.GetKeyValueStore<string?, int>("reduce")!.Get("B").Should().Be(6);
        driver.GetTimestampedKeyValueStore<string?, int>("reduce")!.Get("A").Should().Be(new ValueAndTimestamp<int>(5, 50L));
        driver.GetTimestampedKeyValueStore<string?, int>("reduce")!.Get("B").Should().Be(new ValueAndTimestamp<int>(6, 30L));
    }

    private static void ProcessData(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        input.PipeInput("A", "1", 10L);
        input.PipeInput("B", "1", 50L);
        input.PipeInput("C", "1", 30L);
        input.PipeInput("D", "2", 40L);
        input.PipeInput("E", "2", 60L);
    }

    private static IKGroupedTable<string?, string?> SelectValue(StreamsBuilder builder) =>
        builder.Table("input", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => (v, v), Grouped<string?, string?>.With(Serdes.String, Serdes.String));

    // KGroupedTableImplTest#shouldCountAndMaterializeResults.
    [Fact]
    public void ShouldCountAndMaterializeResults()
    {
        var builder = new StreamsBuilder();
        SelectValue(builder).Count(Materialized<string?, long>.As("count").WithKeySerde(Serdes.String).WithValueSerde(Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        driver.GetKeyValueStore<string?, long>("count")!.Get("1").Should().Be(3L);
        driver.GetKeyValueStore<string?, long>("count")!.Get("2").Should().Be(2L);
        driver.GetTimestampedKeyValueStore<string?, long>("count")!.Get("1").Should().Be(new ValueAndTimestamp<long>(3L, 50L));
        driver.GetTimestampedKeyValueStore<string?, long>("count")!.Get("2").Should().Be(new ValueAndTimestamp<long>(2L, 60L));
    }

    // KGroupedTableImplTest#shouldAggregateAndMaterializeResults.
    [Fact]
    public void ShouldAggregateAndMaterializeResults()
    {
        var builder = new StreamsBuilder();
        SelectValue(builder).Aggregate(() => "0", (_, v, agg) => agg + "+" + v, (_, v, agg) => agg + "-" + v,
            Materialized<string?, string?>.As("aggregate").WithValueSerde(Serdes.String).WithKeySerde(Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        driver.GetKeyValueStore<string?, string?>("aggregate")!.Get("1").Should().Be("0+1+1+1");
        driver.GetKeyValueStore<string?, string?>("aggregate")!.Get("2").Should().Be("0+2+2");
        driver.GetTimestampedKeyValueStore<string?, string?>("aggregate")!.Get("1").Should().Be(new ValueAndTimestamp<string?>("0+1+1+1", 50L));
        driver.GetTimestampedKeyValueStore<string?, string?>("aggregate")!.Get("2").Should().Be(new ValueAndTimestamp<string?>("0+2+2", 60L));
    }
}
