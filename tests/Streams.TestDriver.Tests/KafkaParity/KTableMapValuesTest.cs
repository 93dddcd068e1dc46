using System.Globalization;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableMapValuesTest.java</c>, through the
/// driver. Value getters are read through the materialized stores; <c>testNotSendingOldValue</c>'s new values through
/// <c>ToStream</c>. Not ported: <c>shouldEnableSendingOldValuesOnParentIfMapValuesNotMaterialized</c>,
/// <c>shouldNotEnableSendingOldValuesOnParentIfMapValuesMaterialized</c> (internal <c>enableSendingOldValues</c>; Streams
/// always carries old values).
/// </summary>
public class KTableMapValuesTest
{
    private static readonly Consumed<string?, string?> StringConsumed = Consumed<string?, string?>.With(Serdes.String, Serdes.String);

    private static void DoTestKTable(StreamsBuilder builder)
    {
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic1", Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        input.PipeInput("A", "1", 5L);
        input.PipeInput("B", "2", 25L);
        input.PipeInput("C", "3", 20L);
        input.PipeInput("D", "4", 10L);

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Int32).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("A", 1, 5L), ("B", 2, 25L), ("C", 3, 20L), ("D", 4, 10L));
    }

    // KTableMapValuesTest#testKTable.
    [Fact]
    public void TestKTable()
    {
        var builder = new StreamsBuilder();
        builder.Table("topic1", StringConsumed).MapValues((_, v) => v![0] - 48)
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        DoTestKTable(builder);
    }

    // KTableMapValuesTest#testQueryableKTable.
    [Fact]
    public void TestQueryableKTable()
    {
        var builder = new StreamsBuilder();
        builder.Table("topic1", StringConsumed)
            .MapValues((_, v) => v![0] - 48, Materialized<string?, int>.As("anyName").WithValueSerde(Serdes.Int32))
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        DoTestKTable(builder);
    }

    // KTableMapValuesTest#testQueryableValueGetter: the materialized results, a delete of the source included.
    [Fact]
    public void TestQueryableValueGetter()
    {
        var builder = new StreamsBuilder();
        var table1 = builder.Table("topic1", StringConsumed);
        var table2 = table1.MapValues((_, s) => int.Parse(s!, CultureInfo.InvariantCulture), Materialized<string?, int>.As("store2").WithValueSerde(Serdes.Int32));
        var table3 = table1.MapValues((_, s) => int.Parse(s!, CultureInfo.InvariantCulture) * -1, Materialized<string?, int>.As("store3").WithValueSerde(Serdes.Int32));
        var table4 = table1.MapValues((_, s) => int.Parse(s!, CultureInfo.InvariantCulture));

        table2.QueryableStoreName.Should().Be("store2");
        table3.QueryableStoreName.Should().Be("store3");
        table4.QueryableStoreName.Should().BeNull();

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic1", Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var getter2 = driver.GetTimestampedKeyValueStore<string?, int>("store2")!;
        var getter3 = driver.GetTimestampedKeyValueStore<string?, int>("store3")!;

        input.PipeInput("A", "01", 50L);
        input.PipeInput("B", "01", 10L);
        input.PipeInput("C", "01", 30L);

        getter2.Get("A").Should().Be(new ValueAndTimestamp<int>(1, 50L));
        getter2.Get("B").Should().Be(new ValueAndTimestamp<int>(1, 10L));
        getter2.Get("C").Should().Be(new ValueAndTimestamp<int>(1, 30L));
        getter3.Get("A").Should().Be(new ValueAndTimestamp<int>(-1, 50L));
        getter3.Get("B").Should().Be(new ValueAndTimestamp<int>(-1, 10L));
        getter3.Get("C").Should().Be(new ValueAndTimestamp<int>(-1, 30L));

        input.PipeInput("A", "02", 25L);
        input.PipeInput("B", "02", 20L);

        getter2.Get("A").Should().Be(new ValueAndTimestamp<int>(2, 25L));
        getter2.Get("B").Should().Be(new ValueAndTimestamp<int>(2, 20L));
        getter2.Get("C").Should().Be(new ValueAndTimestamp<int>(1, 30L));
        getter3.Get("A").Should().Be(new ValueAndTimestamp<int>(-2, 25L));
        getter3.Get("B").Should().Be(new ValueAndTimestamp<int>(-2, 20L));
        getter3.Get("C").Should().Be(new ValueAndTimestamp<int>(-1, 30L));

        input.PipeInput("A", "03", 35L);

        getter2.Get("A").Should().Be(new ValueAndTimestamp<int>(3, 35L));
        getter2.Get("B").Should().Be(new ValueAndTimestamp<int>(2, 20L));
        getter2.Get("C").Should().Be(new ValueAndTimestamp<int>(1, 30L));
        getter3.Get("A").Should().Be(new ValueAndTimestamp<int>(-3, 35L));
        getter3.Get("B").Should().Be(new ValueAndTimestamp<int>(-2, 20L));
        getter3.Get("C").Should().Be(new ValueAndTimestamp<int>(-1, 30L));

        input.PipeInput("A", null, 1L);

        getter2.Get("A").Should().BeNull();
        getter2.Get("B").Should().Be(new ValueAndTimestamp<int>(2, 20L));
        getter2.Get("C").Should().Be(new ValueAndTimestamp<int>(1, 30L));
        getter3.Get("A").Should().BeNull();
        getter3.Get("B").Should().Be(new ValueAndTimestamp<int>(-2, 20L));
        getter3.Get("C").Should().Be(new ValueAndTimestamp<int>(-1, 30L));
    }

    // KTableMapValuesTest#testNotSendingOldValue: the new values Kafka's processor receives, a delete as null.
    [Fact]
    public void TestNotSendingOldValue()
    {
        var builder = new StreamsBuilder();
        builder.Table("topic1", StringConsumed).MapValues((_, s) => int.Parse(s!, CultureInfo.InvariantCulture))
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic1", Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var output = driver.CreateOutputTopic("output", Serdes.String, Serdes.Nullable(Serdes.Int32));

        input.PipeInput("A", "01", 5L);
        input.PipeInput("B", "01", 10L);
        input.PipeInput("C", "01", 15L);
        output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("A", 1, 5L), ("B", 1, 10L), ("C", 1, 15L));

        input.PipeInput("A", "02", 10L);
        input.PipeInput("B", "02", 8L);
        output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("A", 2, 10L), ("B", 2, 8L));

        input.PipeInput("A", "03", 20L);
        output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("A", 3, 20L));

        input.PipeInput("A", null, 30L);
        output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("A", (int?)null, 30L));
    }
}
