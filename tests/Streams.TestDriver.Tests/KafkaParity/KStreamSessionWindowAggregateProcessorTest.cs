using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamSessionWindowAggregateProcessorTest.java</c>,
/// the cases whose results the DSL can express, through the driver (Kafka drives the processor through a mock context).
/// Kafka's aggregate counts (initializer 0, aggregator +1); results are read as (session, value, timestamp), a merged-away
/// session's <c>Change(null, null)</c> as a null value.
/// </summary>
public class KStreamSessionWindowAggregateProcessorTest
{
    private static (TopologyTestDriver Driver, TestInputTopic<string?, string?> Input) Build(SessionWindows windows, bool caching = false)
    {
        var builder = new StreamsBuilder();
        var materialized = Materialized<string, long>.As("session-store").WithValueSerde(Serdes.Int64);
        builder.Stream<string, string>("topic", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey(Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(windows)
            .Aggregate(() => 0L, (_, _, aggregate) => aggregate + 1, (_, a, b) => a + b, caching ? materialized.WithCachingEnabled() : materialized.WithCachingDisabled())
            .ToStream().Map((k, v) => (k.ToString(), v))
            .To("output", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        var driver = new TopologyTestDriver(builder.Build());
        return (driver, driver.CreateInputTopic("topic", Serdes.String, Serdes.String));
    }

    private static List<(string? Key, long? Value, long? TimestampMs)> Read(TopologyTestDriver driver) =>
        driver.CreateOutputTopic("output", Serdes.String, Serdes.Nullable(Serdes.Int64)).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private const long GapMs = 5 * 60 * 1000L;

    // KStreamSessionWindowAggregateProcessorTest#shouldImmediatelyForwardNewSessionWhenNonCachedStore: without a cache each new session is forwarded at once.
    [Fact]
    public void ShouldImmediatelyForwardNewSessionWhenNonCachedStore()
    {
        var (driver, input) = Build(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(GapMs)));
        using var _ = driver;

        input.PipeInput("a", "1", 0);
        input.PipeInput("b", "1", 0);
        input.PipeInput("c", "1", 0);

        Read(driver).Should().Equal(("[a@0/0]", 1L, 0L), ("[b@0/0]", 1L, 0L), ("[c@0/0]", 1L, 0L));
    }

    // KStreamSessionWindowAggregateProcessorTest#shouldImmediatelyForwardRemovedSessionsWhenMerging: the merged-away
    // session is forwarded as a delete with its own end as timestamp, then the merged session.
    [Fact]
    public void ShouldImmediatelyForwardRemovedSessionsWhenMerging()
    {
        var (driver, input) = Build(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(GapMs)));
        using var _ = driver;

        input.PipeInput("a", "1", 0);
        input.PipeInput("a", "1", 5);

        Read(driver).Should().Equal(("[a@0/0]", 1L, 0L), ("[a@0/0]", (long?)null, 0L), ("[a@0/5]", 2L, 5L));
    }

    // KStreamSessionWindowAggregateProcessorTest#shouldLogAndMeterWhenSkippingLateRecordWithZeroGrace: gap 10, grace 0;
    // at stream time 11 a record at 0 is late and dropped (one drop).
    [Fact]
    public void ShouldLogAndMeterWhenSkippingLateRecordWithZeroGrace()
    {
        var (driver, input) = Build(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.Zero));
        using var _ = driver;
        using var drops = new DroppedRecordsMeter();

        input.PipeInput("dummy", "dummy", 0);
        input.PipeInput("OnTime1", "1", 0);
        input.PipeInput("dummy", "dummy", 11);
        input.PipeInput("Late1", "1", 0);

        drops.Reasons.Should().ContainSingle();
        Read(driver).Select(r => r.Key).Should().NotContain("[Late1@0/0]");
    }

    // KStreamSessionWindowAggregateProcessorTest#shouldLogAndMeterWhenSkippingLateRecordWithNonzeroGrace: gap 10, grace 1;
    // a record at 0 is on time at stream time 11 and late at 12 (one drop).
    [Fact]
    public void ShouldLogAndMeterWhenSkippingLateRecordWithNonzeroGrace()
    {
        var (driver, input) = Build(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(1)));
        using var _ = driver;
        using var drops = new DroppedRecordsMeter();

        input.PipeInput("dummy", "dummy", 0);
        input.PipeInput("OnTime1", "1", 0);
        input.PipeInput("dummy", "dummy", 11);
        input.PipeInput("OnTime2", "1", 0);
        input.PipeInput("dummy", "dummy", 12);
        input.PipeInput("Late1", "1", 0);

        drops.Reasons.Should().ContainSingle();
        Read(driver).Select(r => r.Key).Should().Contain("[OnTime2@0/0]").And.NotContain("[Late1@0/0]");
    }
}
