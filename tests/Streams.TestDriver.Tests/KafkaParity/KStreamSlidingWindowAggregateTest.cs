using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamSlidingWindowAggregateTest.java</c>,
/// through the driver. Kafka parameterizes by emit strategy, by a custom store's iteration order and by caching; the
/// last two do not change what the DSL emits (Kafka's sliding-window store drops its cache when emitting on window
/// close, and uses its default caching otherwise), so the theories here vary the emit strategy. As Kafka's
/// <c>gatherOutput</c>, the output is gathered per window start into a set of (value, timestamp).
/// </summary>
public class KStreamSlidingWindowAggregateTest
{
    public static TheoryData<bool> EmitFinal => new() { false, true };

    private static Dictionary<long, HashSet<(string?, long)>> Run(SlidingWindows windows, bool emitFinal, (string Value, long Ts)[] inputs, bool reduce = false)
    {
        var builder = new StreamsBuilder();
        var windowed = builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(windows)
            .EmitStrategy(emitFinal ? EmitStrategy.OnWindowClose() : EmitStrategy.OnWindowUpdate());
        var materialized = Materialized<string, string>.As("topic-Canonized").WithValueSerde(Serdes.String!);
        var table = reduce
            ? windowed.Reduce((a, b) => a + "+" + b, materialized)
            : windowed.Aggregate(() => "0", (_, value, aggregate) => aggregate + "+" + value, materialized);
        table.ToStream().Map((k, v) => (k.Window.StartMs.ToString(System.Globalization.CultureInfo.InvariantCulture), v))
            .To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);
        foreach (var (value, ts) in inputs)
        {
            input.PipeInput("A", value, ts);
        }

        var actual = new Dictionary<long, HashSet<(string?, long)>>();
        foreach (var r in driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadRecordsToList())
        {
            var start = long.Parse(r.Key!, System.Globalization.CultureInfo.InvariantCulture);
            if (!actual.TryGetValue(start, out var set))
            {
                actual[start] = set = [];
            }

            set.Add((r.Value, r.TimestampMs!.Value));
        }

        return actual;
    }

    private static (string, long)[] In(params (string, long)[] inputs) => inputs;

    // KStreamSlidingWindowAggregateTest#testAggregateSmallInput: time difference 10, grace 5.
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void TestAggregateSmallInput(bool emitFinal)
    {
        var actual = Run(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)), emitFinal,
            In(("1", 10), ("2", 10), ("3", 14), ("4", 15), ("5", 20), ("6", 22), ("7", 30)));
        var expected = emitFinal
            ? new Dictionary<long, HashSet<(string?, long)>>
            {
                [0] = [("0+1+2", 10)], [4] = [("0+1+2+3", 14)], [5] = [("0+1+2+3+4", 15)],
                [10] = [("0+1+2+3+4+5", 20)], [11] = [("0+3+4+5", 20)], [12] = [("0+3+4+5+6", 22)],
            }
            : new Dictionary<long, HashSet<(string?, long)>>
            {
                [0] = [("0+1", 10), ("0+1+2", 10)], [4] = [("0+1+2+3", 14)], [5] = [("0+1+2+3+4", 15)],
                [10] = [("0+1+2+3+4+5", 20)], [11] = [("0+3", 14), ("0+3+4", 15), ("0+3+4+5", 20)], [12] = [("0+3+4+5+6", 22)],
                [15] = [("0+4", 15), ("0+4+5", 20), ("0+4+5+6", 22)], [16] = [("0+5", 20), ("0+5+6", 22)],
                [20] = [("0+5+6+7", 30)], [21] = [("0+6", 22), ("0+6+7", 30)], [23] = [("0+7", 30)],
            };
        actual.Should().BeEquivalentTo(expected);
    }

    // KStreamSlidingWindowAggregateTest#testReduceSmallInput: as the aggregate case, with a reducer.
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void TestReduceSmallInput(bool emitFinal)
    {
        var actual = Run(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)), emitFinal,
            In(("1", 10), ("2", 14), ("3", 15), ("4", 22), ("5", 26), ("6", 30)), reduce: true);
        var expected = emitFinal
            ? new Dictionary<long, HashSet<(string?, long)>>
            {
                [0] = [("1", 10)], [4] = [("1+2", 14)], [5] = [("1+2+3", 15)], [11] = [("2+3", 15)], [12] = [("2+3+4", 22)],
            }
            : new Dictionary<long, HashSet<(string?, long)>>
            {
                [0] = [("1", 10)], [4] = [("1+2", 14)], [5] = [("1+2+3", 15)], [11] = [("2", 14), ("2+3", 15)],
                [12] = [("2+3+4", 22)], [15] = [("3", 15), ("3+4", 22)], [16] = [("4", 22), ("4+5", 26)],
                [20] = [("4+5+6", 30)], [23] = [("5", 26), ("5+6", 30)], [27] = [("6", 30)],
            };
        actual.Should().BeEquivalentTo(expected);
    }

    // KStreamSlidingWindowAggregateTest#testEarlyRecordsSmallInput: records earlier than the time difference (50, grace 0).
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void TestEarlyRecordsSmallInput(bool emitFinal)
    {
        var actual = Run(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(50), TimeSpan.Zero), emitFinal,
            In(("1", 0), ("2", 5), ("3", 6), ("4", 3), ("5", 13), ("6", 10), ("7", 70)));
        actual.Should().BeEquivalentTo(EarlyExpected(emitFinal, "0+7"));
    }

    // KStreamSlidingWindowAggregateTest#testEarlyNoGracePeriodSmallInput: as the early-records case, built with no grace.
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void TestEarlyNoGracePeriodSmallInput(bool emitFinal)
    {
        var actual = Run(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(50)), emitFinal,
            In(("1", 0), ("2", 5), ("3", 6), ("4", 3), ("5", 13), ("6", 10), ("6", 70)));
        actual.Should().BeEquivalentTo(EarlyExpected(emitFinal, "0+6"));
    }

    private static Dictionary<long, HashSet<(string?, long)>> EarlyExpected(bool emitFinal, string last) => emitFinal
        ? new Dictionary<long, HashSet<(string?, long)>>
        {
            [0] = [("0+1+2+3+4+5+6", 13)], [1] = [("0+2+3+4+5+6", 13)], [4] = [("0+2+3+5+6", 13)],
            [6] = [("0+3+5+6", 13)], [7] = [("0+5+6", 13)], [11] = [("0+5", 13)],
        }
        : new Dictionary<long, HashSet<(string?, long)>>
        {
            [0] = [("0+1", 0), ("0+1+2", 5), ("0+1+2+3", 6), ("0+1+2+3+4", 6), ("0+1+2+3+4+5", 13), ("0+1+2+3+4+5+6", 13)],
            [1] = [("0+2", 5), ("0+2+3", 6), ("0+2+3+4", 6), ("0+2+3+4+5", 13), ("0+2+3+4+5+6", 13)],
            [4] = [("0+2+3", 6), ("0+2+3+5", 13), ("0+2+3+5+6", 13)],
            [6] = [("0+3", 6), ("0+3+5", 13), ("0+3+5+6", 13)],
            [7] = [("0+5", 13), ("0+5+6", 13)],
            [11] = [("0+5", 13)],
            [20] = [(last, 70)],
        };

    // KStreamSlidingWindowAggregateTest#testEarlyRecordsRepeatedInput: time difference 5, grace 0, repeated early timestamps.
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void TestEarlyRecordsRepeatedInput(bool emitFinal)
    {
        var actual = Run(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(5), TimeSpan.Zero), emitFinal,
            In(("1", 0), ("2", 2), ("3", 4), ("4", 0), ("5", 2), ("6", 2), ("7", 0), ("8", 7)));
        var expected = emitFinal
            ? new Dictionary<long, HashSet<(string?, long)>> { [0] = [("0+1+2+3+4+5+6+7", 4)], [1] = [("0+2+3+5+6", 4)] }
            : new Dictionary<long, HashSet<(string?, long)>>
            {
                [0] = [("0+1", 0), ("0+1+2", 2), ("0+1+2+3+4+5", 4), ("0+1+2+3+4+5+6", 4), ("0+1+2+3", 4), ("0+1+2+3+4", 4), ("0+1+2+3+4+5+6+7", 4)],
                [1] = [("0+2+3+5+6", 4), ("0+2", 2), ("0+2+3", 4), ("0+2+3+5", 4)],
                [2] = [("0+2+3+5+6+8", 7)],
                [3] = [("0+3", 4), ("0+3+8", 7)],
                [5] = [("0+8", 7)],
            };
        actual.Should().BeEquivalentTo(expected);
    }

    // KStreamSlidingWindowAggregateTest#testNoGracePeriodSmallInput: time difference 50, no grace, records after 50.
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void TestNoGracePeriodSmallInput(bool emitFinal)
    {
        var actual = Run(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(50)), emitFinal,
            In(("1", 100), ("2", 105), ("3", 106), ("4", 103), ("5", 113), ("6", 110)));
        var expected = emitFinal
            ? new Dictionary<long, HashSet<(string?, long)>> { [50] = [("0+1", 100)], [55] = [("0+1+2", 105)], [56] = [("0+1+2+3+4", 106)] }
            : new Dictionary<long, HashSet<(string?, long)>>
            {
                [50] = [("0+1", 100)], [55] = [("0+1+2", 105)], [56] = [("0+1+2+3", 106), ("0+1+2+3+4", 106)],
                [63] = [("0+1+2+3+4+5", 113), ("0+1+2+3+4+5+6", 113)],
                [101] = [("0+2", 105), ("0+2+3", 106), ("0+2+3+4", 106), ("0+2+3+4+5", 113), ("0+2+3+4+5+6", 113)],
                [104] = [("0+2+3", 106), ("0+2+3+5", 113), ("0+2+3+5+6", 113)],
                [106] = [("0+3", 106), ("0+3+5", 113), ("0+3+5+6", 113)],
                [107] = [("0+5", 113), ("0+5+6", 113)],
                [111] = [("0+5", 113)],
            };
        actual.Should().BeEquivalentTo(expected);
    }

    // KStreamSlidingWindowAggregateTest#shouldLogAndMeterWhenSkippingNullKey: a null key is dropped and counted.
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void ShouldLogAndMeterWhenSkippingNullKey(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)))
            .EmitStrategy(emitFinal ? EmitStrategy.OnWindowClose() : EmitStrategy.OnWindowUpdate())
            .Aggregate(() => "0", (_, value, aggregate) => aggregate + "+" + value, Materialized<string, string>.With(Serdes.String!, Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        using var drops = new DroppedRecordsMeter();

        driver.CreateInputTopic("topic", Serdes.String, Serdes.String).PipeInput(null, "1");

        drops.Reasons.Should().ContainSingle();
    }

    // KStreamSlidingWindowAggregateTest#shouldLogAndMeterWhenSkippingExpiredWindowByGrace: time difference 10, grace 90;
    // at stream time 200 the records at 100..105 and 15 are dropped (Kafka's lateness metrics have no Streams counterpart).
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void ShouldLogAndMeterWhenSkippingExpiredWindowByGrace(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(90)))
            .EmitStrategy(emitFinal ? EmitStrategy.OnWindowClose() : EmitStrategy.OnWindowUpdate())
            .Aggregate(() => "0", (_, value, aggregate) => aggregate + "+" + value, Materialized<string, string>.As("store-name").WithValueSerde(Serdes.String!))
            .ToStream().Map((k, v) => (k.ToString(), v))
            .To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        using var drops = new DroppedRecordsMeter();
        var input = driver.CreateInputTopic("topic", Serdes.String, Serdes.String);

        foreach (var (value, ts) in new[] { ("100", 200L), ("0", 100L), ("1", 101L), ("2", 102L), ("3", 103L), ("4", 104L), ("5", 105L), ("6", 15L), ("101", 300L), ("102", 400L) })
        {
            input.PipeInput("k", value, ts);
        }

        drops.Reasons.Should().HaveCount(7);
        var output = driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();
        if (emitFinal)
        {
            output.Should().Equal(("[k@190/200]", "0+100", 200L), ("[k@290/300]", "0+101", 300L));
        }
        else
        {
            output.Should().Equal(("[k@190/200]", "0+100", 200L), ("[k@290/300]", "0+101", 300L), ("[k@390/400]", "0+102", 400L));
        }
    }
}
