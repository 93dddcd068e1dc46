using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/TimeWindowedKStreamImplTest.java</c>,
/// through the driver: tumbling windows of 500 ms without grace, parameterized by emit strategy and caching as Kafka.
/// Kafka's null-argument tests (NullPointerException) are not ported: C# nullability covers them.
/// </summary>
public class TimeWindowedKStreamImplTest
{
    public static TheoryData<bool, bool> Data => new() { { false, true }, { false, false }, { true, true }, { true, false } };

    private static ITimeWindowedKStream<string, string> Windowed(StreamsBuilder builder) =>
        builder.Stream<string, string>("input", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(500)));

    private static EmitStrategy Strategy(bool emitFinal) => emitFinal ? EmitStrategy.OnWindowClose() : EmitStrategy.OnWindowUpdate();

    private static Materialized<string, T> Cache<T>(Materialized<string, T> m, bool withCache) => withCache ? m.WithCachingEnabled() : m.WithCachingDisabled();

    private static void ProcessData(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        input.PipeInput("1", "1", 10);
        input.PipeInput("1", "2", 15);
        input.PipeInput("1", "3", 500);
        input.PipeInput("2", "10", 550);
        input.PipeInput("2", "20", 500);
        input.PipeInput("2", "30", 1000);
    }

    private static List<(string?, T, long?)> Read<T>(TopologyTestDriver driver, ISerde<T> valueSerde) =>
        driver.CreateOutputTopic("output", Serdes.String, valueSerde).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static void Capture(IKTable<Windowed<string>, long> table, ISerde<long> valueSerde) =>
        table.ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, long>.With(Serdes.String!, valueSerde));

    private static void Capture(IKTable<Windowed<string>, string> table, ISerde<string> valueSerde) =>
        table.ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, string?>.With(Serdes.String!, valueSerde!));

    // TimeWindowedKStreamImplTest#shouldCountWindowed
    [Theory]
    [MemberData(nameof(Data))]
    public void ShouldCountWindowed(bool emitFinal, bool withCache)
    {
        _ = withCache; // Kafka's count() here uses the default store; the parameter does not reach it
        var builder = new StreamsBuilder();
        Capture(Windowed(builder).EmitStrategy(Strategy(emitFinal)).Count(), Serdes.Int64);
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Read(driver, Serdes.Int64).Should().Equal(emitFinal
            ? [("[1@0/500]", 2L, 15L), ("[1@500/1000]", 1L, 500L), ("[2@500/1000]", 2L, 550L)]
            : [("[1@0/500]", 1L, 10L), ("[1@0/500]", 2L, 15L), ("[1@500/1000]", 1L, 500L), ("[2@500/1000]", 1L, 550L), ("[2@500/1000]", 2L, 550L), ("[2@1000/1500]", 1L, 1000L)]);
    }

    // TimeWindowedKStreamImplTest#shouldReduceWindowed
    [Theory]
    [MemberData(nameof(Data))]
    public void ShouldReduceWindowed(bool emitFinal, bool withCache)
    {
        _ = withCache;
        var builder = new StreamsBuilder();
        Capture(Windowed(builder).EmitStrategy(Strategy(emitFinal)).Reduce((a, b) => a + "+" + b), Serdes.String!);
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Read(driver, Serdes.String!).Should().Equal(emitFinal
            ? [("[1@0/500]", "1+2", 15L), ("[1@500/1000]", "3", 500L), ("[2@500/1000]", "10+20", 550L)]
            : [("[1@0/500]", "1", 10L), ("[1@0/500]", "1+2", 15L), ("[1@500/1000]", "3", 500L), ("[2@500/1000]", "10", 550L), ("[2@500/1000]", "10+20", 550L), ("[2@1000/1500]", "30", 1000L)]);
    }

    // TimeWindowedKStreamImplTest#shouldAggregateWindowed
    [Theory]
    [MemberData(nameof(Data))]
    public void ShouldAggregateWindowed(bool emitFinal, bool withCache)
    {
        var builder = new StreamsBuilder();
        Capture(Windowed(builder).EmitStrategy(Strategy(emitFinal))
            .Aggregate(() => "0", (_, v, a) => a + "+" + v, Cache(Materialized<string, string>.With(Serdes.String!, Serdes.String!), withCache)), Serdes.String!);
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Read(driver, Serdes.String!).Should().Equal(emitFinal
            ? [("[1@0/500]", "0+1+2", 15L), ("[1@500/1000]", "0+3", 500L), ("[2@500/1000]", "0+10+20", 550L)]
            : [("[1@0/500]", "0+1", 10L), ("[1@0/500]", "0+1+2", 15L), ("[1@500/1000]", "0+3", 500L), ("[2@500/1000]", "0+10", 550L), ("[2@500/1000]", "0+10+20", 550L), ("[2@1000/1500]", "0+30", 1000L)]);
    }

    private static List<(string Key, long Start, T Value, long Timestamp)> FetchRange<T>(TopologyTestDriver driver, string store)
    {
        var result = new List<(string, long, T, long)>();
        using var it = driver.GetTimestampedWindowStore<string, T>(store)!.Fetch("1", "2", 0, 1000);
        while (it.MoveNext())
        {
            result.Add((it.Current.Key.Key, it.Current.Key.Window.StartMs, it.Current.Value.Value, it.Current.Value.TimestampMs));
        }

        return result;
    }

    // TimeWindowedKStreamImplTest#shouldMaterializeCount, without cache: retention 500 keeps only the window at 1000 (from
    // 1000 - 500 + 1 = 501) when emitting on update; Kafka's on-window-close store keeps from 1000 - 500 = 500.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ShouldMaterializeCount(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        Windowed(builder).EmitStrategy(Strategy(emitFinal))
            .Count(Materialized<string, long>.As("count-store").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.Int64).WithCachingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        FetchRange<long>(driver, "count-store").Should().Equal(emitFinal
            ? [("1", 500L, 1L, 500L), ("2", 500L, 2L, 550L), ("2", 1000L, 1L, 1000L)]
            : [("2", 1000L, 1L, 1000L)]);
        var plain = driver.GetWindowStore<string, long>("count-store")!;
        plain.Fetch("2", 1000).Should().Be(1);
    }

    // TimeWindowedKStreamImplTest#shouldMaterializeReduced, without cache.
    [Fact]
    public void ShouldMaterializeReduced()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Reduce((a, b) => a + "+" + b,
            Materialized<string, string>.As("reduced").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.String!).WithCachingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        FetchRange<string>(driver, "reduced").Should().Equal([("2", 1000L, "30", 1000L)]);
    }

    // TimeWindowedKStreamImplTest#shouldMaterializeAggregated, without cache.
    [Fact]
    public void ShouldMaterializeAggregated()
    {
        var builder = new StreamsBuilder();
        Windowed(builder).Aggregate(() => "0", (_, v, a) => a + "+" + v,
            Materialized<string, string>.As("aggregated").WithKeySerde(Serdes.String!).WithValueSerde(Serdes.String!).WithCachingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        FetchRange<string>(driver, "aggregated").Should().Equal([("2", 1000L, "0+30", 1000L)]);
    }

    // TimeWindowedKStreamImplTest#shouldMaterializeCount/Reduced/Aggregated with cache: Kafka's range fetch merges in
    // cached windows that the store has already expired ("with cache returns all records (expired from underneath as
    // well)"); Streams' caching window store applies the store's retention to cached windows too.
    [Fact(Skip = "Deliberate difference: Kafka's window cache returns windows its store has already expired; Streams does not.")]
    public void ShouldMaterializeWithCacheReturnsExpiredWindows()
    {
    }
}
