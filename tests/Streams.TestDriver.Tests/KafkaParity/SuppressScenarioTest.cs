using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/SuppressScenarioTest.java</c>, through the driver.</summary>
public class SuppressScenarioTest
{
    // SuppressScenarioTest#shouldSupportFinalResultsForSessionWindows: a merged-away session is written as a null value
    // (not as 8 zero bytes) on the raw output, and only final results leave the suppression.
    [Fact]
    public void ShouldSupportFinalResultsForSessionWindows()
    {
        var builder = new StreamsBuilder();
        var valueCounts = builder.Stream<string, string>("input", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupBy((k, _) => k, Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .WindowedBy(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(5)))
            .Count(Materialized<string, long>.As("counts").WithCachingDisabled());
        valueCounts
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream()
            .Map((k, v) => (k.ToString(), v))
            .To("output-suppressed", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        valueCounts
            .ToStream()
            .Map((k, v) => (k.ToString(), v))
            .To("output-raw", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);

        input.PipeInput("k1", "v1", 0);
        input.PipeInput("k1", "v1", 5);
        input.PipeInput("k1", "v1", 1);
        input.PipeInput("k2", "v1", 11);
        input.PipeInput("k1", "v1", 5);   // late for the first session: dropped from both outputs
        input.PipeInput("k1", "v1", 30);

        driver.CreateOutputTopic("output-raw", Serdes.String, Serdes.Nullable(Serdes.Int64)).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
                ("[k1@0/0]", 1L, 0L),
                ("[k1@0/0]", (long?)null, 0L),
                ("[k1@0/5]", 2L, 5L),
                ("[k1@0/5]", (long?)null, 5L),
                ("[k1@0/5]", 3L, 5L),
                ("[k2@11/11]", 1L, 11L),
                ("[k1@30/30]", 1L, 30L));
        driver.CreateOutputTopic("output-suppressed", Serdes.String, Serdes.Nullable(Serdes.Int64)).ReadRecordsToList()
            .Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
                ("[k1@0/5]", 3L, 5L),
                ("[k2@11/11]", 1L, 11L));
    }
}
