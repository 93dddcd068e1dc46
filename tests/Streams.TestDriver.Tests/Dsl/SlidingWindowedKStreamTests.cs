using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Errors;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// Sliding windows through the driver. Expected windows are worked out by hand from the definition (a window
/// [start, start + timeDifference] holds the records whose timestamps lie in it, both bounds inclusive) and from
/// the order in which Kafka Streams' KStreamSlidingWindowAggregate visits and creates windows.
/// </summary>
public class SlidingWindowedKStreamTests
{
    private const string Store = "sliding";

    [Fact]
    public void The_javadoc_example_produces_five_windows_created_at_record_timestamps()
    {
        // Kafka Streams' SlidingWindows javadoc: time difference 5 s, records 1 @ 8 s, 2 @ 9.2 s, 3 @ 12.4 s.
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(5)));

        f.Pipe("A", "1", 8_000);
        f.Pipe("A", "2", 9_200);
        f.Pipe("A", "3", 12_400);

        f.ReadUpdates().Should().Equal(
            (3_000L, 8_000L, "1", 8_000L),       // left window of 8 s
            (8_001L, 13_001L, "2", 9_200L),      // right window of 8 s: 9.2 s is the first record after it
            (4_200L, 9_200L, "12", 9_200L),      // left window of 9.2 s, seeded with 8 s
            (8_001L, 13_001L, "23", 12_400L),    // 12.4 s falls into 8 s's right window
            (9_201L, 14_201L, "3", 12_400L),     // right window of 9.2 s: 12.4 s is the first record after it
            (7_400L, 12_400L, "123", 12_400L));  // left window of 12.4 s, seeded with the window ending at 9.2 s
        f.WindowsOf("A").Should().Equal(
            (3_000L, "1"), (4_200L, "12"), (7_400L, "123"), (8_001L, "23"), (9_201L, "3"));
    }

    [Fact]
    public void Records_exactly_the_time_difference_apart_share_a_window_and_one_millisecond_more_do_not()
    {
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));

        f.Pipe("a", "x", 10_000);
        f.Pipe("a", "y", 20_000);
        f.Pipe("b", "x", 10_000);
        f.Pipe("b", "y", 20_001);

        var store = f.Driver.GetTimestampedWindowStore<string, string>(Store)!;
        store.Fetch("a", 10_000).Should().Be(new ValueAndTimestamp<string>("xy", 20_000), "[10 s, 20 s] includes both of its bounds");
        store.Fetch("a", 0).Should().Be(new ValueAndTimestamp<string>("x", 10_000));
        store.Fetch("a", 10_001).Should().Be(new ValueAndTimestamp<string>("y", 20_000));
        f.WindowsOf("b").Should().Equal((0L, "x"), (10_001L, "y"));
    }

    [Fact]
    public void An_out_of_order_record_updates_the_windows_that_contain_it_and_creates_its_own()
    {
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));
        f.Pipe("a", "1", 10_000);
        f.Pipe("a", "3", 20_000);
        f.ReadUpdates();

        f.Pipe("a", "2", 15_000);

        f.ReadUpdates().Should().Equal(
            (10_001L, 20_001L, "32", 20_000L),   // newest window containing 15 s first
            (10_000L, 20_000L, "132", 20_000L),
            (5_000L, 15_000L, "12", 15_000L),    // its left window, seeded with the window ending at 10 s
            (15_001L, 25_001L, "3", 20_000L));   // its right window, holding the later record at 20 s
        f.WindowsOf("a").Should().Equal(
            (0L, "1"), (5_000L, "12"), (10_000L, "132"), (10_001L, "32"), (15_001L, "3"));
    }

    [Fact]
    public void Records_before_the_time_difference_share_the_window_starting_at_the_epoch()
    {
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));

        f.Pipe("a", "1", 2_000);
        f.Pipe("a", "2", 5_000);
        f.Pipe("a", "3", 13_000);

        f.ReadUpdates().Should().Equal(
            (0L, 10_000L, "1", 2_000L),
            (2_001L, 12_001L, "2", 5_000L),      // right window of 2 s
            (0L, 10_000L, "12", 5_000L),         // no window [-5 s, 5 s]: 5 s joins [0, 10 s]
            (5_001L, 15_001L, "3", 13_000L),     // right window of 5 s
            (3_000L, 13_000L, "23", 13_000L));
    }

    [Fact]
    public void A_window_accepts_records_until_stream_time_passes_its_end_plus_grace()
    {
        // time difference 10 s, grace 5 s: [90 s, 100 s] is open while stream time <= 105 s.
        using var f = new ConcatFixture(
            SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), options: new TopologyTestDriverOptions { LoggerFactory = _logs.Factory });
        f.Pipe("a", "1", 100_000);
        f.Pipe("other", "-", 105_000);
        f.ReadUpdates();

        f.Pipe("a", "2", 95_000);

        f.ReadUpdates("a").Should().Equal(
            (90_000L, 100_000L, "12", 100_000L),
            (95_001L, 105_001L, "1", 100_000L)); // its left window [85 s, 95 s] is closed: skipped
        _logs.LateDrops().Should().ContainSingle().Which.Should().Contain("[85000,95000]");

        f.Pipe("other", "-", 105_001);
        f.Pipe("a", "3", 96_000);

        f.ReadUpdates("a").Should().Equal(
            (95_001L, 105_001L, "13", 100_000L),
            (96_001L, 106_001L, "1", 100_000L));
        f.Driver.GetTimestampedWindowStore<string, string>(Store)!.Fetch("a", 90_000)
            .Should().Be(new ValueAndTimestamp<string>("12", 100_000), "at stream time 105.001 s the window [90 s, 100 s] is closed");
        _logs.LateDrops().Should().HaveCount(3, "[85 s, 95 s] earlier, then [90 s, 100 s] and [86 s, 96 s]");
    }

    [Fact]
    public void A_record_whose_right_window_would_close_too_is_dropped_without_touching_the_store()
    {
        // At stream time 105.001 s (close time 100.001 s) a record at t is dropped when t + 1 + 10 s <= 100.001 s.
        using var f = new ConcatFixture(
            SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), options: new TopologyTestDriverOptions { LoggerFactory = _logs.Factory });
        f.Pipe("other", "-", 105_001);
        f.ReadUpdates();

        f.Pipe("a", "late", 90_000);

        f.ReadUpdates().Should().BeEmpty();
        f.WindowsOf("a").Should().BeEmpty();
        _logs.LateDrops().Should().ContainSingle().Which.Should().Contain("sliding windows [80000,90000] and [90001,100001] closed");

        f.Pipe("a", "kept", 90_001);

        f.WindowsOf("a").Should().BeEmpty("both windows of 90.001 s are closed, but the record itself was not dropped up front");
        _logs.LateDrops().Should().HaveCount(2, "its closed left window [80.001 s, 90.001 s] is counted");
    }

    [Fact]
    public void Records_with_a_null_key_or_value_are_dropped_and_counted()
    {
        using var f = new ConcatFixture(
            SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(10)), options: new TopologyTestDriverOptions { LoggerFactory = _logs.Factory });

        f.Input.PipeInput(null, "x", 1_000);
        f.Input.PipeInput("a", null, 2_000);

        f.ReadUpdates().Should().BeEmpty();
        f.WindowsOf("a").Should().BeEmpty();
        _logs.Dropped().Should().HaveCount(2).And.OnlyContain(m => m.Contains("null key or value"));
    }

    [Fact]
    public void A_time_difference_of_zero_groups_records_with_equal_timestamps()
    {
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.Zero, TimeSpan.FromMinutes(1)));

        f.Pipe("a", "1", 100);
        f.Pipe("a", "2", 100);
        f.Pipe("a", "3", 101);

        f.ReadUpdates().Should().Equal((100L, 100L, "1", 100L), (100L, 100L, "12", 100L), (101L, 101L, "3", 101L));
    }

    [Fact]
    public void With_the_record_cache_each_window_ends_with_the_same_value()
    {
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(5)), cachingEnabled: true);

        f.Pipe("A", "1", 8_000);
        f.Pipe("A", "2", 9_200);
        f.Pipe("A", "3", 12_400);

        f.ReadUpdates().GroupBy(u => u.Start).Select(g => (g.Key, g.Last().Value, g.Last().Timestamp)).OrderBy(u => u.Key).Should().Equal(
            (3_000L, "1", 8_000L), (4_200L, "12", 9_200L), (7_400L, "123", 12_400L), (8_001L, "23", 12_400L), (9_201L, "3", 12_400L));
    }

    [Fact]
    public void Sliding_count_and_reduce_aggregate_per_window()
    {
        var builder = new StreamsBuilder();
        var windowed = builder.Stream<string, long>("in").GroupByKey().WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(10)));
        windowed.Count(Materialized<string, long>.As("counts").WithCachingDisabled()).ToStream().To("counts");
        windowed.Reduce((a, b) => a + b, Materialized<string, long>.As("sums").WithCachingDisabled()).ToStream().To("sums");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);

        input.PipeInput("k", 1L, 10_000);
        input.PipeInput("k", 2L, 15_000);

        var windowSerde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10));
        driver.CreateOutputTopic("counts", windowSerde, Serdes.Int64).ReadRecordsToList().Select(r => (r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value))
            .Should().Equal((0L, 10_000L, 1L), (10_001L, 20_001L, 1L), (5_000L, 15_000L, 2L));
        driver.CreateOutputTopic("sums", windowSerde, Serdes.Int64).ReadRecordsToList().Select(r => (r.Key.Window.StartMs, r.Value))
            .Should().Equal((0L, 1L), (10_001L, 2L), (5_000L, 3L));
    }

    [Fact]
    public void A_retention_shorter_than_twice_the_time_difference_plus_grace_is_refused()
    {
        var builder = new StreamsBuilder();
        var windowed = builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));

        var act = () => windowed.Count(Materialized<string, long>.As("s").WithRetention(TimeSpan.FromMilliseconds(20_999)));

        act.Should().Throw<TopologyException>().WithMessage("*21000*");
        windowed.Invoking(w => w.Count(Materialized<string, long>.As("ok").WithRetention(TimeSpan.FromMilliseconds(21_000)))).Should().NotThrow();
    }

    [Fact]
    public void The_store_keeps_windows_for_twice_the_time_difference_plus_grace_by_default()
    {
        using var f = new ConcatFixture(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(10)));
        f.Pipe("a", "1", 10_000);
        f.Pipe("b", "1", 29_999);

        f.WindowsOf("a").Should().Equal([(0L, "1")], "retention 20 s: start 0 is kept while the newest window start (19.999 s) minus 20 s is before it");

        f.Pipe("b", "2", 30_000);

        f.WindowsOf("a").Should().BeEmpty();
    }

    private readonly DroppedLog _logs = new();

    /// <summary>Sliding-window string concatenation per key, caching disabled unless asked, every update written to "out".</summary>
    private sealed class ConcatFixture : IDisposable
    {
        public ConcatFixture(SlidingWindows windows, bool cachingEnabled = false, TopologyTestDriverOptions? options = null)
        {
            var builder = new StreamsBuilder();
            var materialized = Materialized<string, string>.As(Store);
            if (!cachingEnabled)
            {
                materialized = materialized.WithCachingDisabled();
            }

            builder.Stream<string, string>("events").GroupByKey().WindowedBy(windows)
                .Aggregate(() => string.Empty, (_, v, agg) => agg + v, materialized).ToStream().To("out");
            Driver = new TopologyTestDriver(builder.Build(), options ?? new TopologyTestDriverOptions());
            Input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, windows.TimeDifference), Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public TestOutputTopic<Windowed<string?>, string?> Output { get; }

        public void Pipe(string key, string value, long timestampMs) => Input.PipeInput(key, value, timestampMs);

        /// <summary>Every window update written so far (of one key when given): start, end, aggregate, record timestamp.</summary>
        public List<(long Start, long End, string? Value, long Timestamp)> ReadUpdates(string? key = null) =>
            Output.ReadRecordsToList().Where(r => key is null || r.Key.Key == key).Select(r => (r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value, r.TimestampMs!.Value)).ToList();

        /// <summary>Every window of <paramref name="key"/> in the store: start and aggregate, by start.</summary>
        public List<(long Start, string Value)> WindowsOf(string key) =>
            Driver.GetWindowStore<string, string>(Store)!.Fetch(key, 0, long.MaxValue).Select(kv => (kv.Key, kv.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }

    /// <summary>Captures the driver's dropped-record log lines (event 1101).</summary>
    private sealed class DroppedLog
    {
        private readonly CapturingLoggerProvider _provider = new();

        public DroppedLog() => Factory = LoggerFactory.Create(b => b.AddProvider(_provider).SetMinimumLevel(LogLevel.Debug));

        public ILoggerFactory Factory { get; }

        public List<string> Dropped() => _provider.Entries.Where(e => e.EventId.Id == 1101).Select(e => e.Message).ToList();

        public List<string> LateDrops() => Dropped().Where(m => m.Contains("(late)", StringComparison.Ordinal)).ToList();
    }
}
