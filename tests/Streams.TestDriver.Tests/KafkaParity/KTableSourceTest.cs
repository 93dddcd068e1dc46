using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableSourceTest.java</c>, through the driver.</summary>
public class KTableSourceTest
{
    // KTableSourceTest#testKTable: every update and every delete of an existing key reaches the stream, with its timestamp.
    [Fact]
    public void TestKTable()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, int>("topic1", Consumed<string, int>.With(Serdes.String!, Serdes.Int32))
            .ToStream().To("output", Produced<string, int>.With(Serdes.String!, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic1", Serdes.String, Serdes.Nullable(Serdes.Int32));

        input.PipeInput("A", 1, 10);
        input.PipeInput("B", 2, 11);
        input.PipeInput("C", 3, 12);
        input.PipeInput("D", 4, 13);
        input.PipeInput("A", null, 14);
        input.PipeInput("B", null, 15);

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Nullable(Serdes.Int32)).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
                ("A", 1, 10L), ("B", 2, 11L), ("C", 3, 12L), ("D", 4, 13L), ("A", (int?)null, 14L), ("B", (int?)null, 15L));
    }

    // KTableSourceTest#testKTableSourceEmitOnChange is @Disabled in Kafka ("we have disabled KIP-557 until KAFKA-12508 can be
    // properly addressed"): its input, with every update forwarded, an update equal to the stored value included.
    [Fact]
    public void TestKTableSourceEmitOnChange()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, int>("topic1", Consumed<string, int>.With(Serdes.String!, Serdes.Int32), Materialized<string, int>.As("store"))
            .ToStream().To("output", Produced<string, int>.With(Serdes.String!, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic1", Serdes.String, Serdes.Int32);

        input.PipeInput("A", 1, 10);
        input.PipeInput("B", 2, 11);
        input.PipeInput("A", 1, 12);
        input.PipeInput("B", 3, 13);
        input.PipeInput("A", 1, 9);

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Int32).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
                ("A", 1, 10L), ("B", 2, 11L), ("A", 1, 12L), ("B", 3, 13L), ("A", 1, 9L));
    }

    // KTableSourceTest#kTableShouldLogAndMeterOnSkippedRecords: a null key is dropped and counted.
    [Fact]
    public void KTableShouldLogAndMeterOnSkippedRecords()
    {
        var builder = new StreamsBuilder();
        builder.Table<string?, string?>("topic").ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        using var drops = new DroppedRecordsMeter();

        driver.CreateInputTopic("topic", Serdes.String, Serdes.String).PipeInput(null, "value");

        drops.Reasons.Should().ContainSingle();
        driver.CreateOutputTopic("output", Serdes.String, Serdes.String).IsEmpty.Should().BeTrue();
    }
}
