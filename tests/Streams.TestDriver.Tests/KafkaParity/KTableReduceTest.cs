using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableReduceTest.java</c>. Kafka drives
/// the <c>KTableReduce</c> processor with a mocked context and sets of strings; here a table is re-grouped by its own key
/// (each value a comma-separated set) and reduced with union and difference, and the store is read.
/// </summary>
public class KTableReduceTest
{
    private static string? Union(string? left, string? right)
    {
        left.Should().NotBeNull();
        right.Should().NotBeNull();
        return string.Join(',', Set(left).Union(Set(right)).Order(StringComparer.Ordinal));
    }

    private static string? Difference(string? left, string? right)
    {
        left.Should().NotBeNull();
        right.Should().NotBeNull();
        return string.Join(',', Set(left).Except(Set(right)).Order(StringComparer.Ordinal));
    }

    private static string[] Set(string? s) => s!.Split(',', StringSplitOptions.RemoveEmptyEntries);

    // KTableReduceTest#shouldAddAndSubtract: {a}@10, then {b}@15 (subtract {a}, add {b}), then a delete@12 leaves the empty
    // set with the larger timestamp, 15.
    [Fact]
    public void ShouldAddAndSubtract()
    {
        var builder = new StreamsBuilder();
        builder.Table("input", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((k, v) => (k, v), Grouped<string?, string?>.With(Serdes.String, Serdes.String))
            .Reduce(Union, Difference, Materialized<string?, string?>.As("myStore"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        var store = driver.GetTimestampedKeyValueStore<string?, string?>("myStore")!;

        input.PipeInput("A", "a", 10L);
        store.Get("A").Should().Be(new ValueAndTimestamp<string?>("a", 10L));
        input.PipeInput("A", "b", 15L);
        store.Get("A").Should().Be(new ValueAndTimestamp<string?>("b", 15L));
        input.PipeInput("A", null, 12L);
        store.Get("A").Should().Be(new ValueAndTimestamp<string?>("", 15L));
    }
}
