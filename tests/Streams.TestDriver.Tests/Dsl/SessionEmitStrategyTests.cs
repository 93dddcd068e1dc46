using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.Testing;
using Streams.State;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// EmitStrategy.OnWindowClose (KIP-825) for session windows: a session closes when its end is before
/// <c>streamTime - grace - gap</c>. Gap 10 s and grace 5 s throughout, so a session ending at e closes when stream
/// time reaches e + 15.001 s. Expected results worked out by hand.
/// </summary>
public sealed class SessionEmitStrategyTests : IDisposable
{
    private const string Store = "final-sessions";
    private static readonly SessionWindows Gap10sGrace5s = SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public SessionEmitStrategyTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));

    public void Dispose() => _loggerFactory.Dispose();

    [Fact]
    public void A_session_is_emitted_once_when_stream_time_passes_its_end_plus_gap_plus_grace_and_not_1_ms_before()
    {
        using var f = new SessionFixture();
        f.Pipe("a", "1", 1_000);
        f.Pipe("a", "2", 4_000); // session [1 s, 4 s]
        f.Pipe("z", "-", 19_000); // close time 4 s: [1 s, 4 s] ends at it, still open
        f.ReadResults().Should().BeEmpty("nothing is forwarded on update, and the session is still open at close time 4 s");

        f.Pipe("z", "-", 19_001); // close time 4.001 s

        f.ReadResults().Should().Equal([("a", 1_000L, 4_000L, "12", 4_000L)], "the final aggregate, stamped with the session end");

        f.Pipe("z", "-", 25_000);
        f.Pipe("y", "-", 40_001); // closes z's session [19 s, 25 s] only
        f.ReadResults().Should().Equal([("z", 19_000L, 25_000L, "---", 25_000L)], "a's session is not emitted again");
    }

    [Fact]
    public void Sessions_merged_before_they_close_emit_only_the_merged_result_and_no_tombstones()
    {
        using var f = new SessionFixture();
        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 12_000); // two sessions: more than the gap apart
        f.Pipe("a", "3", 6_000); // bridges them: [0, 12 s]
        f.ReadResults().Should().BeEmpty();
        f.Sessions("a").Should().Equal((0L, 12_000L, "123"));

        f.Pipe("z", "-", 27_001); // close time 12.001 s

        f.ReadResults().Should().Equal([("a", 0L, 12_000L, "123", 12_000L)]);
    }

    [Fact]
    public void A_record_extending_a_session_to_exactly_the_close_time_is_accepted_and_1_ms_earlier_is_dropped_without_output()
    {
        using var f = new SessionFixture(_loggerFactory);
        f.Pipe("z", "-", 20_000); // close time 5 s
        f.Pipe("a", "late", 4_999); // its session [4.999 s] would end before the close time
        f.Pipe("b", "ok", 5_000); // [5 s, 5 s] is not closed yet
        f.ReadResults().Should().BeEmpty("a dropped record emits nothing, and nothing has closed");
        f.Sessions("a").Should().BeEmpty();
        _logs.Entries.Where(e => e.EventId.Id == 1101).Should().ContainSingle().Which.Message.Should().Contain("late");

        f.Pipe("z", "-", 20_001); // close time 5.001 s

        f.ReadResults().Should().Equal([("b", 5_000L, 5_000L, "ok", 5_000L)]);
    }

    [Fact]
    public void A_late_record_for_a_closed_session_emits_nothing_and_the_session_is_not_emitted_again()
    {
        using var f = new SessionFixture(_loggerFactory);
        f.Pipe("a", "1", 1_000);
        f.Pipe("z", "-", 16_001); // closes [1 s, 1 s]
        f.ReadResults().Should().Equal([("a", 1_000L, 1_000L, "1", 1_000L)]);

        f.Pipe("a", "2", 1_000); // same instant, closed session: late
        f.Pipe("z", "-", 16_002);

        f.ReadResults().Should().BeEmpty();
        _logs.Entries.Where(e => e.EventId.Id == 1101).Should().ContainSingle().Which.Message.Should().Contain("late");
    }

    [Fact]
    public void Sessions_of_several_keys_closing_together_are_emitted_by_end_then_key()
    {
        using var f = new SessionFixture();
        f.Pipe("b", "b", 3_000);
        f.Pipe("a", "a", 3_000);
        f.Pipe("c", "c", 1_000);
        f.Pipe("d", "d", 3_001);

        f.Pipe("z", "-", 18_001); // close time 3.001 s: closes the sessions ending before it

        f.ReadResults().Should().Equal(
            ("c", 1_000L, 1_000L, "c", 1_000L),
            ("a", 3_000L, 3_000L, "a", 3_000L),
            ("b", 3_000L, 3_000L, "b", 3_000L));
    }

    [Fact]
    public void An_open_session_is_never_emitted_however_often_it_is_updated()
    {
        using var f = new SessionFixture();
        for (var t = 0L; t <= 100_000; t += 5_000)
        {
            f.Pipe("a", ".", t); // each record extends the session, and advances stream time with it
        }

        f.ReadResults().Should().BeEmpty();
        f.Sessions("a").Should().ContainSingle().Which.Should().Be((0L, 100_000L, new string('.', 21)));
    }

    [Fact]
    public void The_record_cache_is_not_used()
    {
        using var f = new SessionFixture(cachingEnabled: true);
        f.Pipe("a", "1", 1_000);
        f.Pipe("a", "2", 2_000); // the driver commits after every record: a record cache would flush (and forward) here
        f.ReadResults().Should().BeEmpty();

        f.Pipe("z", "-", 17_001);

        f.ReadResults().Should().Equal([("a", 1_000L, 2_000L, "12", 2_000L)]);
    }

    [Fact]
    public void EmitStrategy_returns_a_copy_and_leaves_the_original_emitting_every_update()
    {
        var builder = new StreamsBuilder();
        var windowed = builder.Stream<string, string>("events").GroupByKey().WindowedBy(Gap10sGrace5s);
        windowed.EmitStrategy(EmitStrategy.OnWindowClose()).Should().NotBeSameAs(windowed);
        windowed.Count(Materialized<string, long>.As("counts").WithCachingDisabled()).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.Int64);

        input.PipeInput("a", "x", 1_000);

        output.ReadRecordsToList().Should().ContainSingle().Which.Value.Should().Be(1);
        FluentActions.Invoking(() => windowed.EmitStrategy(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void The_last_emitted_close_time_is_kept_in_a_companion_store()
    {
        using var f = new SessionFixture();

        f.Pipe("a", "x", 27_000);

        f.Driver.GetKeyValueStore<string?, long>(Store + "-emit-final-metadata")!.Get(Store).Should().Be(12_000, "stream time 27 s minus grace 5 s minus gap 10 s");
        f.Driver.ProducedTopicNames.Should().Contain($"test-driver-{Store}-emit-final-metadata-changelog");
    }

    [Fact]
    public void After_a_restart_closed_sessions_are_neither_emitted_again_nor_lost()
    {
        var state = Path.Combine(Path.GetTempPath(), "session-emit-final-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new TopologyTestDriverOptions { StateDirectory = state, DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance };

            // Retention 1 min keeps the emitted session of "a" in the store across the restart.
            using (var first = new SessionFixture(options: options, retention: TimeSpan.FromMinutes(1)))
            {
                first.Pipe("a", "1", 1_000);
                first.Pipe("b", "2", 20_000); // closes [1 s, 1 s]
                first.Pipe("b", "3", 21_000);
                first.ReadResults().Should().Equal(("a", 1_000L, 1_000L, "1", 1_000L));
            }

            using var second = new SessionFixture(options: options, retention: TimeSpan.FromMinutes(1));
            second.Pipe("z", "-", 36_001); // closes [20 s, 21 s], filled before the restart

            second.ReadResults().Should().Equal(("b", 20_000L, 21_000L, "23", 21_000L));
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    /// <summary>Concatenates values per key and session with OnWindowClose; results written to "out".</summary>
    private sealed class SessionFixture : IDisposable
    {
        public SessionFixture(ILoggerFactory? loggerFactory = null, bool cachingEnabled = false, TopologyTestDriverOptions? options = null, TimeSpan? retention = null)
        {
            var materialized = Materialized<string, string>.As(Store);
            materialized = cachingEnabled ? materialized.WithCachingEnabled() : materialized.WithCachingDisabled();
            if (retention is { } r)
            {
                materialized = materialized.WithRetention(r);
            }

            var builder = new StreamsBuilder();
            builder.Stream<string, string>("events")
                .GroupByKey()
                .WindowedBy(Gap10sGrace5s)
                .EmitStrategy(EmitStrategy.OnWindowClose())
                .Aggregate(() => "", (_, v, agg) => agg + v, (_, x, y) => x + y, materialized)
                .ToStream()
                .To("out");
            options ??= new TopologyTestDriverOptions();
            if (loggerFactory is not null)
            {
                options.LoggerFactory = loggerFactory;
            }

            Driver = new TopologyTestDriver(builder.Build(), options);
            Input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public TestOutputTopic<Windowed<string?>, string?> Output { get; }

        public void Pipe(string key, string value, long timestampMs) => Input.PipeInput(key, value, timestampMs);

        /// <summary>Every result written so far: key, session start and end (inclusive), aggregate, record timestamp.</summary>
        public List<(string? Key, long Start, long End, string? Value, long Timestamp)> ReadResults() =>
            Output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value, r.TimestampMs!.Value)).ToList();

        /// <summary>The sessions of <paramref name="key"/> in the store: start, end, aggregate.</summary>
        public List<(long Start, long End, string Value)> Sessions(string key) =>
            Driver.GetSessionStore<string, string>(Store)!.Fetch(key).Select(kv => (kv.Key.Window.StartMs, kv.Key.Window.EndMs, kv.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }
}
