using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;
using Streams.State;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Dsl;

public class SessionWindowedKStreamTests
{
    private const string Store = "sessions";

    private static readonly SessionWindows Gap10s = SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    [Fact]
    public void A_first_record_opens_a_session_that_starts_and_ends_at_its_timestamp()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "x", 1_000);

        f.ReadUpdates().Should().Equal(("a", 1_000L, 1_000L, "x", 1_000L));
        f.Sessions("a").Should().Equal((1_000L, 1_000L, "x"));
    }

    [Fact]
    public void A_record_within_the_gap_extends_the_session_after_a_tombstone_for_the_old_one()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "1", 1_000);
        f.Pipe("a", "2", 4_000);

        f.ReadUpdates().Should().Equal(
            ("a", 1_000L, 1_000L, "1", 1_000L),
            ("a", 1_000L, 1_000L, null, 1_000L),
            ("a", 1_000L, 4_000L, "12", 4_000L));
        f.Sessions("a").Should().Equal((1_000L, 4_000L, "12"));
    }

    [Fact]
    public void Records_exactly_the_gap_apart_share_one_session()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 10_000);

        f.Sessions("a").Should().Equal((0L, 10_000L, "12"));
    }

    [Fact]
    public void Records_one_ms_more_than_the_gap_apart_open_separate_sessions_without_tombstones()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 10_001);

        f.ReadUpdates().Should().Equal(("a", 0L, 0L, "1", 0L), ("a", 10_001L, 10_001L, "2", 10_001L));
        f.Sessions("a").Should().Equal((0L, 0L, "1"), (10_001L, 10_001L, "2"));
    }

    [Fact]
    public void An_earlier_record_within_the_gap_extends_a_session_backwards()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "late", 20_000);
        f.Pipe("a", "early", 10_000);

        f.Sessions("a").Should().Equal((10_000L, 20_000L, "lateearly"));
    }

    [Fact]
    public void Sessions_are_per_key()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "1", 0);
        f.Pipe("b", "2", 5_000);

        f.Sessions("a").Should().Equal((0L, 0L, "1"));
        f.Sessions("b").Should().Equal((5_000L, 5_000L, "2"));
    }

    [Fact]
    public void A_record_bridging_two_sessions_merges_them_after_a_tombstone_for_each()
    {
        using var f = new SessionFixture(Gap10s);
        f.Pipe("a", "A", 0);
        f.Pipe("a", "C", 20_000);
        f.ReadUpdates().Should().HaveCount(2, "20 s apart with a 10 s gap are two sessions");

        f.Pipe("a", "B", 10_000);

        // As Kafka Streams: the found sessions are folded into initializer() with the merger in session order, then the record is added.
        f.ReadUpdates().Should().Equal(
            ("a", 0L, 0L, null, 0L),
            ("a", 20_000L, 20_000L, null, 20_000L),
            ("a", 0L, 20_000L, "ACB", 20_000L));
        f.Sessions("a").Should().Equal((0L, 20_000L, "ACB"));
    }

    [Fact]
    public void A_record_inside_a_session_replaces_it_with_a_tombstone_then_the_update_when_caching_is_off()
    {
        using var f = new SessionFixture(Gap10s);
        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 6_000);
        f.ReadUpdates();

        f.Pipe("a", "3", 3_000);

        f.ReadUpdates().Should().Equal(("a", 0L, 6_000L, null, 6_000L), ("a", 0L, 6_000L, "123", 6_000L));
    }

    [Fact]
    public void With_the_record_cache_a_record_inside_a_session_is_one_update_and_replaced_sessions_still_get_tombstones()
    {
        using var f = new SessionFixture(Gap10s, caching: true);
        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 6_000);
        f.ReadUpdates().Should().Equal(
            ("a", 0L, 0L, "1", 0L),
            ("a", 0L, 0L, null, 0L),
            ("a", 0L, 6_000L, "12", 6_000L));

        f.Pipe("a", "3", 3_000);

        f.ReadUpdates().Should().Equal([("a", 0L, 6_000L, "123", 6_000L)], "the removal and the new value of [0, 6 s] meet in the cache before the commit");
    }

    [Fact]
    public void With_the_record_cache_a_session_created_and_merged_away_before_a_commit_never_appears()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events")
            .FlatMapValues((_, v) => v.Split(','))
            .GroupByKey()
            .WindowedBy(Gap10s)
            .Aggregate(() => "", (_, v, agg) => agg + v, (_, x, y) => x + y, Materialized<string, string>.As(Store))
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.String);

        // One input record, three aggregated values at 0: [0,0] is created and replaced by [0,0] within one commit.
        driver.CreateInputTopic("events", Serdes.String, Serdes.String).PipeInput("a", "x,y,z", 0);

        output.ReadRecordsToList().Select(r => (r.Key.Window, r.Value)).Should().Equal((new Window(0, 0), "xyz"));
    }

    [Fact]
    public void Every_update_carries_the_session_end_as_its_timestamp()
    {
        using var f = new SessionFixture(Gap10s);
        f.Pipe("a", "1", 9_000);

        f.Pipe("a", "2", 2_000);

        f.ReadUpdates().Select(u => (u.Start, u.End, u.Timestamp)).Should().Equal((9_000L, 9_000L, 9_000L), (9_000L, 9_000L, 9_000L), (2_000L, 9_000L, 9_000L));
    }

    [Fact]
    public void A_new_session_is_accepted_until_stream_time_passes_its_end_plus_gap_plus_grace()
    {
        // gap 10 s, grace 5 s: a session ending at 0 closes once stream time passes 15 s.
        using var f = new SessionFixture(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        f.Pipe("other", "o", 15_000);

        f.Pipe("b", "on time", 0);
        f.Pipe("other", "o", 15_001);
        f.Pipe("c", "late", 0);

        f.ReadUpdates().Where(u => u.Key != "other").Should().Equal(("b", 0L, 0L, "on time", 0L));
        f.Sessions("c").Should().BeEmpty();
    }

    [Fact]
    public void A_late_record_is_judged_by_the_end_of_the_session_it_merges_into()
    {
        // gap 10 s, no grace: at stream time 30 s, sessions ending before 20 s are closed.
        using var f = new SessionFixture(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(10)), retention: TimeSpan.FromMinutes(1));
        f.Pipe("a", "1", 20_000);
        f.Pipe("other", "o", 30_000);

        f.Pipe("a", "2", 12_000); // alone [12 s, 12 s] would be closed; merged into [12 s, 20 s] it is not
        f.Sessions("a").Should().Equal((12_000L, 20_000L, "12"));

        f.Pipe("other", "o", 30_001);
        f.Pipe("a", "3", 15_000); // merged [12 s, 20 s] now ends before 20.001 s

        f.Sessions("a").Should().Equal((12_000L, 20_000L, "12"));
    }

    [Fact]
    public void An_out_of_order_record_within_grace_opens_its_own_session()
    {
        using var f = new SessionFixture(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
        f.Pipe("a", "new", 60_000);

        f.Pipe("a", "old", 25_000); // closes at 25 + 10 + 30 = 65 s of stream time

        f.Sessions("a").Should().Equal((25_000L, 25_000L, "old"), (60_000L, 60_000L, "new"));
    }

    [Fact]
    public void Records_with_a_null_key_or_value_are_dropped_and_logged()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var f = new SessionFixture(Gap10s, options: new TopologyTestDriverOptions { LoggerFactory = loggerFactory });

        f.Input.PipeInput(null, "x", 0);
        f.Input.PipeInput("a", null, 0);

        f.ReadUpdates().Should().BeEmpty();
        f.Sessions("a").Should().BeEmpty();
        logs.Entries.Where(e => e.EventId.Id == 1101).Should().HaveCount(2).And.OnlyContain(e => e.Message.Contains("null key or value"));
    }

    [Fact]
    public void A_dropped_late_record_is_logged_at_debug_with_its_session_and_offset()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var f = new SessionFixture(
            SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(10)), options: new TopologyTestDriverOptions { LoggerFactory = loggerFactory });

        f.Pipe("a", "x", 20_000); // offset 0
        f.Pipe("b", "y", 9_999); // offset 1: [9999, 9999] ends before 20 s - 10 s

        var dropped = logs.Entries.Where(e => e.EventId.Id == 1101).Should().ContainSingle().Subject;
        dropped.Level.Should().Be(LogLevel.Debug);
        dropped.Message.Should().Contain("events-0@1").And.Contain("late").And.Contain("[9999,9999]");
    }

    [Fact]
    public void The_store_keeps_a_session_until_its_end_is_more_than_gap_plus_grace_behind_stream_time()
    {
        using var f = new SessionFixture(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(10)), caching: true);
        f.Pipe("a", "x", 0);

        f.Pipe("other", "o", 10_000);
        f.Sessions("a").Should().Equal([(0L, 0L, "x")], "the default retention is gap + grace = 10 s");

        f.Pipe("other", "o", 10_001);
        f.Sessions("a").Should().BeEmpty();
    }

    [Fact]
    public void A_longer_retention_keeps_closed_sessions_readable_but_does_not_reopen_them()
    {
        using var f = new SessionFixture(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(10)), retention: TimeSpan.FromMinutes(1));
        f.Pipe("a", "x", 0);
        f.Pipe("other", "o", 20_000);

        f.Pipe("a", "y", 5_000);

        f.Sessions("a").Should().Equal([(0L, 0L, "x")], "[0, 5 s] would end before 20 s - 10 s, so the record is dropped");
    }

    [Fact]
    public void A_retention_shorter_than_gap_plus_grace_is_rejected()
    {
        var grouped = new StreamsBuilder().Stream<string, string>("events").GroupByKey();
        var windows = SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

        var act = () => grouped.WindowedBy(windows).Count(Materialized<string, long>.As(Store).WithRetention(TimeSpan.FromMilliseconds(14_999)));

        act.Should().Throw<TopologyException>().WithMessage("*14999 ms*gap + grace*");
        grouped.WindowedBy(windows).Count(Materialized<string, long>.As("ok").WithRetention(TimeSpan.FromSeconds(15))).QueryableStoreName.Should().Be("ok");
    }

    [Fact]
    public void A_key_value_or_window_store_supplier_is_rejected_for_a_session_aggregation()
    {
        var grouped = new StreamsBuilder().Stream<string, string>("events").GroupByKey().WindowedBy(Gap10s);

        FluentActions.Invoking(() => grouped.Count(Materialized<string, long>.As(Stores.InMemoryKeyValueStore("kv"))))
            .Should().Throw<TopologyException>().WithMessage("*session store supplier*");
        FluentActions.Invoking(() => grouped.Count(Materialized<string, long>.As(Stores.InMemoryWindowStore("w", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)))))
            .Should().Throw<TopologyException>();
    }

    [Fact]
    public void An_explicit_session_store_supplier_names_the_store_and_brings_its_retention()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events").GroupByKey().WindowedBy(Gap10s)
            .Count(Materialized<string, long>.As(Stores.InMemorySessionStore("custom", TimeSpan.FromHours(1))));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", 0);
        input.PipeInput("other", "o", 600_000);

        driver.GetSessionStore<string, long>("custom")!.FetchSession("a", 0, 0).Should().Be(1, "a 1 h retention keeps [0, 0] at stream time 10 min");
    }

    [Fact]
    public void Count_adds_the_counts_of_merged_sessions()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events").GroupByKey().WindowedBy(Gap10s).Count(Materialized<string, long>.As(Store));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", 0);
        input.PipeInput("a", "x", 1_000);
        input.PipeInput("a", "x", 20_000);
        input.PipeInput("a", "x", 10_000);

        var store = driver.GetSessionStore<string, long>(Store)!;
        Read(store.Fetch("a")).Should().Equal((new Window(0, 20_000), 4L));
    }

    [Fact]
    public void Reduce_combines_values_and_merges_sessions_earlier_session_first()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events").GroupByKey().WindowedBy(Gap10s)
            .Reduce((x, y) => x + y, Materialized<string, string>.As(Store).WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);

        input.PipeInput("a", "A", 0);
        input.PipeInput("a", "C", 20_000);
        input.PipeInput("a", "B", 10_000);

        driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.String).ReadRecordsToList()
            .Select(r => (r.Key.Window, r.Value)).Should().Equal(
                (new Window(0, 0), "A"),
                (new Window(20_000, 20_000), "C"),
                (new Window(0, 0), null),
                (new Window(20_000, 20_000), null),
                (new Window(0, 20_000), "ACB"));
    }

    [Fact]
    public void Session_aggregation_after_a_key_change_goes_through_a_repartition_topic()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("events")
            .GroupBy((_, v) => v, Grouped<string, string>.As("by-value"))
            .WindowedBy(Gap10s)
            .Count(Materialized<string, long>.As(Store));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("events", Serdes.String, Serdes.String);

        input.PipeInput("k1", "page", 0);
        input.PipeInput("k2", "page", 5_000);

        driver.ProducedTopicNames.Should().Contain("test-driver-by-value-repartition");
        Read(driver.GetSessionStore<string, long>(Store)!.Fetch("page")).Should().Equal((new Window(0, 5_000), 2L));
    }

    [Fact]
    public void The_session_store_is_queryable_by_key_session_and_key_range()
    {
        using var f = new SessionFixture(Gap10s);
        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 30_000);
        f.Pipe("b", "3", 5_000);
        var store = f.Driver.GetSessionStore<string, string>(Store)!;

        store.FetchSession("a", 30_000, 30_000).Should().Be("2");
        store.FetchSession("a", 0, 30_000).Should().BeNull();
        Read(store.FindSessions("a", 0, 29_999)).Should().Equal((new Window(0, 0), "1"));
        Read(store.FindSessions("a", 1, 30_000)).Should().Equal((new Window(30_000, 30_000), "2"));
        Read(store.Fetch("a", "b")).Should().Equal((new Window(0, 0), "1"), (new Window(30_000, 30_000), "2"), (new Window(5_000, 5_000), "3"));
        Read(store.FindSessions(null, null, 5_000, 5_000)).Should().Equal((new Window(5_000, 5_000), "3"));
    }

    [Fact]
    public void Reading_a_session_store_as_another_kind_or_another_kind_as_a_session_store_fails_clearly()
    {
        var builder = new StreamsBuilder();
        var grouped = builder.Stream<string, string>("events").GroupByKey();
        grouped.WindowedBy(Gap10s).Count(Materialized<string, long>.As(Store));
        grouped.Count(Materialized<string, long>.As("kv"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.GetSessionStore<string, long>("missing").Should().BeNull();
        FluentActions.Invoking(() => driver.GetSessionStore<string, long>("kv")).Should().Throw<InvalidOperationException>().WithMessage("*ISessionStore<String, Int64>*");
        FluentActions.Invoking(() => driver.GetKeyValueStore<string, long>(Store)).Should().Throw<InvalidOperationException>().WithMessage("*is an ISessionStore<String, Int64>*");
    }

    [Fact]
    public void The_changelog_carries_Kafka_Streams_session_keys_and_tombstones_for_merged_away_sessions()
    {
        using var f = new SessionFixture(Gap10s);

        f.Pipe("a", "1", 0);
        f.Pipe("a", "2", 4_000);

        var changelog = f.Driver.CreateOutputTopic($"test-driver-{Store}-changelog", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.String);
        changelog.ReadKeyValuesToList().Select(kv => (kv.Key.Key, kv.Key.Window, kv.Value)).Should().Equal(
            ("a", new Window(0, 0), "1"),
            ("a", new Window(0, 0), null),
            ("a", new Window(0, 4_000), "12"));
    }

    [Fact]
    public void A_fresh_session_store_restored_from_the_changelog_holds_the_same_sessions()
    {
        using var f = new SessionFixture(Gap10s, caching: true);
        f.Pipe("a", "A", 0);
        f.Pipe("a", "C", 20_000);
        f.Pipe("b", "x", 3_000);
        f.Pipe("a", "B", 10_000);
        var changelog = f.Driver.CreateOutputTopic($"test-driver-{Store}-changelog", Serdes.ByteArray, Serdes.ByteArray).ReadKeyValuesToList();

        var restored = Stores.InMemorySessionStore(Store, TimeSpan.FromMinutes(2)).Get();
        var context = new RestoreContext();
        restored.Init(context, restored);
        context.Callback!.RestoreBatch(changelog.Select(kv => new KeyValuePair<byte[], byte[]?>(kv.Key!, kv.Value)).ToList());

        var sessions = new List<(string?, Window, string?)>();
        using (var all = restored.Fetch(null, null))
        {
            while (all.MoveNext())
            {
                var (session, value) = all.Current;
                sessions.Add((Serdes.String.Deserialize(session.Key, false, default), session.Window, Serdes.String.Deserialize(value, false, default)));
            }
        }

        sessions.Should().Equal(("a", new Window(0, 20_000), "ACB"), ("b", new Window(3_000, 3_000), "x"));
        Read(f.Driver.GetSessionStore<string, string>(Store)!.Fetch("a", "b")).Select(kv => (kv.Window, kv.Value))
            .Should().Equal(sessions.Select(s => (s.Item2, s.Item3!)));
        restored.Close();
    }

    [Fact]
    public void The_docs_example_counts_clicks_per_session()
    {
        // docs/windows-sessions.md
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("clicks", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)))
            .Count(Materialized<string?, long>.As("clicks-per-session"))
            .ToStream()
            .To("clicks-per-session", Produced<Windowed<string?>, long>.With(WindowedSerdes.SessionWindowed(Serdes.String), Serdes.Int64));

        using var driver = new TopologyTestDriver(builder.Build());
        var clicks = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        clicks.PipeInput("alice", "/home", timestampMs: 0);
        clicks.PipeInput("alice", "/cart", timestampMs: 240_000);

        var sessions = driver.GetSessionStore<string?, long>("clicks-per-session")!;
        using var it = sessions.Fetch("alice");
        it.MoveNext().Should().BeTrue();
        it.Current.Should().Be(new KeyValuePair<Windowed<string?>, long>(new Windowed<string?>("alice", new Window(0, 240_000)), 2));
        it.MoveNext().Should().BeFalse();
        driver.CreateOutputTopic("clicks-per-session", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.Nullable(Serdes.Int64)).ReadKeyValuesToList().Select(kv => (kv.Key.ToString(), kv.Value))
            .Should().Equal(("[alice@0/0]", 1L), ("[alice@0/0]", (long?)null), ("[alice@0/240000]", 2L));
    }

    private static List<(Window Window, TValue Value)> Read<TKey, TValue>(IKeyValueIterator<Windowed<TKey>, TValue> iterator) =>
        iterator.Select(kv => (kv.Key.Window, kv.Value)).ToList();

    private sealed class RestoreContext : IStateStoreContext
    {
        public IStateRestoreCallback? Callback { get; private set; }

        public string ApplicationId => "test-driver";

        public TaskId TaskId => new(0, 0);

        public string StateDirectory => "unused";

        public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => Callback = restoreCallback;
    }

    /// <summary>
    /// <c>events</c> aggregated per key and session by string concatenation (merger: concatenation), into store
    /// <see cref="Store"/>, written to <c>out</c>; caching off unless asked for, so every update is visible.
    /// </summary>
    private sealed class SessionFixture : IDisposable
    {
        public SessionFixture(SessionWindows windows, bool caching = false, TimeSpan? retention = null, TopologyTestDriverOptions? options = null)
        {
            var materialized = Materialized<string, string>.As(Store);
            materialized = caching ? materialized : materialized.WithCachingDisabled();
            if (retention is { } r)
            {
                materialized = materialized.WithRetention(r);
            }

            var builder = new StreamsBuilder();
            builder.Stream<string, string>("events")
                .GroupByKey()
                .WindowedBy(windows)
                .Aggregate(() => "", (_, v, agg) => agg + v, (_, x, y) => x + y, materialized)
                .ToStream()
                .To("out");
            Driver = new TopologyTestDriver(builder.Build(), options ?? new TopologyTestDriverOptions());
            Input = Driver.CreateInputTopic("events", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowed(Serdes.String), Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Input { get; }

        public TestOutputTopic<Windowed<string?>, string?> Output { get; }

        public void Pipe(string key, string value, long timestampMs) => Input.PipeInput(key, value, timestampMs);

        /// <summary>Every session update written so far: key, session start and end (inclusive), aggregate (null = tombstone), timestamp.</summary>
        public List<(string? Key, long Start, long End, string? Value, long Timestamp)> ReadUpdates() =>
            Output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value, r.TimestampMs!.Value)).ToList();

        /// <summary>The sessions of <paramref name="key"/> in the store: start, end, aggregate.</summary>
        public List<(long Start, long End, string Value)> Sessions(string key) =>
            Driver.GetSessionStore<string, string>(Store)!.Fetch(key).Select(kv => (kv.Key.Window.StartMs, kv.Key.Window.EndMs, kv.Value)).ToList();

        public void Dispose() => Driver.Dispose();
    }
}
