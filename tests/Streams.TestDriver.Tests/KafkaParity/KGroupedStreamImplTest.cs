using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KGroupedStreamImplTest.java</c>, through
/// the driver: the non-windowed result tests. The windowed ones belong to the windows audit; the null- and invalid-argument
/// checks are C# non-nullable parameters; Kafka's log-capture assertions become the dropped-records metric.
/// </summary>
public class KGroupedStreamImplTest
{
    private readonly StreamsBuilder _builder = new();
    private readonly IKGroupedStream<string?, string?> _groupedStream;

    public KGroupedStreamImplTest() =>
        _groupedStream = _builder.Stream("topic", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey(Grouped<string?, string?>.With(Serdes.String, Serdes.String));

    private static void ProcessData(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        input.PipeInput("1", "A", 5L);
        input.PipeInput("2", "B", 1L);
        input.PipeInput("1", "C", 3L);
        input.PipeInput("1", "D", 10L);
        input.PipeInput("3", "E", 8L);
        input.PipeInput("3", "F", 9L);
        input.PipeInput("3", null);
    }

    // KGroupedStreamImplTest#shouldCountAndMaterializeResults: counts with the largest timestamp seen per key.
    [Fact]
    public void ShouldCountAndMaterializeResults()
    {
        _groupedStream.Count(Materialized<string?, long>.As("count").WithKeySerde(Serdes.String));
        using var driver = new TopologyTestDriver(_builder.Build());
        ProcessData(driver);

        var count = driver.GetKeyValueStore<string?, long>("count")!;
        count.Get("1").Should().Be(3L);
        count.Get("2").Should().Be(1L);
        count.Get("3").Should().Be(2L);
        var timestamped = driver.GetTimestampedKeyValueStore<string?, long>("count")!;
        timestamped.Get("1").Should().Be(new ValueAndTimestamp<long>(3L, 10L));
        timestamped.Get("2").Should().Be(new ValueAndTimestamp<long>(1L, 1L));
        timestamped.Get("3").Should().Be(new ValueAndTimestamp<long>(2L, 9L));
    }

    // KGroupedStreamImplTest#shouldLogAndMeasureSkipsInAggregate: the null value is skipped and counted.
    [Fact]
    public void ShouldLogAndMeasureSkipsInAggregate()
    {
        _groupedStream.Count(Materialized<string?, long>.As("count").WithKeySerde(Serdes.String));
        using var driver = new TopologyTestDriver(_builder.Build());
        using var drops = new DroppedRecordsMeter();

        ProcessData(driver);

        drops.Reasons.Should().ContainSingle();
    }

    // KGroupedStreamImplTest#shouldReduceAndMaterializeResults.
    [Fact]
    public void ShouldReduceAndMaterializeResults()
    {
        _groupedStream.Reduce((a, b) => a + "+" + b, Materialized<string?, string?>.As("reduce").WithKeySerde(Serdes.String).WithValueSerde(Serdes.String));
        using var driver = new TopologyTestDriver(_builder.Build());
        ProcessData(driver);

        var reduced = driver.GetKeyValueStore<string?, string?>("reduce")!;
        reduced.Get("1").Should().Be("A+C+D");
        reduced.Get("2").Should().Be("B");
        reduced.Get("3").Should().Be("E+F");
        var timestamped = driver.GetTimestampedKeyValueStore<string?, string?>("reduce")!;
        timestamped.Get("1").Should().Be(new ValueAndTimestamp<string?>("A+C+D", 10L));
        timestamped.Get("2").Should().Be(new ValueAndTimestamp<string?>("B", 1L));
        timestamped.Get("3").Should().Be(new ValueAndTimestamp<string?>("E+F", 9L));
    }

    // KGroupedStreamImplTest#shouldLogAndMeasureSkipsInReduce.
    [Fact]
    public void ShouldLogAndMeasureSkipsInReduce()
    {
        _groupedStream.Reduce((a, b) => a + "+" + b, Materialized<string?, string?>.As("reduce").WithKeySerde(Serdes.String).WithValueSerde(Serdes.String));
        using var driver = new TopologyTestDriver(_builder.Build());
        using var drops = new DroppedRecordsMeter();

        ProcessData(driver);

        drops.Reasons.Should().ContainSingle();
    }

    // KGroupedStreamImplTest#shouldAggregateAndMaterializeResults.
    [Fact]
    public void ShouldAggregateAndMaterializeResults()
    {
        _groupedStream.Aggregate(() => "0", (_, v, agg) => agg + "+" + v,
            Materialized<string?, string?>.As("aggregate").WithKeySerde(Serdes.String).WithValueSerde(Serdes.String));
        using var driver = new TopologyTestDriver(_builder.Build());
        ProcessData(driver);

        var aggregate = driver.GetKeyValueStore<string?, string?>("aggregate")!;
        aggregate.Get("1").Should().Be("0+A+C+D");
        aggregate.Get("2").Should().Be("0+B");
        aggregate.Get("3").Should().Be("0+E+F");
        var timestamped = driver.GetTimestampedKeyValueStore<string?, string?>("aggregate")!;
        timestamped.Get("1").Should().Be(new ValueAndTimestamp<string?>("0+A+C+D", 10L));
        timestamped.Get("2").Should().Be(new ValueAndTimestamp<string?>("0+B", 1L));
        timestamped.Get("3").Should().Be(new ValueAndTimestamp<string?>("0+E+F", 9L));
    }

    // KGroupedStreamImplTest#shouldAggregateWithDefaultSerdes: the last value and timestamp per key downstream.
    [Fact]
    public void ShouldAggregateWithDefaultSerdes()
    {
        _groupedStream.Aggregate<string?>(() => "0", (_, v, agg) => agg + "+" + v).ToStream().To("output");
        using var driver = new TopologyTestDriver(_builder.Build());
        ProcessData(driver);

        var last = driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadRecordsToList()
            .GroupBy(r => r.Key).ToDictionary(g => g.Key!, g => (g.Last().Value, g.Last().TimestampMs));
        last["1"].Should().Be(("0+A+C+D", 10L));
        last["2"].Should().Be(("0+B", 1L));
        last["3"].Should().Be(("0+E+F", 9L));
    }
}
