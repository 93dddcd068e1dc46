using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver;

namespace Streams.TestDriver.Tests;

/// <summary>The examples printed in README.md and docs/testing.md, kept compiling and true.</summary>
public class DocsExamplesTests
{
    [Fact]
    public void Readme_page_view_example_counts_per_five_minute_window()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("page-views", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .Filter((user, page) => page is not null)
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)))
            .Count(Materialized<string?, long>.As("views-per-user"))
            .ToStream()
            .Map((window, count) => (window.Key, (string?)$"{window.Window.Start:O} {count}"))
            .To("views-per-user-5m", Produced<string?, string?>.With(Serdes.String, Serdes.String));

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("page-views", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("views-per-user-5m", Serdes.String, Serdes.String);
        input.PipeInput("alice", "/home", DateTimeOffset.Parse("2024-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        output.ReadKeyValue().Should().Be(new KeyValuePair<string?, string?>("alice", "2024-01-01T10:00:00.0000000+00:00 1"));
    }

    [Fact]
    public void Testing_guide_word_count_example()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("words", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((_, word) => word)
            .Count(Materialized<string?, long>.As("counts"))
            .ToStream()
            .To("word-counts", Produced<string?, long>.With(Serdes.String, Serdes.Int64));

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("words", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("word-counts", Serdes.String, Serdes.Int64);

        input.PipeInput(null, "kafka", timestampMs: 1_000);
        input.PipeInput(null, "kafka", timestampMs: 2_000);

        output.ReadKeyValuesToList().Should().Equal(new KeyValuePair<string?, long>("kafka", 1), new KeyValuePair<string?, long>("kafka", 2));
        driver.GetKeyValueStore<string?, long>("counts")!.Get("kafka").Should().Be(2);
    }
}
