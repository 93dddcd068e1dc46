using Microsoft.Extensions.Logging;
using Streams.Testing;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.Dsl;

public class TimeWindowedKStreamTests
{
    private const string Store = "window-counts";

    [Fact]
    public void Tumbling_windows_are_start_inclusive_and_end_exclusive()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));

        f.Pipe("a", 0);
        f.Pipe("a", 9_999);
        f.Pipe("a", 10_000);
        f.Pipe("a", 12_345);

        f.ReadUpdates().Should().Equal(
            ("a", 0L, 10_000L, 1L, 0L),
            ("a", 0L, 10_000L, 2L, 9_999L),
            ("a", 10_000L, 20_000L, 1L, 10_000L),
            ("a", 10_000L, 20_000L, 2L, 12_345L));
    }

    [Fact]
    public void Windows_are_aligned_to_the_epoch_not_to_the_first_record()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1)));

        f.Input.PipeInput("a", "x", new DateTimeOffset(2023, 11, 14, 22, 15, 23, 456, TimeSpan.Zero));

        var window = f.Output.ReadKeyValue().Key.Window;
        window.Start.Should().Be(new DateTimeOffset(2023, 11, 14, 22, 15, 0, TimeSpan.Zero));
        window.End.Should().Be(new DateTimeOffset(2023, 11, 14, 22, 16, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Hopping_windows_put_a_record_into_size_over_advance_windows_by_ascending_start()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(9), TimeSpan.FromMinutes(1)).AdvanceBy(TimeSpan.FromSeconds(3)));

        f.Pipe("a", 20_000);

        f.ReadUpdates().Select(u => (u.Start, u.End)).Should().Equal((12_000L, 21_000L), (15_000L, 24_000L), (18_000L, 27_000L));
    }

    [Fact]
    public void Hopping_windows_near_the_epoch_start_at_zero()
    {
        // size 9 s, advance 3 s: a record at 1 s would fall into [-6 s, 3 s) and [-3 s, 6 s) too, but windows never start before the epoch.
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(9), TimeSpan.FromMinutes(1)).AdvanceBy(TimeSpan.FromSeconds(3)));

        f.Pipe("a", 1_000);
        f.Pipe("a", 3_000);

        f.ReadUpdates().Select(u => (u.Start, u.Count)).Should().Equal((0L, 1L), (0L, 2L), (3_000L, 1L));
    }

    [Fact]
    public void A_window_accepts_records_until_stream_time_reaches_its_end_plus_grace()
    {
        // size 10 s, grace 5 s: [0, 10 s) closes when stream time reaches 15 s.
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        f.Pipe("other", 14_999);

        f.Pipe("a", 5_000);
        f.ReadUpdates().Should().Equal(("other", 10_000L, 20_000L, 1L, 14_999L), ("a", 0L, 10_000L, 1L, 5_000L));

        f.Pipe("other", 15_000);
        f.Pipe("a", 5_001);

        f.ReadUpdates().Should().Equal([("other", 10_000L, 20_000L, 2L, 15_000L)], "at stream time 15 s the window [0, 10 s) is closed");
        f.Driver.GetWindowStore<string, long>(Store)!.Fetch("a", 0).Should().Be(1, "the late record was not applied");
    }

    [Fact]
    public void A_dropped_late_record_is_logged_at_debug_with_its_topic_partition_and_offset()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), options: new TopologyTestDriverOptions { LoggerFactory = loggerFactory });

        f.Pipe("a", 15_000); // offset 0
        f.Pipe("a", 9_999); // offset 1: [0, 10 s) closed at 15 s

        var dropped = logs.Entries.Where(e => e.EventId.Id == 1101).Should().ContainSingle().Subject;
        dropped.Level.Should().Be(LogLevel.Debug);
        dropped.Message.Should().Contain("events-0@1").And.Contain("late").And.Contain("[0,10000)").And.Contain("9999");
    }

    [Fact]
    public void After_a_record_at_20_s_a_record_for_the_window_ending_at_10_s_is_dropped_but_the_window_ending_at_20_s_is_open()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        f.Pipe("a", 20_000);
        f.ReadUpdates();

        f.Pipe("a", 9_000);
        f.Pipe("a", 12_000);

        f.ReadUpdates().Should().Equal(("a", 10_000L, 20_000L, 1L, 12_000L));
    }

    [Fact]
    public void An_out_of_order_record_within_grace_updates_its_window_and_keeps_the_largest_timestamp()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));

        f.Pipe("a", 8_000);
        f.Pipe("a", 12_000);
        f.Pipe("a", 3_000);

        f.ReadUpdates().Should().Equal(
            ("a", 0L, 10_000L, 1L, 8_000L),
            ("a", 10_000L, 20_000L, 1L, 12_000L),
            ("a", 0L, 10_000L, 2L, 8_000L));
        f.Driver.GetTimestampedWindowStore<string, long>(Store)!.Fetch("a", 0).Should().Be(new ValueAndTimestamp<long>(2, 8_000));
    }

    [Fact]
    public void A_late_record_updates_its_open_hopping_windows_and_skips_only_the_closed_ones()
    {
        // size 10 s, advance 5 s, grace 2 s: at stream time 17 s every window ending at or before 15 s is closed.
        using var f = new WindowFixture(
            TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)).AdvanceBy(TimeSpan.FromSeconds(5)),
            retention: TimeSpan.FromMinutes(1));
        f.Pipe("a", 6_000);
        f.Pipe("other", 17_000);
        f.ReadUpdates();

        f.Pipe("a", 11_000);

        f.ReadUpdates().Should().Equal(("a", 10_000L, 20_000L, 1L, 11_000L));
        var store = f.Driver.GetWindowStore<string, long>(Store)!;
        store.Fetch("a", 5_000).Should().Be(1, "[5 s, 15 s) was closed, so the record was not counted there");
        store.Fetch("a", 10_000).Should().Be(1);
    }

    [Fact]
    public void Window_store_fetches_by_key_and_inclusive_window_start_range()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));
        f.Pipe("a", 1_000);
        f.Pipe("a", 11_000);
        f.Pipe("a", 12_000);
        f.Pipe("a", 25_000);
        f.Pipe("b", 3_000);
        var store = f.Driver.GetWindowStore<string, long>(Store)!;

        Read(store.Fetch("a", 0, 10_000)).Should().Equal((0, 1L), (10_000, 2L));
        Read(store.Fetch("a", 5_000, 20_000)).Should().Equal((10_000, 2L), (20_000, 1L));
        Read(store.Fetch("b", 0, 100_000)).Should().Equal((0, 1L));
        Read(store.Fetch("c", 0, 100_000)).Should().BeEmpty();
        store.Fetch("a", 10_000).Should().Be(2);
        Read(store.FetchAll(0, 10_000)).Select(kv => (kv.Key.Key, kv.Key.Window, kv.Value)).Should().BeEquivalentTo(
            [("a", new Window(0, 10_000), 1L), ("a", new Window(10_000, 20_000), 2L), ("b", new Window(0, 10_000), 1L)]);
        Read(store.All()).Should().HaveCount(4);
    }

    [Fact]
    public void The_timestamped_window_store_returns_null_for_a_missing_window()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));
        f.Pipe("a", 11_000);

        var store = f.Driver.GetTimestampedWindowStore<string, long>(Store)!;

        store.Fetch("a", 0).Should().BeNull();
        store.Fetch("a", 10_000).Should().Be(new ValueAndTimestamp<long>(1, 11_000));
    }

    [Fact]
    public void Windows_older_than_the_retention_are_no_longer_readable()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)));
        f.Pipe("a", 1_000);
        f.Driver.GetWindowStore<string, long>(Store)!.Fetch("a", 0).Should().Be(1);

        f.Pipe("a", 25_000);

        f.Driver.GetTimestampedWindowStore<string, long>(Store)!.Fetch("a", 0).Should().BeNull("the default retention is size + grace = 10 s");
    }

    [Fact]
    public void Windowed_reduce_and_aggregate_combine_values_per_window()
    {
        var builder = new StreamsBuilder();
        var windowed = builder.Stream<string, long>("in").GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)));
        windowed.Reduce((a, b) => a + b, Materialized<string, long>.As("sums")).ToStream().To("sums");
        windowed.Aggregate(() => "", (_, v, agg) => agg + v, Materialized<string, string>.As("concat")).ToStream().To("concat");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);

        input.PipeInput("k", 1L, 1_000);
        input.PipeInput("k", 2L, 2_000);
        input.PipeInput("k", 3L, 10_000);

        var windowSerde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10));
        driver.CreateOutputTopic("sums", windowSerde, Serdes.Int64).ReadRecordsToList().Select(r => (r.Key.Window.StartMs, r.Value))
            .Should().Equal((0L, 1L), (0L, 3L), (10_000L, 3L));
        driver.CreateOutputTopic("concat", windowSerde, Serdes.String).ReadRecordsToList().Select(r => (r.Key.Window.StartMs, r.Value))
            .Should().Equal((0L, "1"), (0L, "12"), (10_000L, "3"));
    }

    [Fact]
    public void Window_updates_are_written_to_the_changelog()
    {
        using var f = new WindowFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)).AdvanceBy(TimeSpan.FromSeconds(5)));

        f.Pipe("a", 7_000);

        f.Driver.CreateOutputTopic($"test-driver-{Store}-changelog", Serdes.ByteArray, Serdes.ByteArray).QueueSize.Should().Be(2, "one change per updated window");
    }

    private static List<(TKey Key, TValue Value)> Read<TKey, TValue>(IKeyValueIterator<TKey, TValue> iterator) =>
        iterator.Select(kv => (kv.Key, kv.Value)).ToList();

    private sealed class WindowFixture : IDisposable
    {
        public WindowFixture(TimeWindows windows, TimeSpan? retention = null, TopologyTestDriverOptions? options = null)
        {
            var builder = new StreamsBuilder();
            var materialized = Materialized<string, long>.As(Store);
            if (retention is { } r)
            {
                materialized = materialized.WithRetention(r);
            }

            builder.Stream<string, string>("events").GroupByKey().WindowedBy(windows).Count(materialized).ToStream().To("out");
            Driver = new TopologyTestDriver(builder.Build(), options ?? new TopologyTestDriverOptions());
            Input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, windows.Size), Serdes.Int64);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public TestOutputTopic<Windowed<string?>, long> Output { get; }

        public void Pipe(string key, long timestampMs) => Input.PipeInput(key, "x", timestampMs);

        /// <summary>Every window update written so far: key, window start and end, count, record timestamp.</summary>
        public List<(string? Key, long Start, long End, long Count, long Timestamp)> ReadUpdates() =>
            Output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value, r.TimestampMs!.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }
}
