using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver;
using Streams.State;

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

    [Fact]
    public void Windows_and_time_emit_on_window_close_example_emits_one_final_count()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("clicks", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)))
            .EmitStrategy(EmitStrategy.OnWindowClose())
            .Count(Materialized<string?, long>.As("clicks-per-5m"))
            .ToStream()
            .To("final-clicks-per-5m", Produced<Windowed<string?>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(5)), Serdes.Int64));

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("final-clicks-per-5m", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(5)), Serdes.Int64);
        var ten = new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
        input.PipeInput("alice", "/a", ten);
        input.PipeInput("alice", "/b", ten.AddMinutes(3));
        input.PipeInput("bob", "/c", ten.AddMinutes(5).AddSeconds(59));
        output.IsEmpty.Should().BeTrue("[10:00, 10:05) closes at stream time 10:06");

        input.PipeInput("bob", "/d", ten.AddMinutes(6));

        var result = output.ReadKeyValue();
        (result.Key.Key, result.Key.Window.Start, result.Value).Should().Be(("alice", ten, 2L));
        output.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Dsl_page_session_count_with_suppress_example_emits_each_session_once_it_closes()
    {
        var builder = new StreamsBuilder();
        var clicks = builder.Stream<string?, string?>("clicks", Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        var perSession = clicks.GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)))
            .Count(Materialized<string?, long>.As("clicks-per-session"))
            .Suppress(Suppressed<Windowed<string?>>.UntilWindowCloses(BufferConfig.Unbounded()));
        perSession.ToStream().To("sessions", Produced<Windowed<string?>, long>.With(WindowedSerdes.SessionWindowed(Serdes.String), Serdes.Int64));

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("sessions", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.Int64);
        var ten = new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
        input.PipeInput("alice", "/a", ten);
        input.PipeInput("alice", "/b", ten.AddMinutes(20));
        input.PipeInput("bob", "/c", ten.AddMinutes(54).AddSeconds(59));
        output.IsEmpty.Should().BeTrue("alice's session [10:00, 10:20] closes at stream time 10:20 + gap 30 + grace 5 = 10:55");

        input.PipeInput("bob", "/d", ten.AddMinutes(55));

        var result = output.ReadKeyValue();
        (result.Key.Key, result.Key.Window.Start, result.Key.Window.End, result.Value).Should().Be(("alice", ten, ten.AddMinutes(20), 2L));
        output.IsEmpty.Should().BeTrue();
    }
}
