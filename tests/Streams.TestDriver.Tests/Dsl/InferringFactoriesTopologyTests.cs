using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// A topology written with the non-generic factories only (no type argument restated, as the README's example) runs,
/// and the names and serdes of the untyped parameters reach the operators they convert to.
/// </summary>
public class InferringFactoriesTopologyTests
{
    [Fact]
    public void The_readme_example_without_type_arguments_counts_per_window()
    {
        var builder = new StreamsBuilder();
        builder.Stream("page-views", Consumed.With(Serdes.String, Serdes.String))
            .Filter((user, page) => page is not null)
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)))
            .Count(Materialized.As("views-per-user"))
            .ToStream()
            .Map((window, count) => (window.Key, count))
            .To("views-per-user-5m", Produced.With(Serdes.String, Serdes.Int64));

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("page-views", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("views-per-user-5m", Serdes.String, Serdes.Int64);
        input.PipeInput("alice", "/home", DateTimeOffset.Parse("2024-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        input.PipeInput("alice", "/cart", DateTimeOffset.Parse("2024-01-01T10:01:00Z", System.Globalization.CultureInfo.InvariantCulture));

        output.ReadKeyValuesToList().Should().Equal(
            new KeyValuePair<string?, long>("alice", 1), new KeyValuePair<string?, long>("alice", 2));
        driver.GetTimestampedWindowStore<string?, long>("views-per-user").Should().NotBeNull();
    }

    [Fact]
    public void Untyped_names_name_the_source_repartition_store_sink_and_suppression()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("orders", Consumed.As("orders-source"))   // a name carries no type: the source states them
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped.As("by-value"))
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1)))
            .Count(Materialized.As("counts").WithCachingDisabled())
            .Suppress(Suppressed.UntilWindowCloses(BufferConfig.Unbounded()).WithName("final"))
            .ToStream()
            .Map((window, count) => (window.Key, count))
            .To("out", Produced.As("counts-sink"));

        var text = builder.Build().Describe().ToString();

        text.Should().Contain("Source: orders-source (topics: [orders])")
            .And.Contain("by-value-repartition")
            .And.Contain("stores: [counts]")
            .And.Contain("Processor: final ")
            .And.Contain("Sink: counts-sink (topic: out)");
    }
}
