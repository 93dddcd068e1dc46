using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamWindowAggregateTest.java</c>,
/// through the driver. Kafka parameterizes every test by emit strategy (on window update / on window close) and caching;
/// the theories below do the same. Kafka's mock processors become output topics whose keys are <c>Windowed.ToString()</c>.
/// </summary>
public class KStreamWindowAggregateTest
{
    public static TheoryData<bool, bool> EmitStrategies => new() { { false, true }, { false, false }, { true, true }, { true, false } };

    private static Materialized<string, string> Store(string name, bool withCache)
    {
        var m = Materialized<string, string>.As(name).WithValueSerde(Serdes.String!);
        return withCache ? m.WithCachingEnabled() : m.WithCachingDisabled();
    }

    private static EmitStrategy Strategy(bool emitFinal) => emitFinal ? EmitStrategy.OnWindowClose() : EmitStrategy.OnWindowUpdate();

    private static IKTable<Windowed<string>, string> Aggregate(StreamsBuilder builder, string topic, TimeWindows windows, bool emitFinal, Func<string> init, string storeName, bool withCache) =>
        builder.Stream<string, string>(topic, Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(windows)
            .EmitStrategy(Strategy(emitFinal))
            .Aggregate(init, (_, value, aggregate) => aggregate + "+" + value, Store(storeName, withCache));

    private static void Capture(IKTable<Windowed<string>, string> table, string topic) =>
        table.ToStream().Map((k, v) => (k.ToString(), v)).To(topic, Produced<string, string?>.With(Serdes.String!, Serdes.String));

    private static List<(string? Key, string? Value, long? TimestampMs)> Read(TopologyTestDriver driver, string topic) =>
        driver.CreateOutputTopic(topic, Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    // KStreamWindowAggregateTest#testAggBasic: hopping windows (size 10, advance 5, grace 100); on window close nothing is emitted.
    [Theory]
    [MemberData(nameof(EmitStrategies))]
    public void TestAggBasic(bool emitFinal, bool withCache)
    {
        var builder = new StreamsBuilder();
        Capture(Aggregate(builder, "topic1", TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)).AdvanceBy(TimeSpan.FromMilliseconds(5)),
            emitFinal, () => "0", "topic1-Canonized", withCache), "output");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic1", Serdes.String, Serdes.String);

        foreach (var (k, v, t) in new[]
        {
            ("A", "1", 0L), ("B", "2", 1L), ("C", "3", 2L), ("D", "4", 3L), ("A", "1", 4L),
            ("A", "1", 5L), ("B", "2", 6L), ("D", "4", 7L), ("B", "2", 8L), ("C", "3", 9L),
            ("A", "1", 10L), ("B", "2", 11L), ("D", "4", 12L), ("B", "2", 13L), ("C", "3", 14L),
            ("B", "1", 3L), ("B", "2", 2L), ("B", "3", 9L),
        })
        {
            input.PipeInput(k, v, t);
        }

        if (emitFinal)
        {
            Read(driver, "output").Should().BeEmpty("grace is 100 and no window closes");
            return;
        }

        Read(driver, "output").Should().Equal(
            ("[A@0/10]", "0+1", 0L),
            ("[B@0/10]", "0+2", 1L),
            ("[C@0/10]", "0+3", 2L),
            ("[D@0/10]", "0+4", 3L),
            ("[A@0/10]", "0+1+1", 4L),
            ("[A@0/10]", "0+1+1+1", 5L),
            ("[A@5/15]", "0+1", 5L),
            ("[B@0/10]", "0+2+2", 6L),
            ("[B@5/15]", "0+2", 6L),
            ("[D@0/10]", "0+4+4", 7L),
            ("[D@5/15]", "0+4", 7L),
            ("[B@0/10]", "0+2+2+2", 8L),
            ("[B@5/15]", "0+2+2", 8L),
            ("[C@0/10]", "0+3+3", 9L),
            ("[C@5/15]", "0+3", 9L),
            ("[A@5/15]", "0+1+1", 10L),
            ("[A@10/20]", "0+1", 10L),
            ("[B@5/15]", "0+2+2+2", 11L),
            ("[B@10/20]", "0+2", 11L),
            ("[D@5/15]", "0+4+4", 12L),
            ("[D@10/20]", "0+4", 12L),
            ("[B@5/15]", "0+2+2+2+2", 13L),
            ("[B@10/20]", "0+2+2", 13L),
            ("[C@5/15]", "0+3+3", 14L),
            ("[C@10/20]", "0+3", 14L),
            ("[B@0/10]", "0+2+2+2+1", 8L),
            ("[B@0/10]", "0+2+2+2+1+2", 8L),
            ("[B@0/10]", "0+2+2+2+1+2+3", 9L),
            ("[B@5/15]", "0+2+2+2+2+3", 13L));
    }

    public static TheoryData<bool, bool> JoinEmitStrategies => new() { { false, true }, { false, false }, { true, false } };

    // KStreamWindowAggregateTest#testJoin (on window close, with cache): Kafka's join reads the [0,10) windows of the
    // first table from its record cache although its store has expired them (CachingWindowStore#fetch serves a cached
    // entry without a retention check); Streams' caching window store applies the store's retention to cached windows.
    [Fact(Skip = "Deliberate difference: Kafka's window cache serves windows its store has already expired; Streams does not.")]
    public void TestJoinOnWindowCloseWithCache() => TestJoin(emitFinal: true, withCache: true);

    // KStreamWindowAggregateTest#testJoin: two windowed aggregations joined as tables (grace 100 on update, 5 on close).
    [Theory]
    [MemberData(nameof(JoinEmitStrategies))]
    public void TestJoin(bool emitFinal, bool withCache)
    {
        var builder = new StreamsBuilder();
        var grace = TimeSpan.FromMilliseconds(emitFinal ? 5 : 100);
        var windows = TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), grace).AdvanceBy(TimeSpan.FromMilliseconds(5));
        var table1 = Aggregate(builder, "topic1", windows, emitFinal, () => "0", "topic1-Canonized", withCache);
        Capture(table1, "out1");
        var table2 = Aggregate(builder, "topic2", windows, emitFinal, () => "0", "topic2-Canonized", withCache);
        Capture(table2, "out2");
        Capture(table1.Join(table2, (p1, p2) => p1 + "%" + p2), "joined");
        using var driver = new TopologyTestDriver(builder.Build());
        var input1 = driver.CreateInputTopic("topic1", Serdes.String, Serdes.String);
        var input2 = driver.CreateInputTopic("topic2", Serdes.String, Serdes.String);

        if (emitFinal)
        {
            input1.PipeInput("A", "1", 0);
            input1.PipeInput("B", "2", 1);
            input1.PipeInput("C", "3", 2);
            input1.PipeInput("D", "4", 3);
            input1.PipeInput("A", "1", 9);
            input1.PipeInput("A", "1", 15);
            Read(driver, "out1").Should().Equal(("[A@0/10]", "0+1+1", 9L), ("[B@0/10]", "0+2", 1L), ("[C@0/10]", "0+3", 2L), ("[D@0/10]", "0+4", 3L));
            Read(driver, "out2").Should().BeEmpty();
            Read(driver, "joined").Should().BeEmpty();

            input1.PipeInput("A", "1", 10);
            input1.PipeInput("B", "2", 11);
            input1.PipeInput("D", "4", 12);
            input1.PipeInput("B", "2", 13);
            input1.PipeInput("C", "3", 14);
            input1.PipeInput("A", "1", 20);
            Read(driver, "out1").Should().Equal(("[A@5/15]", "0+1+1", 10L), ("[B@5/15]", "0+2+2", 13L), ("[C@5/15]", "0+3", 14L), ("[D@5/15]", "0+4", 12L));
            Read(driver, "out2").Should().BeEmpty();
            Read(driver, "joined").Should().BeEmpty();

            input2.PipeInput("A", "a", 0);
            input2.PipeInput("B", "b", 1);
            input2.PipeInput("C", "c", 2);
            input2.PipeInput("D", "d", 10);
            input2.PipeInput("A", "a", 15);
            Read(driver, "out1").Should().BeEmpty();
            if (withCache)
            {
                Read(driver, "out2").Should().Equal(("[A@0/10]", "0+a", 0L), ("[B@0/10]", "0+b", 1L), ("[C@0/10]", "0+c", 2L));
                Read(driver, "joined").Should().Equal(("[A@0/10]", "0+1+1%0+a", 9L), ("[B@0/10]", "0+2%0+b", 1L), ("[C@0/10]", "0+3%0+c", 2L));
            }
            else
            {
                // Kafka checks only the first and the join processor here; out2's records are checked with the next batch.
                Read(driver, "joined").Should().BeEmpty();
            }

            input2.PipeInput("A", "a", 5);
            input2.PipeInput("B", "b", 6);
            input2.PipeInput("D", "d", 7);
            input2.PipeInput("D", "d", 18);
            input2.PipeInput("A", "a", 21);
            Read(driver, "out1").Should().BeEmpty();
            var out2 = new List<(string?, string?, long?)>();
            if (!withCache)
            {
                out2.AddRange([("[A@0/10]", "0+a", 0L), ("[B@0/10]", "0+b", 1L), ("[C@0/10]", "0+c", 2L)]);
            }

            out2.AddRange([("[A@5/15]", "0+a", 5L), ("[B@5/15]", "0+b", 6L), ("[D@5/15]", "0+d+d", 10L)]);
            Read(driver, "out2").Should().Equal(out2);
            Read(driver, "joined").Should().Equal(("[A@5/15]", "0+1+1%0+a", 10L), ("[B@5/15]", "0+2+2%0+b", 13L), ("[D@5/15]", "0+4%0+d+d", 12L));
            return;
        }

        input1.PipeInput("A", "1", 0);
        input1.PipeInput("B", "2", 1);
        input1.PipeInput("C", "3", 2);
        input1.PipeInput("D", "4", 3);
        input1.PipeInput("A", "1", 9);
        Read(driver, "out1").Should().Equal(
            ("[A@0/10]", "0+1", 0L), ("[B@0/10]", "0+2", 1L), ("[C@0/10]", "0+3", 2L), ("[D@0/10]", "0+4", 3L),
            ("[A@0/10]", "0+1+1", 9L), ("[A@5/15]", "0+1", 9L));
        Read(driver, "out2").Should().BeEmpty();
        Read(driver, "joined").Should().BeEmpty();

        input1.PipeInput("A", "1", 5);
        input1.PipeInput("B", "2", 6);
        input1.PipeInput("D", "4", 7);
        input1.PipeInput("B", "2", 8);
        input1.PipeInput("C", "3", 9);
        Read(driver, "out1").Should().Equal(
            ("[A@0/10]", "0+1+1+1", 9L), ("[A@5/15]", "0+1+1", 9L),
            ("[B@0/10]", "0+2+2", 6L), ("[B@5/15]", "0+2", 6L),
            ("[D@0/10]", "0+4+4", 7L), ("[D@5/15]", "0+4", 7L),
            ("[B@0/10]", "0+2+2+2", 8L), ("[B@5/15]", "0+2+2", 8L),
            ("[C@0/10]", "0+3+3", 9L), ("[C@5/15]", "0+3", 9L));
        Read(driver, "out2").Should().BeEmpty();
        Read(driver, "joined").Should().BeEmpty();

        input2.PipeInput("A", "a", 0);
        input2.PipeInput("B", "b", 1);
        input2.PipeInput("C", "c", 2);
        input2.PipeInput("D", "d", 20);
        input2.PipeInput("A", "a", 20);
        Read(driver, "out1").Should().BeEmpty();
        Read(driver, "out2").Should().Equal(
            ("[A@0/10]", "0+a", 0L), ("[B@0/10]", "0+b", 1L), ("[C@0/10]", "0+c", 2L),
            ("[D@15/25]", "0+d", 20L), ("[D@20/30]", "0+d", 20L), ("[A@15/25]", "0+a", 20L), ("[A@20/30]", "0+a", 20L));
        Read(driver, "joined").Should().Equal(("[A@0/10]", "0+1+1+1%0+a", 9L), ("[B@0/10]", "0+2+2+2%0+b", 8L), ("[C@0/10]", "0+3+3%0+c", 9L));

        input2.PipeInput("A", "a", 5);
        input2.PipeInput("B", "b", 6);
        input2.PipeInput("D", "d", 7);
        input2.PipeInput("D", "d", 18);
        input2.PipeInput("A", "a", 21);
        Read(driver, "out1").Should().BeEmpty();
        Read(driver, "out2").Should().Equal(
            ("[A@0/10]", "0+a+a", 5L), ("[A@5/15]", "0+a", 5L),
            ("[B@0/10]", "0+b+b", 6L), ("[B@5/15]", "0+b", 6L),
            ("[D@0/10]", "0+d", 7L), ("[D@5/15]", "0+d", 7L),
            ("[D@10/20]", "0+d", 18L), ("[D@15/25]", "0+d+d", 20L),
            ("[A@15/25]", "0+a+a", 21L), ("[A@20/30]", "0+a+a", 21L));
        Read(driver, "joined").Should().Equal(
            ("[A@0/10]", "0+1+1+1%0+a+a", 9L), ("[A@5/15]", "0+1+1%0+a", 9L),
            ("[B@0/10]", "0+2+2+2%0+b+b", 8L), ("[B@5/15]", "0+2+2%0+b", 8L),
            ("[D@0/10]", "0+4+4%0+d", 7L), ("[D@5/15]", "0+4%0+d", 7L));
    }

    // KStreamWindowAggregateTest#shouldLogAndMeterWhenSkippingNullKey: a null key is dropped and counted.
    [Theory]
    [MemberData(nameof(EmitStrategies))]
    public void ShouldLogAndMeterWhenSkippingNullKey(bool emitFinal, bool withCache)
    {
        var builder = new StreamsBuilder();
        Aggregate(builder, "topic", TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(5)),
            emitFinal, () => "0", "topic1-Canonicalized", withCache);
        using var driver = new TopologyTestDriver(builder.Build());
        using var drops = new DroppedRecordsMeter();

        driver.CreateInputTopic("topic", Serdes.String, Serdes.String).PipeInput(null, "1");

        drops.Reasons.Should().ContainSingle();
    }

    // KStreamWindowAggregateTest#shouldLogAndMeterWhenSkippingExpiredWindow: size 10, advance 5, grace 90; the seven
    // records at 0..6 arrive at stream time 100 and are dropped (Kafka's lateness metrics have no Streams counterpart).
    [Theory]
    [MemberData(nameof(EmitStrategies))]
    public void ShouldLogAndMeterWhenSkippingExpiredWindow(bool emitFinal, bool withCache)
    {
        var builder = new StreamsBuilder();
        var materialized = Store("topic1-Canonicalized", withCache).WithLoggingDisabled().WithRetention(TimeSpan.FromMilliseconds(100));
        builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(90)).AdvanceBy(TimeSpan.FromMilliseconds(5)))
            .EmitStrategy(Strategy(emitFinal))
            .Aggregate(() => "", (_, value, aggregate) => aggregate + "+" + value, materialized)
            .ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        using var drops = new DroppedRecordsMeter();
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);

        foreach (var t in new long[] { 100, 0, 1, 2, 3, 4, 5, 6, 105, 106 })
        {
            input.PipeInput("k", t.ToString(System.Globalization.CultureInfo.InvariantCulture), t);
        }

        drops.Reasons.Should().HaveCount(7);
        if (emitFinal)
        {
            Read(driver, "output").Should().Equal(("[k@5/15]", "+5+6", 6L));
        }
        else
        {
            Read(driver, "output").Should().Equal(
                ("[k@95/105]", "+100", 100L),
                ("[k@100/110]", "+100", 100L),
                ("[k@5/15]", "+5", 5L),
                ("[k@5/15]", "+5+6", 6L),
                ("[k@100/110]", "+100+105", 105L),
                ("[k@105/115]", "+105", 105L),
                ("[k@100/110]", "+100+105+106", 106L),
                ("[k@105/115]", "+105+106", 106L));
        }
    }

    // KStreamWindowAggregateTest#shouldLogAndMeterWhenSkippingExpiredWindowByGrace: tumbling 10 with grace 90; at stream
    // time 200 the records at 100..105 and 6 are out of grace and dropped.
    [Theory]
    [MemberData(nameof(EmitStrategies))]
    public void ShouldLogAndMeterWhenSkippingExpiredWindowByGrace(bool emitFinal, bool withCache)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(90)).AdvanceBy(TimeSpan.FromMilliseconds(10)))
            .EmitStrategy(Strategy(emitFinal))
            .Aggregate(() => "", (_, value, aggregate) => aggregate + "+" + value, Store("topic1-Canonicalized", withCache).WithLoggingDisabled())
            .ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        using var drops = new DroppedRecordsMeter();
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);

        input.PipeInput("k", "100", 200);
        input.PipeInput("k", "0", 100);
        input.PipeInput("k", "1", 101);
        input.PipeInput("k", "2", 102);
        input.PipeInput("k", "3", 103);
        input.PipeInput("k", "4", 104);
        input.PipeInput("k", "5", 105);
        input.PipeInput("k", "6", 6);

        drops.Reasons.Should().HaveCount(7);
        if (!emitFinal)
        {
            Read(driver, "output").Should().Equal(("[k@200/210]", "+100", 200L));
        }
    }

    // KStreamWindowAggregateTest#showThrowIfEmitFinalUsedWithUnlimitedWindow: Kafka rejects on-window-close with unlimited
    // windows (IllegalArgumentException); on window update is accepted.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ShowThrowIfEmitFinalUsedWithUnlimitedWindow(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        var windowed = builder.Stream<string, string>("topic").GroupByKey().WindowedBy(UnlimitedWindows.Of());
        var act = () => windowed.EmitStrategy(Strategy(emitFinal)).Aggregate(() => "0", (_, v, a) => a + v);
        if (emitFinal)
        {
            act.Should().Throw<ArgumentException>();
        }
        else
        {
            act.Should().NotThrow();
        }
    }
}
