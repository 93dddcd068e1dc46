using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamImplTest.java</c>, through the
/// driver: the result tests of stateless operators, merge, repartition and toTable (the topology-description strings are
/// not compared: Streams' generated store and topic names differ by design, docs/naming-and-optimization.md). The null-argument checks of
/// the stateless operators are ported (<c>ArgumentNullException</c>); not ported: those of Named/Produced/Materialized/Grouped/Repartitioned
/// (optional parameters in C#, null means the default) and of joins, the removed transform/old-processor APIs, the join tests (joins
/// audit), pattern subscriptions and timestamp-extractor wiring (internals).
/// </summary>
public class KStreamImplTest
{
    private static readonly Consumed<string?, string?> StringConsumed = Consumed<string?, string?>.With(Serdes.String, Serdes.String);

    private static List<(string?, string?, long?)> Read(TopologyTestDriver driver, string topic) =>
        driver.CreateOutputTopic(topic, Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static TestInputTopic<string?, string?> Input(TopologyTestDriver driver, string topic) =>
        driver.CreateInputTopic(topic, Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);

    // KStreamImplTest#shouldSendDataThroughRepartitionTopicUsingRepartitioned.
    [Fact]
    public void ShouldSendDataThroughRepartitionTopicUsingRepartitioned()
    {
        var builder = new StreamsBuilder();
        builder.Stream("topic", StringConsumed).Repartition(Repartitioned<string?, string?>.With(Serdes.String, Serdes.String)).To("output");
        using var driver = new TopologyTestDriver(builder.Build());

        Input(driver, "topic").PipeInput("a", "b");

        Read(driver, "output").Should().Equal(("a", "b", 0L));
    }

    // KStreamImplTest#shouldSendDataToTopicUsingProduced: what is written to a topic is read back by its source.
    [Fact]
    public void ShouldSendDataToTopicUsingProduced()
    {
        var builder = new StreamsBuilder();
        builder.Stream("topic", StringConsumed).To("to-topic", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        builder.Stream("to-topic", StringConsumed).To("output");
        using var driver = new TopologyTestDriver(builder.Build());

        Input(driver, "topic").PipeInput("e", "f");

        Read(driver, "output").Should().Equal(("e", "f", 0L));
    }

    // KStreamImplTest#shouldSendDataToDynamicTopics: a topic-name extractor (Kafka's uses the record context's topic, "topic").
    [Fact]
    public void ShouldSendDataToDynamicTopics()
    {
        var builder = new StreamsBuilder();
        builder.Stream("topic", StringConsumed).To((key, value) => "topic-" + key + "-" + value![0], Produced<string?, string?>.With(Serdes.String, Serdes.String));
        builder.Stream("topic-a-v", StringConsumed).To("out-a");
        builder.Stream("topic-b-v", StringConsumed).To("out-b");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "topic");

        input.PipeInput("a", "v1");
        input.PipeInput("a", "v2");
        input.PipeInput("b", "v1");

        Read(driver, "out-a").Should().Equal(("a", "v1", 0L), ("a", "v2", 0L));
        Read(driver, "out-b").Should().Equal(("b", "v1", 0L));
    }

    // KStreamImplTest#shouldMergeTwoStreams.
    [Fact]
    public void ShouldMergeTwoStreams()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("topic-1").Merge(builder.Stream<string?, string?>("topic-2")).To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input1 = Input(driver, "topic-1");
        var input2 = Input(driver, "topic-2");

        input1.PipeInput("A", "aa");
        input2.PipeInput("B", "bb");
        input2.PipeInput("C", "cc");
        input1.PipeInput("D", "dd");

        Read(driver, "output").Should().Equal(("A", "aa", 0L), ("B", "bb", 0L), ("C", "cc", 0L), ("D", "dd", 0L));
    }

    // KStreamImplTest#shouldMergeMultipleStreams: records pass in arrival order with their own timestamps.
    [Fact]
    public void ShouldMergeMultipleStreams()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("topic-1")
            .Merge(builder.Stream<string?, string?>("topic-2"))
            .Merge(builder.Stream<string?, string?>("topic-3"))
            .Merge(builder.Stream<string?, string?>("topic-4"))
            .To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input1 = Input(driver, "topic-1");
        var input2 = Input(driver, "topic-2");
        var input3 = Input(driver, "topic-3");
        var input4 = Input(driver, "topic-4");

        input1.PipeInput("A", "aa", 1L);
        input2.PipeInput("B", "bb", 9L);
        input3.PipeInput("C", "cc", 2L);
        input4.PipeInput("D", "dd", 8L);
        input4.PipeInput("E", "ee", 3L);
        input3.PipeInput("F", "ff", 7L);
        input2.PipeInput("G", "gg", 4L);
        input1.PipeInput("H", "hh", 6L);

        Read(driver, "output").Should().Equal(
            ("A", "aa", 1L), ("B", "bb", 9L), ("C", "cc", 2L), ("D", "dd", 8L), ("E", "ee", 3L), ("F", "ff", 7L), ("G", "gg", 4L), ("H", "hh", 6L));
    }

    // KStreamImplTest#shouldMaterializeKTableFromKStream: the store holds the latest value per key.
    [Fact]
    public void ShouldMaterializeKTableFromKStream()
    {
        var builder = new StreamsBuilder();
        builder.Stream("input", StringConsumed).ToTable(Materialized<string?, string?>.As(Stores.InMemoryKeyValueStore("store")));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        var store = driver.GetKeyValueStore<string?, string?>("store")!;

        input.PipeInput("A", "01");
        input.PipeInput("B", "02");
        input.PipeInput("A", "03");

        store.Get("A").Should().Be("03");
        store.Get("B").Should().Be("02");
        store.ApproximateNumEntries.Should().Be(2);
    }

    private static void PipeSixRecords(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        input.PipeInput("A", "01", 5L);
        input.PipeInput("B", "02", 100L);
        input.PipeInput("C", "03", 0L);
        input.PipeInput("D", "04", 0L);
        input.PipeInput("A", "05", 10L);
        input.PipeInput("A", "06", 8L);
    }

    // KStreamImplTest#shouldSupportKeyChangeKTableFromKStream: a key change before ToTable goes through a repartition topic.
    [Fact]
    public void ShouldSupportKeyChangeKTableFromKStream()
    {
        var builder = new StreamsBuilder();
        builder.Stream("input", StringConsumed)
            .Map((key, value) => (key![0] - 'A', value))
            .ToTable(Materialized<int, string?>.With(Serdes.Int32, null))
            .ToStream().To("output", Produced<int, string?>.With(Serdes.Int32, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());

        PipeSixRecords(driver);

        driver.CreateOutputTopic("output", Serdes.Int32, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal((0, "01", 5L), (1, "02", 100L), (2, "03", 0L), (3, "04", 0L), (0, "05", 10L), (0, "06", 8L));
    }

    // KStreamImplTest#shouldSupportGroupByCountWithKStreamToKTable.
    [Fact]
    public void ShouldSupportGroupByCountWithKStreamToKTable()
    {
        var builder = new StreamsBuilder();
        builder.Stream("input", StringConsumed).ToTable()
            .GroupBy((_, v) => (v, v), Grouped<string?, string?>.With(Serdes.String, Serdes.String))
            .Count().ToStream().To("output", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "input");

        input.PipeInput("A", "green", 10L);
        input.PipeInput("B", "green", 9L);
        input.PipeInput("A", "blue", 12L);
        input.PipeInput("C", "yellow", 15L);
        input.PipeInput("D", "green", 11L);

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Int64).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("green", 1L, 10L), ("green", 2L, 10L), ("green", 1L, 12L), ("blue", 1L, 12L), ("yellow", 1L, 15L), ("green", 2L, 12L));
    }

    // KStreamImplTest#shouldSupportTriggerMaterializedWithKTableFromKStream.
    [Fact]
    public void ShouldSupportTriggerMaterializedWithKTableFromKStream()
    {
        var builder = new StreamsBuilder();
        builder.Stream("input", StringConsumed).ToTable()
            .MapValues((_, v) => v![0] - 'a', Materialized<string?, int>.As("store").WithKeySerde(Serdes.String).WithValueSerde(Serdes.Int32))
            .ToStream().To("output", Produced<string?, int>.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = Input(driver, "input");
        var store = driver.GetKeyValueStore<string?, int>("store")!;

        input.PipeInput("A", "green", 10L);
        input.PipeInput("B", "green", 9L);
        input.PipeInput("A", "blue", 12L);
        input.PipeInput("C", "yellow", 15L);
        input.PipeInput("D", "green", 11L);

        store.Get("A").Should().Be(1);
        store.Get("B").Should().Be(6);
        store.Get("C").Should().Be(24);
        store.Get("D").Should().Be(6);
        store.ApproximateNumEntries.Should().Be(4);
        driver.CreateOutputTopic("output", Serdes.String, Serdes.Int32).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("A", 6, 10L), ("B", 6, 9L), ("A", 1, 12L), ("C", 24, 15L), ("D", 6, 11L));
    }

    // KStreamImplTest#shouldNotMaterializedKTableFromKStream: every update passes through.
    [Fact]
    public void ShouldNotMaterializedKTableFromKStream()
    {
        var builder = new StreamsBuilder();
        builder.Stream("input", StringConsumed).ToTable().ToStream().To("output");
        using var driver = new TopologyTestDriver(builder.Build());

        PipeSixRecords(driver);

        Read(driver, "output").Should().Equal(("A", "01", 5L), ("B", "02", 100L), ("C", "03", 0L), ("D", "04", 0L), ("A", "05", 10L), ("A", "06", 8L));
    }

    private static IKStream<string?, string?> NewStream() => new StreamsBuilder().Stream("topic", StringConsumed);

    // KStreamImplTest#shouldNotAllowNullPredicateOnFilter.
    [Fact]
    public void ShouldNotAllowNullPredicateOnFilter()
    {
        var stream = NewStream();

        var act = () => stream.Filter(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullPredicateOnFilterNot.
    [Fact]
    public void ShouldNotAllowNullPredicateOnFilterNot()
    {
        var stream = NewStream();

        var act = () => stream.FilterNot(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullMapperOnSelectKey.
    [Fact]
    public void ShouldNotAllowNullMapperOnSelectKey()
    {
        var stream = NewStream();

        var act = () => stream.SelectKey<string?>(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullMapperOnMap.
    [Fact]
    public void ShouldNotAllowNullMapperOnMap()
    {
        var stream = NewStream();

        var act = () => stream.Map<string?, string?>(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullMapperOnMapValues.
    [Fact]
    public void ShouldNotAllowNullMapperOnMapValues()
    {
        var stream = NewStream();

        var act = () => stream.MapValues<string?>((Func<string?, string?>)null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullMapperOnMapValuesWithKey.
    [Fact]
    public void ShouldNotAllowNullMapperOnMapValuesWithKey()
    {
        var stream = NewStream();

        var act = () => stream.MapValues<string?>((Func<string?, string?, string?>)null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullMapperOnFlatMap.
    [Fact]
    public void ShouldNotAllowNullMapperOnFlatMap()
    {
        var stream = NewStream();

        var act = () => stream.FlatMap<string?, string?>(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullMapperOnFlatMapValues.
    [Fact]
    public void ShouldNotAllowNullMapperOnFlatMapValues()
    {
        var stream = NewStream();

        var act = () => stream.FlatMapValues<string?>(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullPrintedOnPrint.
    [Fact]
    public void ShouldNotAllowNullPrintedOnPrint()
    {
        var stream = NewStream();

        var act = () => stream.Print(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullActionOnForEach.
    [Fact]
    public void ShouldNotAllowNullActionOnForEach()
    {
        var stream = NewStream();

        var act = () => stream.Foreach(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullActionOnPeek.
    [Fact]
    public void ShouldNotAllowNullActionOnPeek()
    {
        var stream = NewStream();

        var act = () => stream.Peek(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullKStreamOnMerge.
    [Fact]
    public void ShouldNotAllowNullKStreamOnMerge()
    {
        var stream = NewStream();

        var act = () => stream.Merge(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullTopicOnTo.
    [Fact]
    public void ShouldNotAllowNullTopicOnTo()
    {
        var stream = NewStream();

        var act = () => stream.To((string)null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullTopicChooserOnTo.
    [Fact]
    public void ShouldNotAllowNullTopicChooserOnTo()
    {
        var stream = NewStream();

        var act = () => stream.To((Func<string?, string?, string>)null!);

        act.Should().Throw<ArgumentNullException>();
    }

    // KStreamImplTest#shouldNotAllowNullSelectorOnGroupBy.
    [Fact]
    public void ShouldNotAllowNullSelectorOnGroupBy()
    {
        var stream = NewStream();

        var act = () => stream.GroupBy<string?>(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}
