using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>Custom partitioners on <c>To</c> and <c>Repartition</c>, as Kafka Streams' <c>Produced/Repartitioned.withStreamPartitioner</c>, under the driver (one partition per topic).</summary>
public class StreamPartitionerTests
{
    [Fact]
    public void To_asks_the_partitioner_with_the_topic_and_its_single_driver_partition()
    {
        var calls = new List<(string Topic, string? Key, string? Value, int Count)>();
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in")
            .To("out", Produced<string?, string?>.StreamPartitioner(new Recording(calls, _ => new HashSet<int> { 0 })));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        calls.Should().Equal(("out", "k", "v", 1));
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("k", "v"));
    }

    [Fact]
    public void To_drops_and_counts_a_record_the_partitioner_sends_nowhere()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in")
            .To("out", Produced<string?, string?>.StreamPartitioner(new Recording([], key => key == "drop" ? new HashSet<int>() : null)));
        using var drops = new DroppedRecordsMeter();
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("drop", "a", 1);
        input.PipeInput("keep", "b", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("keep", "b"));
        drops.Reasons.Should().Equal("no partition");
    }

    [Fact]
    public void Repartition_writes_its_topic_through_the_partitioner()
    {
        var calls = new List<(string Topic, string? Key, string? Value, int Count)>();
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in")
            .Repartition(Repartitioned<string?, string?>.As("spread").WithStreamPartitioner(new Recording(calls, _ => new HashSet<int> { 0 })))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        calls.Should().Equal(("app-spread-repartition", "k", "v", 1));
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("k", "v"));
    }

    [Fact]
    public void A_partition_the_topic_does_not_have_fails_processing()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").To("out", Produced<string?, string?>.StreamPartitioner(new Recording([], _ => new HashSet<int> { 1 })));
        using var driver = new TopologyTestDriver(builder.Build());

        var act = () => driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        act.Should().Throw<StreamsException>().WithMessage("*partition 1*'out'*[0, 1)*");
    }

    private sealed class Recording(List<(string, string?, string?, int)> calls, Func<string?, IReadOnlySet<int>?> answer) : IStreamPartitioner<string?, string?>
    {
        public IReadOnlySet<int>? Partitions(string topic, string? key, string? value, int numPartitions)
        {
            calls.Add((topic, key, value, numPartitions));
            return answer(key);
        }
    }
}
