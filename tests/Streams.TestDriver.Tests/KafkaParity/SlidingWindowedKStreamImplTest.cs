using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/SlidingWindowedKStreamImplTest.java</c>,
/// through the driver: sliding windows with time difference 100 and grace 1000. Kafka's null-argument tests are not
/// ported (C# nullability covers them). Kafka's mock processor keeps the last value and timestamp per windowed key.
/// </summary>
public class SlidingWindowedKStreamImplTest
{
    private static ITimeWindowedKStream<string, string> Windowed(StreamsBuilder builder) =>
        builder.Stream<string, string>("input", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000)));

    private static void ProcessData(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        input.PipeInput("1", "1", 100);
        input.PipeInput("1", "2", 150);
        input.PipeInput("1", "3", 500);
        input.PipeInput("2", "10", 200);
        input.PipeInput("2", "20", 150);
    }

    private static Dictionary<string, (T Value, long Timestamp)> LastPerKey<T>(TopologyTestDriver driver, ISerde<T> serde)
    {
        var last = new Dictionary<string, (T, long)>();
        foreach (var r in driver.CreateOutputTopic("output", Serdes.String, serde).ReadRecordsToList())
        {
            last[r.Key!] = (r.Value, r.TimestampMs!.Value);
        }

        return last;
    }

    private static void AssertLast<T>(Dictionary<string, (T Value, long Timestamp)> last, params (string Key, T Value, long Timestamp)[] expected)
    {
        foreach (var (key, value, ts) in expected)
        {
            last.Should().ContainKey(key);
            last[key].Should().Be((value, ts), key);
        }
    }

    // SlidingWindowedKStreamImplTest#shouldCountSlidingWindows
    [Fact]
    public void ShouldCountSlidingWindows()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Count().ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        AssertLast(LastPerKey(driver, Serdes.Int64),
            ("[1@0/100]", 1L, 100L), ("[1@101/201]", 1L, 150L), ("[1@50/150]", 2L, 150L), ("[1@400/500]", 1L, 500L),
            ("[2@100/200]", 2L, 200L), ("[2@50/150]", 1L, 150L), ("[2@151/251]", 1L, 200L));
    }

    // SlidingWindowedKStreamImplTest#shouldReduceSlidingWindows
    [Fact]
    public void ShouldReduceSlidingWindows()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Reduce((a, b) => a + "+" + b).ToStream().Map((k, v) => (k.ToString(), v))
            .To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        AssertLast(LastPerKey(driver, Serdes.String),
            ("[1@0/100]", "1", 100L), ("[1@101/201]", "2", 150L), ("[1@50/150]", "1+2", 150L), ("[1@400/500]", "3", 500L),
            ("[2@100/200]", "10+20", 200L), ("[2@50/150]", "20", 150L), ("[2@151/251]", "10", 200L));
    }

    // SlidingWindowedKStreamImplTest#shouldAggregateSlidingWindows
    [Fact]
    public void ShouldAggregateSlidingWindows()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Aggregate(() => "0", (_, v, a) => a + "+" + v, Materialized<string, string>.With(Serdes.String!, Serdes.String!))
            .ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        AssertLast(LastPerKey(driver, Serdes.String),
            ("[1@0/100]", "0+1", 100L), ("[1@101/201]", "0+2", 150L), ("[1@50/150]", "0+1+2", 150L), ("[1@400/500]", "0+3", 500L),
            ("[2@100/200]", "0+10+20", 200L), ("[2@50/150]", "0+20", 150L), ("[2@151/251]", "0+10", 200L));
    }

    private static List<(string Key, long Start, long End, T Value, long Timestamp)> Fetch<T>(TopologyTestDriver driver, string store, string from, string to, long timeTo)
    {
        var result = new List<(string, long, long, T, long)>();
        using var it = driver.GetTimestampedWindowStore<string, T>(store)!.Fetch(from, to, 0, timeTo);
        while (it.MoveNext())
        {
            result.Add((it.Current.Key.Key, it.Current.Key.Window.StartMs, it.Current.Key.Window.EndMs, it.Current.Value.Value, it.Current.Value.TimestampMs));
        }

        return result;
    }

    // SlidingWindowedKStreamImplTest#shouldMaterializeCount
    [Fact]
    public void ShouldMaterializeCount()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Count(Materialized<string, long>.As("count-store").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Fetch<long>(driver, "count-store", "1", "2", 1000).Should().Equal(
            ("1", 0L, 100L, 1L, 100L), ("1", 50L, 150L, 2L, 150L), ("1", 101L, 201L, 1L, 150L), ("1", 400L, 500L, 1L, 500L),
            ("2", 50L, 150L, 1L, 150L), ("2", 100L, 200L, 2L, 200L), ("2", 151L, 251L, 1L, 200L));
    }

    // SlidingWindowedKStreamImplTest#shouldMaterializeReduced
    [Fact]
    public void ShouldMaterializeReduced()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Reduce((a, b) => a + "+" + b, Materialized<string, string>.As("reduced").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Fetch<string>(driver, "reduced", "1", "2", 1000).Should().Equal(
            ("1", 0L, 100L, "1", 100L), ("1", 50L, 150L, "1+2", 150L), ("1", 101L, 201L, "2", 150L), ("1", 400L, 500L, "3", 500L),
            ("2", 50L, 150L, "20", 150L), ("2", 100L, 200L, "10+20", 200L), ("2", 151L, 251L, "10", 200L));
    }

    // SlidingWindowedKStreamImplTest#shouldMaterializeAggregated
    [Fact]
    public void ShouldMaterializeAggregated()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Aggregate(() => "0", (_, v, a) => a + "+" + v,
            Materialized<string, string>.As("aggregated").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Fetch<string>(driver, "aggregated", "1", "2", 1000).Should().Equal(
            ("1", 0L, 100L, "0+1", 100L), ("1", 50L, 150L, "0+1+2", 150L), ("1", 101L, 201L, "0+2", 150L), ("1", 400L, 500L, "0+3", 500L),
            ("2", 50L, 150L, "0+20", 150L), ("2", 100L, 200L, "0+10+20", 200L), ("2", 151L, 251L, "0+10", 200L));
    }

    // SlidingWindowedKStreamImplTest#shouldThrowIllegalArgumentWhenRetentionIsTooSmall: Kafka throws
    // IllegalArgumentException from aggregate(); Streams rejects the same retention with a TopologyException.
    [Fact]
    public void ShouldThrowIllegalArgumentWhenRetentionIsTooSmall()
    {
        var builder = new StreamsBuilder();
        var act = () => Windowed(builder).Aggregate(() => "0", (_, v, a) => a + "+" + v,
            Materialized<string, string>.As("aggregated").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.String!).WithRetention(TimeSpan.FromMilliseconds(1)));

        act.Should().Throw<TopologyException>();
    }

    // SlidingWindowedKStreamImplTest#shouldDropWindowsOutsideOfRetention: an in-memory store with retention 1200 keeps
    // only the windows starting after 2000 - 1200 = 800 (the window at 900 and at 1900).
    [Fact]
    public void ShouldDropWindowsOutsideOfRetention()
    {
        var builder = new StreamsBuilder();
        var supplier = Stores.InMemoryWindowStore("aggregated", TimeSpan.FromMilliseconds(1200), TimeSpan.FromMilliseconds(100));
        Windowed(builder).Aggregate(() => "0", (_, v, a) => a + "+" + v,
            Materialized<string, string>.As(supplier).WithKeySerde(Serdes.String!).WithValueSerde(Serdes.String!).WithCachingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        input.PipeInput("1", "2", 100);
        input.PipeInput("1", "3", 500);
        input.PipeInput("1", "4", 799);
        input.PipeInput("1", "4", 1000);
        input.PipeInput("1", "5", 2000);

        Fetch<string>(driver, "aggregated", "1", "1", 10000).Select(w => (w.Start, w.End, w.Value)).Should().Equal((900L, 1000L, "0+4"), (1900L, 2000L, "0+5"));
        Fetch<string>(driver, "aggregated", "1", "1", 2000).Should().Equal(("1", 900L, 1000L, "0+4", 1000L), ("1", 1900L, 2000L, "0+5", 2000L));
    }
}
