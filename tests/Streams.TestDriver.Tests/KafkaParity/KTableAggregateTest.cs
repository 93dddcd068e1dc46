using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableAggregateTest.java</c>, through
/// the driver (caching on, as Kafka's test: the driver flushes after every record). Not ported:
/// <c>testShouldSendTransientStateWhenUpgrading</c> (<c>upgrade.from</c> 3.3 has no equivalent).
/// </summary>
public class KTableAggregateTest
{
    private static readonly Consumed<string?, string?> StringConsumed = Consumed<string?, string?>.With(Serdes.String, Serdes.String);
    private static readonly Grouped<string?, string?> StringGrouped = Grouped<string?, string?>.With(Serdes.String, Serdes.String);

    private static IKTable<string?, string?> ToStringAggregate(IKGroupedTable<string?, string?> grouped) =>
        grouped.Aggregate(() => "0", (_, v, agg) => agg + "+" + v, (_, v, agg) => agg + "-" + v,
            Materialized<string?, string?>.As("topic1-Canonized").WithValueSerde(Serdes.String));

    private static List<(string?, T, long?)> Read<T>(TopologyTestDriver driver, ISerde<T> serde) =>
        driver.CreateOutputTopic("output", Serdes.String, serde).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static TestInputTopic<string?, string?> Input(TopologyTestDriver driver, string topic) =>
        driver.CreateInputTopic(topic, Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);

    // KTableAggregateTest#testAggBasic: an update subtracts the old value then adds the new one, emitted once with the larger timestamp.
    [Fact]
    public void TestAggBasic()
    {
        var builder = new StreamsBuilder();
        ToStringAggregate(builder.Table("topic1", StringConsumed).GroupBy((k, v) => (k, v), StringGrouped)).ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "topic1");
        input.PipeInput("A", "1", 10L);
        input.PipeInput("B", "2", 15L);
        input.PipeInput("A", "3", 20L);
        input.PipeInput("B", "4", 18L);
        input.PipeInput("C", "5", 5L);
        input.PipeInput("D", "6", 25L);
        input.PipeInput("B", "7", 15L);
        input.PipeInput("C", "8", 10L);

        Read(driver, Serdes.String).Should().Equal(
            ("A", "0+1", 10L), ("B", "0+2", 15L), ("A", "0+1-1+3", 20L), ("B", "0+2-2+4", 18L),
            ("C", "0+5", 5L), ("D", "0+6", 25L), ("B", "0+2-2+4-4+7", 18L), ("C", "0+5-5+8", 10L));
    }

    private static (string?, string?) Regroup(string? key, string? value) => key switch
    {
        "null" => (null, value),
        "NULL" => (null, null), // Kafka's mapper returns a null KeyValue
        _ => (value, value),
    };

    private static void PipeRepartitionInput(TopologyTestDriver driver)
    {
        var input = Input(driver, "topic1");
        input.PipeInput("A", "1", 10L);
        input.PipeInput("A", null, 15L);
        input.PipeInput("A", "1", 12L);
        input.PipeInput("B", "2", 20L);
        input.PipeInput("null", "3", 25L);
        input.PipeInput("B", "4", 23L);
        input.PipeInput("NULL", "5", 24L);
        input.PipeInput("B", "7", 22L);
    }

    // KTableAggregateTest#testAggRepartition: rows move between groups; null selected keys are skipped.
    [Fact]
    public void TestAggRepartition()
    {
        var builder = new StreamsBuilder();
        ToStringAggregate(builder.Table("topic1", StringConsumed).GroupBy(Regroup, StringGrouped)).ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        PipeRepartitionInput(driver);

        Read(driver, Serdes.String).Should().Equal(
            ("1", "0+1", 10L), ("1", "0+1-1", 15L), ("1", "0+1-1+1", 15L), ("2", "0+2", 20L),
            ("2", "0+2-2", 23L), ("4", "0+4", 23L), ("4", "0+4-4", 23L), ("7", "0+7", 22L));
    }

    // KTableAggregateTest#testAggOfVersionedStore: out-of-order updates of a versioned source are ignored.
    [Fact]
    public void TestAggOfVersionedStore()
    {
        var builder = new StreamsBuilder();
        var table1 = builder.Table("topic1", StringConsumed,
            Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("versioned", TimeSpan.FromMinutes(5))));
        ToStringAggregate(table1.GroupBy(Regroup, StringGrouped)).ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        PipeRepartitionInput(driver);

        Read(driver, Serdes.String).Should().Equal(
            ("1", "0+1", 10L), ("1", "0+1-1", 15L), ("2", "0+2", 20L), ("2", "0+2-2", 23L), ("4", "0+4", 23L));
    }

    private static readonly (string?, long, long?)[] CountExpected =
        [("green", 1L, 10L), ("green", 2L, 10L), ("green", 1L, 12L), ("blue", 1L, 12L), ("yellow", 1L, 15L), ("green", 2L, 12L)];

    private static void TestCountHelper(StreamsBuilder builder, bool outOfOrder = false)
    {
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "count-test-input");
        input.PipeInput("A", "green", 10L);
        input.PipeInput("B", "green", 9L);
        input.PipeInput("A", "blue", 12L);
        if (outOfOrder)
        {
            input.PipeInput("A", "blue", 11L);
        }

        input.PipeInput("C", "yellow", 15L);
        input.PipeInput("D", "green", 11L);

        Read(driver, Serdes.Int64).Should().Equal(CountExpected);
    }

    // KTableAggregateTest#testCount.
    [Fact]
    public void TestCount()
    {
        var builder = new StreamsBuilder();
        builder.Table("count-test-input", StringConsumed).GroupBy((_, v) => (v, v), StringGrouped)
            .Count(Materialized<string?, long>.As("count")).ToStream().To("output", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        TestCountHelper(builder);
    }

    // KTableAggregateTest#testCountWithInternalStore.
    [Fact]
    public void TestCountWithInternalStore()
    {
        var builder = new StreamsBuilder();
        builder.Table("count-test-input", StringConsumed).GroupBy((_, v) => (v, v), StringGrouped)
            .Count().ToStream().To("output", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        TestCountHelper(builder);
    }

    // KTableAggregateTest#testCountOfVersionedStore: the out-of-order A=blue@11 is ignored.
    [Fact]
    public void TestCountOfVersionedStore()
    {
        var builder = new StreamsBuilder();
        builder.Table("count-test-input", StringConsumed,
                Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("versioned", TimeSpan.FromMinutes(5))))
            .GroupBy((_, v) => (v, v), StringGrouped)
            .Count().ToStream().To("output", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        TestCountHelper(builder, outOfOrder: true);
    }

    // KTableAggregateTest#testRemoveOldBeforeAddNew: within one group the subtractor runs before the adder.
    [Fact]
    public void TestRemoveOldBeforeAddNew()
    {
        var builder = new StreamsBuilder();
        builder.Table("count-test-input", StringConsumed)
            .GroupBy((k, _) => ((string?)k![0].ToString(), (string?)k[1].ToString()), StringGrouped)
            .Aggregate(() => "", (_, v, agg) => agg + v, (_, v, agg) => agg!.Replace(v!, "", StringComparison.Ordinal),
                Materialized<string?, string?>.As("someStore").WithValueSerde(Serdes.String))
            .ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "count-test-input");
        input.PipeInput("11", "A", 10L);
        input.PipeInput("12", "B", 8L);
        input.PipeInput("11", null, 12L);
        input.PipeInput("12", "C", 6L);

        Read(driver, Serdes.String).Should().Equal(("1", "1", 10L), ("1", "12", 10L), ("1", "2", 12L), ("1", "2", 12L));
    }

    // KTableAggregateTest#testShouldNotSendTransientStateIfNotUpgrading: an update within one group is one change, no 0 in between.
    [Fact]
    public void TestShouldNotSendTransientStateIfNotUpgrading()
    {
        var builder = new StreamsBuilder();
        builder.Table("input-topic", StringConsumed).GroupBy((k, v) => (k, v), StringGrouped)
            .Count().ToStream().To("output", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "input-topic");
        input.PipeInput("1", "", 8L);
        input.PipeInput("1", "", 9L);

        Read(driver, Serdes.Int64).Should().Equal(("1", 1L, 8L), ("1", 1L, 9L));
    }

    private sealed class NoEqualsImpl(string x)
    {
        public string X { get; } = x;
    }

    private sealed class NoEqualsImplSerde : ISerde<NoEqualsImpl?>
    {
        public byte[] Serialize(NoEqualsImpl? data, SerializationContext context) => data is null ? null! : Encoding.UTF8.GetBytes(data.X);

        public NoEqualsImpl? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            isNull ? null : new NoEqualsImpl(Encoding.UTF8.GetString(data));
    }

    private static void TestKeyWithNoEquals(Func<NoEqualsImpl?, NoEqualsImpl?, (NoEqualsImpl?, NoEqualsImpl?)> mapper, params (string, long, long)[] expected)
    {
        var serde = new NoEqualsImplSerde();
        var builder = new StreamsBuilder();
        builder.Table("input-topic", Consumed<NoEqualsImpl?, NoEqualsImpl?>.With(serde, serde))
            .GroupBy(mapper, Grouped<NoEqualsImpl?, NoEqualsImpl?>.With(serde, serde))
            .Count().ToStream().To("output", Produced<NoEqualsImpl?, long>.With(serde, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input-topic", serde, serde, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var a = new NoEqualsImpl("1");
        var b = new NoEqualsImpl("1");
        a.Should().NotBe(b);

        input.PipeInput(a, a, 8);
        input.PipeInput(b, b, 9);

        driver.CreateOutputTopic("output", serde, Serdes.Int64).ReadRecordsToList().Select(r => (r.Key!.X, r.Value, r.TimestampMs!.Value))
            .Should().Equal(expected);
    }

    // KTableAggregateTest#testNoEqualsAndNotSameObject: keys compared with Equals (here reference equality): a new key object
    // with no Equals is another group, so the subtraction and addition travel apart (a transient 0).
    [Fact]
    public void TestNoEqualsAndNotSameObject() =>
        TestKeyWithNoEquals((_, v) => (v, v), ("1", 1L, 8L), ("1", 0L, 9L), ("1", 1L, 9L));

    // KTableAggregateTest#testNoEqualsAndSameObject: the same key object is the same group.
    [Fact]
    public void TestNoEqualsAndSameObject() =>
        TestKeyWithNoEquals((k, v) => (k, v), ("1", 1L, 8L), ("1", 1L, 9L));
}
