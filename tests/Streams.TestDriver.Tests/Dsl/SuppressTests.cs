using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;
using Streams.State;

namespace Streams.TestDriver.Tests.Dsl;

public class SuppressTests
{
    private static readonly ISerde<Windowed<string?>> WindowSerde10s = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Until_window_closes_emits_one_final_result_per_window_exactly_when_stream_time_reaches_end_plus_grace(bool caching)
    {
        // size 10 s, grace 5 s: [0, 10 s) closes at stream time 15 s.
        using var f = new WindowedFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), caching);

        f.Pipe("a", 1_000);
        f.Pipe("a", 2_000);
        f.Pipe("b", 9_000);
        f.Pipe("a", 8_000);
        f.Pipe("c", 14_999);

        f.Read().Should().BeEmpty("stream time 14.999 s is one millisecond before the window closes");

        f.Pipe("c", 15_000);

        f.Read().Should().Equal(("a", 0L, 3L, 8_000L), ("b", 0L, 1L, 9_000L));

        f.Pipe("c", 16_000);
        f.Pipe("a", 9_999);

        f.Read().Should().BeEmpty("each window is emitted once, and the late record was dropped by the aggregation");
        f.Driver.GetWindowStore<string, long>("counts")!.Fetch("a", 0).Should().Be(3);
    }

    [Fact]
    public void Until_window_closes_includes_an_out_of_order_record_that_arrives_within_grace()
    {
        using var f = new WindowedFixture(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), caching: false);
        f.Pipe("a", 5_000);
        f.Pipe("b", 14_000);

        f.Pipe("a", 9_500);
        f.Pipe("b", 25_000);

        f.Read().Should().Equal(("a", 0L, 2L, 9_500L), ("b", 10_000L, 1L, 14_000L));
    }

    [Fact]
    public void Until_window_closes_with_zero_grace_emits_when_stream_time_reaches_the_window_end()
    {
        using var f = new WindowedFixture(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)), caching: false);
        f.Pipe("a", 9_999);
        f.Read().Should().BeEmpty();

        f.Pipe("b", 10_000);

        f.Read().Should().Equal(("a", 0L, 1L, 9_999L));
    }

    [Fact]
    public void Until_window_closes_finds_the_grace_through_table_operators_after_the_aggregation()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))
            .Count(Materialized<string, long>.As("counts").WithCachingDisabled())
            .Filter((_, count) => count > 0)
            .MapValues((_, count) => count * 100, Materialized<Windowed<string>, long>.As("hundreds"))
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream().To("final", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10))!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("final", WindowSerde10s, Serdes.Int64);

        input.PipeInput("a", "x", 1_000);
        input.PipeInput("b", "x", 14_999);
        output.IsEmpty.Should().BeTrue();
        input.PipeInput("b", "x", 15_000);

        output.ReadPairs().Should().Equal((new Windowed<string?>("a", new Window(0, 10_000)), 100L));
    }

    [Fact]
    public void Until_window_closes_takes_the_largest_grace_of_the_aggregations_upstream()
    {
        var builder = new StreamsBuilder();
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10));
        IKTable<Windowed<string>, long> Counts(string topic, long graceMs) => builder.Stream<string, string>(topic).GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(graceMs)))
            .Count(Materialized<string, long>.As(topic + "-counts").WithCachingDisabled());
        var merged = Counts("short", 1_000).ToStream().Merge(Counts("long", 5_000).ToStream());
        merged.ToTable(Materialized<Windowed<string>, long>.As("merged").WithKeySerde(serde!).WithValueSerde(Serdes.Int64))
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream().To("final", Produced<Windowed<string>, long>.With(serde!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var shortInput = driver.CreateInputTopic("short", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("final", WindowSerde10s, Serdes.Int64);

        shortInput.PipeInput("a", "x", 1_000);
        shortInput.PipeInput("b", "x", 14_999);
        output.IsEmpty.Should().BeTrue("the grace is 5 s, the larger of the two aggregations'");
        shortInput.PipeInput("b", "x", 15_000);

        output.ReadPairs().Select(p => (p.Key.Key, p.Value)).Should().Equal(("a", 1L));
    }

    [Fact]
    public void Until_window_closes_on_a_table_without_windowed_aggregation_upstream_is_refused_when_built()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table<Windowed<string>, string>(
            "t", Consumed<Windowed<string>, string>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(10))!, Serdes.String!));

        var act = () => table.Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()));

        act.Should().Throw<TopologyException>().WithMessage("*Window close time is only defined for windowed computations*KTABLE-SOURCE-*");
    }

    [Fact]
    public void Until_time_limit_emits_the_latest_value_of_a_key_once_stream_time_passes_its_first_update_plus_the_limit()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()));

        f.Input.PipeInput("k", "v1", 1_000);
        f.Input.PipeInput("k", "v2", 5_000);
        f.Input.PipeInput("other", "x", 6_000);
        f.Input.PipeInput("other", "y", 10_999);
        f.Read().Should().BeEmpty("the timer of k started at 1 s and is not restarted by its update");

        f.Input.PipeInput("z", "z", 11_000);

        f.Read().Should().Equal(("k", "v2", 5_000L));

        f.Input.PipeInput("z", "z2", 16_000);

        f.Read().Should().Equal(("other", "y", 10_999L));
    }

    [Fact]
    public void Until_time_limit_of_zero_emits_every_update_at_once()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.Zero, BufferConfig.Unbounded()));

        f.Input.PipeInput("k", "v1", 1_000);
        f.Input.PipeInput("k", "v2", 1_000);

        f.Read().Should().Equal(("k", "v1", 1_000L), ("k", "v2", 1_000L));
    }

    [Fact]
    public void Until_time_limit_measures_stream_time_so_wall_clock_time_alone_emits_nothing()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(1), BufferConfig.Unbounded()));
        f.Input.PipeInput("k", "v", 1_000);

        f.Driver.AdvanceWallClockTime(TimeSpan.FromHours(1));

        f.Read().Should().BeEmpty();
    }

    [Fact]
    public void Until_time_limit_emits_a_delete_even_for_a_key_it_never_emitted()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()));

        f.Input.PipeInput("k", "v", 1_000);
        f.Input.PipeInput("k", null, 2_000);
        f.Input.PipeInput("other", "x", 11_000);

        f.Read().Should().Equal(("k", null, 2_000L));
    }

    [Fact]
    public void A_full_buffer_that_emits_early_emits_its_oldest_entries_and_counts_keys_not_updates()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromHours(1), BufferConfig.MaxRecords(2)));

        f.Input.PipeInput("a", "a1", 1_000);
        f.Input.PipeInput("b", "b1", 2_000);
        f.Input.PipeInput("a", "a2", 3_000);
        f.Read().Should().BeEmpty("two keys fit, however often they are updated");

        f.Input.PipeInput("c", "c1", 4_000);

        f.Read().Should().Equal(("a", "a2", 3_000L));

        f.Input.PipeInput("d", "d1", 5_000);

        f.Read().Should().Equal(("b", "b1", 2_000L));
    }

    [Fact]
    public void A_byte_limit_smaller_than_one_entry_emits_every_update_at_once()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromHours(1), BufferConfig.MaxBytes(1)));

        f.Input.PipeInput("a", "a1", 1_000);

        f.Read().Should().Equal(("a", "a1", 1_000L));
    }

    [Fact]
    public void A_full_buffer_that_shuts_down_fails_with_the_processor_name_and_the_buffer_counts_and_limits()
    {
        using var f = new TimeLimitFixture(
            Suppressed<string>.UntilTimeLimit(TimeSpan.FromHours(1), BufferConfig.MaxRecords(1).ShutDownWhenFull()).WithName("slow-down"));
        f.Input.PipeInput("a", "a1", 1_000);
        f.Input.PipeInput("a", "a2", 2_000);

        var act = () => f.Input.PipeInput("b", "b1", 3_000);

        act.Should().Throw<StreamsException>().WithMessage("slow-down buffer exceeded its max capacity. Currently [2/1] records and [*/unbounded] bytes*");
        f.Read().Should().BeEmpty("a strict buffer never emits early");
    }

    [Fact]
    public void Until_window_closes_with_a_limited_strict_buffer_fails_instead_of_emitting_early()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)))
            .Count(Materialized<string, long>.As("counts"))
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.MaxRecords(1).ShutDownWhenFull()))
            .ToStream().To("final", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(10))!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);
        input.PipeInput("a", "x", 1_000);

        var act = () => input.PipeInput("b", "x", 2_000);

        act.Should().Throw<StreamsException>().WithMessage("KTABLE-SUPPRESS-* buffer exceeded its max capacity. Currently [2/1] records*");
    }

    [Fact]
    public void The_buffer_is_changelogged_to_the_named_store_topic_unless_logging_is_disabled()
    {
        using (var logged = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()).WithName("wait")))
        {
            logged.Input.PipeInput("k", "v", 1_000);
            logged.Input.PipeInput("other", "x", 11_000);

            // First commit: k buffered. Second: k evicted (tombstone) and other buffered, in no particular order.
            var changelog = logged.Driver.CreateOutputTopic("test-driver-wait-store-changelog", Serdes.String, Serdes.ByteArray).ReadPairs()
                .Select(r => (r.Key, Tombstone: r.Value is null)).ToList();
            changelog.Should().HaveCount(3);
            changelog[0].Should().Be(("k", false));
            changelog.Skip(1).Should().BeEquivalentTo([("k", true), ("other", false)]);
        }

        using var unlogged = new TimeLimitFixture(
            Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()).WithName("wait").WithLoggingDisabled());
        unlogged.Input.PipeInput("k", "v", 1_000);
        unlogged.Driver.ProducedTopicNames.Should().NotContain(t => t.EndsWith("-store-changelog", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unnamed_suppression_gets_generated_processor_and_store_names()
    {
        using var f = new TimeLimitFixture(Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()));

        f.Input.PipeInput("k", "v", 1_000);

        f.Driver.ProducedTopicNames.Should().Contain(t => t.StartsWith("test-driver-KTABLE-SUPPRESS-STATE-STORE-", StringComparison.Ordinal) && t.EndsWith("-changelog", StringComparison.Ordinal));
        f.Driver.GetAllStateStores().Keys.Should().Contain(k => k.StartsWith("KTABLE-SUPPRESS-STATE-STORE-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_join_reads_a_buffered_key_of_a_suppressed_table_as_the_value_last_emitted()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table<string, string>("t")
            .Suppress(Suppressed<string>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()));
        builder.Stream<string, string>("s").LeftJoin(table, (v, t) => $"{v}+{t ?? "none"}").To("joined");
        using var driver = new TopologyTestDriver(builder.Build());
        var tableInput = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var streamInput = driver.CreateInputTopic("s", Serdes.String, Serdes.String);
        var joined = driver.CreateOutputTopic("joined", Serdes.String, Serdes.String);

        tableInput.PipeInput("k", "a", 0);
        streamInput.PipeInput("k", "s1", 1);
        tableInput.PipeInput("other", "x", 10_000); // emits k=a
        streamInput.PipeInput("k", "s2", 10_001);
        tableInput.PipeInput("k", "b", 10_002); // buffered: downstream still sees a
        streamInput.PipeInput("k", "s3", 10_003);

        joined.ReadPairs().Select(p => p.Value).Should().Equal("s1+none", "s2+a", "s3+a");
    }

    [Fact]
    public void Suppress_validates_its_arguments()
    {
        FluentActions.Invoking(() => Suppressed<string>.UntilTimeLimit(TimeSpan.FromMilliseconds(-1), BufferConfig.Unbounded())).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Suppressed<string>.UntilTimeLimit(TimeSpan.Zero, null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => BufferConfig.MaxRecords(-1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Suppressed<string>.UntilTimeLimit(TimeSpan.Zero, BufferConfig.Unbounded()).WithName("bad name")).Should().Throw<ArgumentException>();
        BufferConfig.MaxRecords(5).ShutDownWhenFull().Should().BeOfType<StrictBufferConfig>().Which.RecordLimit.Should().Be(5);
        BufferConfig.MaxRecords(5).ShutsDownWhenFull.Should().BeFalse("a size-limited config emits early by default, as in Kafka Streams");
        BufferConfig.Unbounded().WithMaxBytes(100).Should().BeOfType<StrictBufferConfig>().Which.ByteLimit.Should().Be(100);
    }

    private sealed class WindowedFixture : IDisposable
    {
        private readonly TestInputTopic<string?, string?> _input;
        private readonly TestOutputTopic<Windowed<string?>, long> _output;

        public WindowedFixture(TimeWindows windows, bool caching)
        {
            var builder = new StreamsBuilder();
            var materialized = Materialized<string, long>.As("counts");
            builder.Stream<string, string>("events").GroupByKey().WindowedBy(windows)
                .Count(caching ? materialized : materialized.WithCachingDisabled())
                .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
                .ToStream().To("final", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, windows.Size)!, Serdes.Int64));
            Driver = new TopologyTestDriver(builder.Build());
            _input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            _output = Driver.CreateOutputTopic("final", WindowedSerdes.TimeWindowed(Serdes.String, windows.Size), Serdes.Int64);
        }

        public TopologyTestDriver Driver { get; }

        public void Pipe(string key, long timestampMs) => _input.PipeInput(key, "x", timestampMs);

        /// <summary>Final results so far: key, window start, count, record timestamp.</summary>
        public List<(string? Key, long Start, long Count, long Timestamp)> Read() =>
            _output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.StartMs, r.Value, r.TimestampMs!.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }

    private sealed class TimeLimitFixture : IDisposable
    {
        private readonly TestOutputTopic<string?, string?> _output;

        public TimeLimitFixture(Suppressed<string> suppressed)
        {
            var builder = new StreamsBuilder();
            builder.Table<string, string>("t").Suppress(suppressed).ToStream().To("out");
            Driver = new TopologyTestDriver(builder.Build());
            Input = Driver.CreateInputTopic("t", Serdes.String, Serdes.String);
            _output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public List<(string? Key, string? Value, long Timestamp)> Read() =>
            _output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }
}
