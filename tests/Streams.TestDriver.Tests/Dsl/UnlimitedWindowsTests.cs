using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Dsl;

public class UnlimitedWindowsTests
{
    private const string Store = "landmark";

    [Fact]
    public void One_window_per_key_accumulates_every_record_forever()
    {
        using var f = new CountFixture(UnlimitedWindows.Of());

        f.Pipe("a", 0);
        f.Pipe("a", 1_000_000_000_000);
        f.Pipe("b", 7);
        f.Pipe("a", 5); // far behind stream time: unlimited windows have no grace and never close

        f.ReadUpdates().Should().Equal(
            ("a", 0L, long.MaxValue, 1L, 0L),
            ("a", 0L, long.MaxValue, 2L, 1_000_000_000_000L),
            ("b", 0L, long.MaxValue, 1L, 7L),
            ("a", 0L, long.MaxValue, 3L, 1_000_000_000_000L));
        f.Driver.GetTimestampedWindowStore<string, long>(Store)!.Fetch("a", 0).Should().Be(new ValueAndTimestamp<long>(3, 1_000_000_000_000));
    }

    [Fact]
    public void Records_before_the_start_are_ignored_without_being_counted_as_dropped()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var f = new CountFixture(UnlimitedWindows.Of().StartOn(DateTimeOffset.FromUnixTimeMilliseconds(1_000)), new TopologyTestDriverOptions { LoggerFactory = loggerFactory });

        f.Pipe("a", 999);
        f.ReadUpdates().Should().BeEmpty();

        f.Pipe("a", 1_000);
        f.Pipe("a", 999);

        f.ReadUpdates().Should().Equal([("a", 1_000L, long.MaxValue, 1L, 1_000L)]);
        logs.Entries.Where(e => e.EventId.Id == 1101).Should().BeEmpty("Kafka Streams finds no window for them, which is not a drop");
    }

    [Fact]
    public void The_window_end_is_the_largest_long_and_its_date_saturates()
    {
        using var f = new CountFixture(UnlimitedWindows.Of().StartOn(DateTimeOffset.FromUnixTimeMilliseconds(42)));

        f.Pipe("a", 100);

        var window = f.Output.ReadKeyValue().Key.Window;
        window.Should().Be(new Window(42, long.MaxValue));
        window.End.Should().Be(DateTimeOffset.MaxValue);
        using var stored = f.Driver.GetWindowStore<string, long>(Store)!.FetchAll(0, 100);
        stored.MoveNext().Should().BeTrue();
        stored.Current.Key.Window.Should().Be(new Window(42, long.MaxValue), "the store rebuilds the end from start + size without overflowing");
        stored.MoveNext().Should().BeFalse();
    }

    [Fact]
    public void The_emit_on_window_close_strategy_is_refused_because_the_window_never_closes()
    {
        var windowed = new StreamsBuilder().Stream<string, string>("in").GroupByKey().WindowedBy(UnlimitedWindows.Of());

        windowed.Invoking(w => w.EmitStrategy(EmitStrategy.OnWindowClose())).Should().Throw<ArgumentException>().WithMessage("*UnlimitedWindows*");
        windowed.Invoking(w => w.EmitStrategy(EmitStrategy.OnWindowUpdate())).Should().NotThrow();
    }

    [Fact]
    public void Unlimited_reduce_keeps_a_running_total()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").GroupByKey().WindowedBy(UnlimitedWindows.Of())
            .Reduce((a, b) => a + b, Materialized<string, long>.As("totals")).ToStream().To("totals");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);

        input.PipeInput("k", 5L, 10);
        input.PipeInput("k", 7L, 1_000_000);

        driver.CreateOutputTopic("totals", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.MaxValue), Serdes.Int64).ReadValuesToList().Should().Equal(5L, 12L);
    }

    private sealed class CountFixture : IDisposable
    {
        public CountFixture(UnlimitedWindows windows, TopologyTestDriverOptions? options = null)
        {
            var builder = new StreamsBuilder();
            builder.Stream<string, string>("events").GroupByKey().WindowedBy(windows).Count(Materialized<string, long>.As(Store)).ToStream().To("out");
            Driver = new TopologyTestDriver(builder.Build(), options ?? new TopologyTestDriverOptions());
            Input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, windows.Size), Serdes.Int64);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public TestOutputTopic<Windowed<string?>, long> Output { get; }

        public void Pipe(string key, long timestampMs) => Input.PipeInput(key, "x", timestampMs);

        public List<(string? Key, long Start, long End, long Count, long Timestamp)> ReadUpdates() =>
            Output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value, r.TimestampMs!.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }
}
