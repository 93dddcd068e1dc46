using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/SessionWindowedKStreamImplTest.java</c>,
/// through the driver: sessions with a 500 ms gap and no grace, for both emit strategies. Kafka's null-argument tests
/// are not ported (C# nullability covers them), nor shouldNotEnableCachingWithEmitFinal, which inspects Kafka's store
/// wrapper classes.
/// </summary>
public class SessionWindowedKStreamImplTest
{
    public static TheoryData<bool> EmitFinal => new() { false, true };

    private static ISessionWindowedKStream<string, string> Windowed(StreamsBuilder builder, bool emitFinal) =>
        builder.Stream<string, string>("input", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(500)))
            .EmitStrategy(emitFinal ? EmitStrategy.OnWindowClose() : EmitStrategy.OnWindowUpdate());

    private static void ProcessData(TopologyTestDriver driver)
    {
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        input.PipeInput("1", "1", 10);
        input.PipeInput("1", "2", 15);
        input.PipeInput("1", "3", 600);
        input.PipeInput("2", "1", 600);
        input.PipeInput("2", "2", 599);
    }

    private static List<(string?, T, long?)> Read<T>(TopologyTestDriver driver, ISerde<T> serde) =>
        driver.CreateOutputTopic("output", Serdes.String, serde).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static void CountSessionWindowed(bool emitFinal, long cacheBytes)
    {
        var builder = new StreamsBuilder();
        Windowed(builder, emitFinal).Count().ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { StateStoreCacheMaxBytes = cacheBytes });
        ProcessData(driver);

        Read(driver, Serdes.Nullable(Serdes.Int64)).Should().Equal(emitFinal
            ? [("[1@10/15]", 2L, 15L)]
            : [("[1@10/10]", 1L, 10L), ("[1@10/10]", null, 10L), ("[1@10/15]", 2L, 15L), ("[1@600/600]", 1L, 600L),
               ("[2@600/600]", 1L, 600L), ("[2@600/600]", null, 600L), ("[2@599/600]", 2L, 600L)]);
    }

    // SessionWindowedKStreamImplTest#shouldCountSessionWindowedWithCachingDisabled (statestore.cache.max.bytes = 0)
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void ShouldCountSessionWindowedWithCachingDisabled(bool emitFinal) => CountSessionWindowed(emitFinal, 0);

    // SessionWindowedKStreamImplTest#shouldCountSessionWindowedWithCachingEnabled
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void ShouldCountSessionWindowedWithCachingEnabled(bool emitFinal) => CountSessionWindowed(emitFinal, 10 * 1024 * 1024);

    // SessionWindowedKStreamImplTest#shouldReduceWindowed
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void ShouldReduceWindowed(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        Windowed(builder, emitFinal).Reduce((a, b) => a + "+" + b).ToStream().Map((k, v) => (k.ToString(), v))
            .To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Read(driver, Serdes.String).Should().Equal(emitFinal
            ? [("[1@10/15]", "1+2", 15L)]
            : [("[1@10/10]", "1", 10L), ("[1@10/10]", null, 10L), ("[1@10/15]", "1+2", 15L), ("[1@600/600]", "3", 600L),
               ("[2@600/600]", "1", 600L), ("[2@600/600]", null, 600L), ("[2@599/600]", "1+2", 600L)]);
    }

    // SessionWindowedKStreamImplTest#shouldAggregateSessionWindowed: the merger concatenates ("0+0+1+2").
    [Theory]
    [MemberData(nameof(EmitFinal))]
    public void ShouldAggregateSessionWindowed(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        Windowed(builder, emitFinal).Aggregate(() => "0", (_, v, a) => a + "+" + v, (_, one, two) => one + "+" + two, Materialized<string, string>.With(Serdes.String!, Serdes.String!))
            .ToStream().Map((k, v) => (k.ToString(), v)).To("output", Produced<string, string?>.With(Serdes.String!, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        Read(driver, Serdes.String).Should().Equal(emitFinal
            ? [("[1@10/15]", "0+0+1+2", 15L)]
            : [("[1@10/10]", "0+1", 10L), ("[1@10/10]", null, 10L), ("[1@10/15]", "0+0+1+2", 15L), ("[1@600/600]", "0+3", 600L),
               ("[2@600/600]", "0+1", 600L), ("[2@600/600]", null, 600L), ("[2@599/600]", "0+0+1+2", 600L)]);
    }

    private static List<(string, long, long, T)> FetchAll<T>(TopologyTestDriver driver, string store)
    {
        var result = new List<(string, long, long, T)>();
        using var it = ((ISessionStore<string, T>)driver.GetStateStore(store)!).Fetch("1", "2");
        while (it.MoveNext())
        {
            result.Add((it.Current.Key.Key, it.Current.Key.Window.StartMs, it.Current.Key.Window.EndMs, it.Current.Value));
        }

        return result;
    }

    // SessionWindowedKStreamImplTest#shouldMaterializeCount: the on-window-close store has dropped the closed session [10,15].
    [Theory]
    [InlineData(true)] // on window update, see ShouldMaterializeWithCacheReturnsExpiredSessions
    public void ShouldMaterializeCount(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        Windowed(builder, emitFinal).Count(Materialized<string, long>.As("count-store"));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        FetchAll<long>(driver, "count-store").Should().Equal(emitFinal
            ? [("1", 600L, 600L, 1L), ("2", 599L, 600L, 2L)]
            : [("1", 10L, 15L, 2L), ("1", 600L, 600L, 1L), ("2", 599L, 600L, 2L)]);
    }

    // SessionWindowedKStreamImplTest#shouldMaterializeReduced
    [Theory]
    [InlineData(true)] // on window update, see ShouldMaterializeWithCacheReturnsExpiredSessions
    public void ShouldMaterializeReduced(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        Windowed(builder, emitFinal).Reduce((a, b) => a + "+" + b, Materialized<string, string>.As("reduced"));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        FetchAll<string>(driver, "reduced").Should().Equal(emitFinal
            ? [("1", 600L, 600L, "3"), ("2", 599L, 600L, "1+2")]
            : [("1", 10L, 15L, "1+2"), ("1", 600L, 600L, "3"), ("2", 599L, 600L, "1+2")]);
    }

    // SessionWindowedKStreamImplTest#shouldMaterializeAggregated
    [Theory]
    [InlineData(true)] // on window update, see ShouldMaterializeWithCacheReturnsExpiredSessions
    public void ShouldMaterializeAggregated(bool emitFinal)
    {
        var builder = new StreamsBuilder();
        Windowed(builder, emitFinal).Aggregate(() => "0", (_, v, a) => a + "+" + v, (_, one, two) => one + "+" + two,
            Materialized<string, string>.As("aggregated").WithValueSerde(Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        ProcessData(driver);

        FetchAll<string>(driver, "aggregated").Should().Equal(emitFinal
            ? [("1", 600L, 600L, "0+3"), ("2", 599L, 600L, "0+0+1+2")]
            : [("1", 10L, 15L, "0+0+1+2"), ("1", 600L, 600L, "0+3"), ("2", 599L, 600L, "0+0+1+2")]);
    }

    // SessionWindowedKStreamImplTest#shouldMaterializeCount/Reduced/Aggregated on window update: Kafka's default store is
    // cached and its key-range fetch merges in the cached session [10,15] that the store has already expired (stream
    // time 600, retention 500); Streams' caching session store applies the retention to cached sessions too, so it
    // returns only [600,600] and [599,600] (as Kafka does without a cache).
    [Fact(Skip = "Deliberate difference: Kafka's session cache returns sessions its store has already expired; Streams does not.")]
    public void ShouldMaterializeWithCacheReturnsExpiredSessions()
    {
    }
}
