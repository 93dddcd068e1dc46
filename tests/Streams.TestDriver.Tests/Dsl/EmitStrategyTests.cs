using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>EmitStrategy.OnWindowClose (KIP-825) for time and sliding windows; expected results worked out by hand.</summary>
public sealed class EmitStrategyTests : IDisposable
{
    private const string Store = "final-counts";
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public EmitStrategyTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));

    public void Dispose() => _loggerFactory.Dispose();

    [Fact]
    public void A_tumbling_window_is_emitted_once_when_stream_time_reaches_its_end_plus_grace()
    {
        // size 10 s, grace 5 s: [0, 10 s) closes when stream time reaches 15 s.
        using var f = new CountFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));

        f.Pipe("a", 1_000);
        f.Pipe("a", 9_000);
        f.Pipe("a", 14_999);
        f.ReadResults().Should().BeEmpty("no window has closed at stream time 14.999 s");
        f.Driver.GetTimestampedWindowStore<string, long>(Store)!.Fetch("a", 0).Should().Be(new ValueAndTimestamp<long>(2, 9_000), "the store is updated all along");

        f.Pipe("a", 15_000);
        f.Pipe("a", 16_000);

        f.ReadResults().Should().Equal([("a", 0L, 10_000L, 2L, 9_000L)], "emitted once, with the largest record timestamp of the window");
    }

    [Fact]
    public void Windows_without_records_emit_nothing()
    {
        using var f = new CountFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)));

        f.Pipe("a", 1_000);
        f.Pipe("a", 45_000);
        f.Pipe("a", 60_000);

        f.ReadResults().Should().Equal(("a", 0L, 10_000L, 1L, 1_000L), ("a", 40_000L, 50_000L, 1L, 45_000L));
    }

    [Fact]
    public void A_late_record_is_dropped_and_the_closed_window_is_not_emitted_again()
    {
        using var f = new CountFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), _loggerFactory);
        f.Pipe("a", 5_000);
        f.Pipe("a", 15_000);
        f.ReadResults().Should().Equal(("a", 0L, 10_000L, 1L, 5_000L));

        f.Pipe("a", 9_999);
        f.Pipe("a", 16_000);

        f.ReadResults().Should().BeEmpty();
        _logs.Entries.Where(e => e.EventId.Id == 1101).Should().ContainSingle().Which.Message.Should().Contain("late");
        f.Driver.GetTimestampedWindowStore<string, long>(Store)!.Fetch("a", 0).Should().Be(new ValueAndTimestamp<long>(1, 5_000));
    }

    [Fact]
    public void Hopping_windows_are_each_emitted_once_by_start()
    {
        // size 10 s, advance 5 s, no grace.
        using var f = new CountFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)).AdvanceBy(TimeSpan.FromSeconds(5)));

        f.Pipe("a", 7_000);
        f.Pipe("a", 10_000); // closes [0, 10 s)
        f.Pipe("a", 15_000); // closes [5 s, 15 s)
        f.Pipe("a", 30_000); // closes [10 s, 20 s), [15 s, 25 s) and the empty [20 s, 30 s)

        f.ReadResults().Should().Equal(
            ("a", 0L, 10_000L, 1L, 7_000L),
            ("a", 5_000L, 15_000L, 2L, 10_000L),
            ("a", 10_000L, 20_000L, 2L, 15_000L),
            ("a", 15_000L, 25_000L, 1L, 15_000L));
    }

    [Fact]
    public void Windows_closing_together_are_emitted_by_start_then_key()
    {
        using var f = new CountFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)));

        f.Pipe("b", 1_000);
        f.Pipe("a", 2_000);
        f.Pipe("b", 12_000);
        f.Pipe("c", 30_000);

        f.ReadResults().Should().Equal(
            ("a", 0L, 10_000L, 1L, 2_000L),
            ("b", 0L, 10_000L, 1L, 1_000L),
            ("b", 10_000L, 20_000L, 1L, 12_000L));
    }

    [Fact]
    public void The_record_cache_makes_no_difference()
    {
        using var cached = new CountFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)), cachingEnabled: true);
        using var uncached = new CountFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)), cachingEnabled: false);

        foreach (var f in new[] { cached, uncached })
        {
            f.Pipe("a", 1_000);
            f.Pipe("a", 2_000);
            f.Pipe("a", 25_000);
        }

        cached.ReadResults().Should().Equal(("a", 0L, 10_000L, 2L, 2_000L));
        uncached.ReadResults().Should().Equal(("a", 0L, 10_000L, 2L, 2_000L));
    }

    [Fact]
    public void The_last_emitted_close_time_is_kept_in_a_companion_store()
    {
        using var f = new CountFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));

        f.Pipe("a", 27_000);

        f.Driver.GetKeyValueStore<string?, long>(Store + "-emit-final-metadata")!.Get(Store).Should().Be(22_000, "stream time 27 s minus grace 5 s");
        f.Driver.ProducedTopicNames.Should().Contain($"test-driver-{Store}-emit-final-metadata-changelog");
    }

    [Fact]
    public void A_sliding_window_is_emitted_once_stream_time_passes_its_end_plus_grace()
    {
        // time difference 10 s, grace 5 s: a window [s, e] is emitted when e < streamTime - 5 s.
        using var f = new CountFixture(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        f.Pipe("a", 10_000); // [0, 10 s]
        f.Pipe("a", 20_000); // [10 s, 20 s] with both records, [10.001 s, 20.001 s]; closes [0, 10 s]
        f.ReadResults().Should().Equal([("a", 0L, 10_000L, 1L, 10_000L)]);

        f.Pipe("b", 25_000);
        f.ReadResults().Should().BeEmpty("[10 s, 20 s] is still open at stream time 25 s");

        f.Pipe("b", 25_001);
        f.ReadResults().Should().Equal([("a", 10_000L, 20_000L, 2L, 20_000L)]);

        f.Pipe("b", 25_002);
        f.ReadResults().Should().Equal([("a", 10_001L, 20_001L, 1L, 20_000L)]);
    }

    [Fact]
    public void A_sliding_window_is_emitted_with_its_final_content_after_out_of_order_updates()
    {
        using var f = new CountFixture(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), _loggerFactory);
        f.Pipe("a", 10_000);
        f.Pipe("a", 20_000);
        f.Pipe("a", 15_000); // out of order, within grace
        f.Pipe("a", 45_000); // closes everything ending before 35 s

        f.ReadResults().Should().Equal(
            ("a", 0L, 10_000L, 1L, 10_000L),
            ("a", 5_000L, 15_000L, 2L, 15_000L),
            ("a", 10_000L, 20_000L, 3L, 20_000L),
            ("a", 10_001L, 20_001L, 2L, 20_000L),
            ("a", 15_001L, 25_001L, 1L, 20_000L));

        f.Pipe("a", 12_000); // late: its windows closed
        f.Pipe("a", 46_000);

        f.ReadResults().Should().BeEmpty();
        _logs.Entries.Where(e => e.EventId.Id == 1101).Should().ContainSingle().Which.Message.Should().Contain("late");
    }

    [Fact]
    public void After_a_restart_closed_windows_are_neither_emitted_again_nor_lost()
    {
        using var state = new TempDirectory();
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10));
        var options = new TopologyTestDriverOptions { StateDirectory = state.Path, DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance };

        // Retention 1 min keeps the emitted window [0, 10 s) in the store across the restart.
        using (var first = new CountFixture(windows, options: options, retention: TimeSpan.FromMinutes(1)))
        {
            first.Pipe("a", 1_000);
            first.Pipe("a", 12_000); // closes and emits [0, 10 s)
            first.Pipe("a", 15_000);
            first.ReadResults().Should().Equal(("a", 0L, 10_000L, 1L, 1_000L));
        }

        using var second = new CountFixture(windows, options: options, retention: TimeSpan.FromMinutes(1));
        second.Pipe("a", 21_000); // closes [10 s, 20 s), filled before the restart

        second.ReadResults().Should().Equal(("a", 10_000L, 20_000L, 2L, 15_000L));
    }

    [Fact]
    public void After_a_restart_sliding_windows_are_neither_emitted_again_nor_lost()
    {
        using var state = new TempDirectory();
        var windows = SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(10));
        var options = new TopologyTestDriverOptions { StateDirectory = state.Path, DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance };

        using (var first = new CountFixture(windows, options: options, retention: TimeSpan.FromMinutes(1)))
        {
            first.Pipe("a", 10_000);
            first.Pipe("a", 20_001); // closes [0, 10 s]
            first.ReadResults().Should().Equal(("a", 0L, 10_000L, 1L, 10_000L));
        }

        using var second = new CountFixture(windows, options: options, retention: TimeSpan.FromMinutes(1));
        second.Pipe("a", 40_000); // closes [10.001 s, 20.001 s], filled before the restart

        second.ReadResults().Should().Equal(("a", 10_001L, 20_001L, 1L, 20_001L));
    }

    /// <summary>Counts per key with OnWindowClose; results written to "out".</summary>
    private sealed class CountFixture : IDisposable
    {
        public CountFixture(TimeWindows windows, ILoggerFactory? loggerFactory = null, bool cachingEnabled = false, TopologyTestDriverOptions? options = null, TimeSpan? retention = null)
            : this(g => g.WindowedBy(windows), windows.SizeMs, loggerFactory, cachingEnabled, options, retention)
        {
        }

        public CountFixture(SlidingWindows windows, ILoggerFactory? loggerFactory = null, bool cachingEnabled = false, TopologyTestDriverOptions? options = null, TimeSpan? retention = null)
            : this(g => g.WindowedBy(windows), windows.TimeDifferenceMs, loggerFactory, cachingEnabled, options, retention)
        {
        }

        private CountFixture(
            Func<IKGroupedStream<string, string>, ITimeWindowedKStream<string, string>> window,
            long windowSizeMs,
            ILoggerFactory? loggerFactory,
            bool cachingEnabled,
            TopologyTestDriverOptions? options,
            TimeSpan? retention)
        {
            var builder = new StreamsBuilder();
            var materialized = Materialized<string, long>.As(Store);
            materialized = cachingEnabled ? materialized.WithCachingEnabled() : materialized.WithCachingDisabled();
            if (retention is { } r)
            {
                materialized = materialized.WithRetention(r);
            }

            window(builder.Stream<string, string>("events").GroupByKey()).EmitStrategy(EmitStrategy.OnWindowClose())
                .Count(materialized).ToStream().To("out");
            options ??= new TopologyTestDriverOptions();
            if (loggerFactory is not null)
            {
                options.LoggerFactory = loggerFactory;
            }

            Driver = new TopologyTestDriver(builder.Build(), options);
            Input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(windowSizeMs)), Serdes.Int64);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public TestOutputTopic<Windowed<string?>, long> Output { get; }

        public void Pipe(string key, long timestampMs) => Input.PipeInput(key, "x", timestampMs);

        /// <summary>Every result written so far: key, window start and end, count, record timestamp.</summary>
        public List<(string? Key, long Start, long End, long Count, long Timestamp)> ReadResults() =>
            Output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value, r.TimestampMs!.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "emit-final-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
