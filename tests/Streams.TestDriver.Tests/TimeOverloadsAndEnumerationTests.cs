using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests;

/// <summary>
/// The <see cref="DateTimeOffset"/> overloads of the session and versioned stores read what the millisecond overloads
/// read, and session iterators work with foreach and LINQ, through the views the driver hands out.
/// </summary>
public class TimeOverloadsAndEnumerationTests
{
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static List<(string Key, long Start, long End, long Count)> Sessions(IKeyValueIterator<Windowed<string>, long> iterator) =>
        iterator.Select(kv => (kv.Key.Key, kv.Key.Window.StartMs, kv.Key.Window.EndMs, kv.Value)).ToList();

    private static TopologyTestDriver SessionDriver()
    {
        var builder = new StreamsBuilder();
        builder.Stream("clicks", Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)))
            .Count(Materialized<string, long>.As("sessions"));
        var driver = new TopologyTestDriver(builder.Build());
        var clicks = driver.CreateInputTopic("clicks", Serdes.String!, Serdes.String!);
        clicks.PipeInput("alice", "/", At(0));
        clicks.PipeInput("alice", "/", At(5_000));      // same session [0, 5000]
        clicks.PipeInput("bob", "/", At(1_000));
        clicks.PipeInput("alice", "/", At(30_000));    // a new session [30000, 30000]
        return driver;
    }

    [Fact]
    public void Session_store_DateTimeOffset_overloads_read_what_the_millisecond_overloads_read()
    {
        using var driver = SessionDriver();
        var store = driver.GetSessionStore<string, long>("sessions")!;

        store.FetchSession("alice", At(0), At(5_000)).Should().Be(2).And.Be(store.FetchSession("alice", 0, 5_000));
        store.FetchSession("alice", At(0), At(4_999)).Should().Be(0);
        Sessions(store.FindSessions("alice", At(0), At(200_000))).Should().Equal((("alice", 0L, 5_000L, 2L)), ("alice", 30_000L, 30_000L, 1L))
            .And.Equal(Sessions(store.FindSessions("alice", 0, 200_000)));
        Sessions(store.FindSessions("alice", At(5_001), At(200_000))).Should().Equal(("alice", 30_000L, 30_000L, 1L));
        Sessions(store.FindSessions("alice", "bob", At(0), At(20_000))).Should().BeEquivalentTo(new[] { ("alice", 0L, 5_000L, 2L), ("bob", 1_000L, 1_000L, 1L) })
            .And.BeEquivalentTo(Sessions(store.FindSessions("alice", "bob", 0, 20_000)));
        Sessions(store.FindSessionsByEnd(At(1_000), At(5_000))).Should().Equal(("bob", 1_000L, 1_000L, 1L), ("alice", 0L, 5_000L, 2L))
            .And.Equal(Sessions(store.FindSessionsByEnd(1_000, 5_000)));
    }

    [Fact]
    public void Session_iterators_work_with_foreach_and_enumerate_once()
    {
        using var driver = SessionDriver();
        var store = driver.GetSessionStore<string, long>("sessions")!;

        var total = 0L;
        foreach (var (session, count) in store.Fetch("alice"))
        {
            session.Key.Should().Be("alice");
            total += count;
        }

        total.Should().Be(3);
        var once = store.Fetch("bob");
        once.Single().Value.Should().Be(1);
        FluentActions.Invoking(() => once.ToList()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Versioned_store_DateTimeOffset_overloads_read_what_the_millisecond_overloads_read()
    {
        var builder = new StreamsBuilder();
        builder.Table("users", Consumed<string?, string?>.With(Serdes.String, Serdes.String),
            Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("versions", TimeSpan.FromMinutes(1))));
        using var driver = new TopologyTestDriver(builder.Build());
        var users = driver.CreateInputTopic("users", Serdes.String, Serdes.String);
        users.PipeInput("alice", "eu", At(10));
        users.PipeInput("alice", "us", At(20));
        var store = driver.GetVersionedKeyValueStore<string?, string?>("versions")!;

        store.Get("alice", At(15)).Should().Be(new VersionedRecord<string?>("eu", 10, 20)).And.Be(store.Get("alice", 15));
        store.Get("alice", At(20)).Should().Be(new VersionedRecord<string?>("us", 20));
        store.Get("alice", At(9)).Should().BeNull();
        store.GetVersions("alice", At(0), At(30), ResultOrder.Ascending).Select(v => v.Value).Should().Equal("eu", "us");
        store.GetVersions("alice", At(15), At(30)).Should().Equal(store.GetVersions("alice", 15, 30)).And.HaveCount(2);
        FluentActions.Invoking(() => store.GetVersions("alice", At(30), At(0))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Dsl_store_supplier_TimeSpan_overloads_give_the_millisecond_suppliers()
    {
        var suppliers = InMemoryDslStoreSuppliers.Instance;
        IDslStoreSuppliers viaInterface = suppliers;

        var window = suppliers.WindowStore("w", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));
        (window.Name, window.RetentionPeriodMs, window.WindowSizeMs, window.RetainDuplicates).Should().Be(("w", 120_000L, 30_000L, false));
        var duplicates = viaInterface.WindowStore("d", TimeSpan.FromSeconds(2), TimeSpan.Zero, retainDuplicates: true);
        (duplicates.RetentionPeriodMs, duplicates.WindowSizeMs, duplicates.RetainDuplicates).Should().Be((2_000L, 0L, true));
        var session = suppliers.SessionStore("s", TimeSpan.FromHours(1));
        (session.Name, session.RetentionPeriodMs).Should().Be(("s", 3_600_000L));
    }

    /// <summary>A store choice written against the millisecond members only: the TimeSpan ones are default interface methods.</summary>
    private sealed class MillisecondSuppliers : IDslStoreSuppliers
    {
        public List<string> Calls { get; } = [];

        public IKeyValueBytesStoreSupplier KeyValueStore(string name) => InMemoryDslStoreSuppliers.Instance.KeyValueStore(name);

        public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs)
        {
            Calls.Add($"window {retentionPeriodMs} {windowSizeMs}");
            return InMemoryDslStoreSuppliers.Instance.WindowStore(name, retentionPeriodMs, windowSizeMs);
        }

        public ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs)
        {
            Calls.Add($"session {retentionPeriodMs}");
            return InMemoryDslStoreSuppliers.Instance.SessionStore(name, retentionPeriodMs);
        }
    }

    [Fact]
    public void The_default_TimeSpan_members_of_a_user_store_choice_call_its_millisecond_members()
    {
        var user = new MillisecondSuppliers();
        IDslStoreSuppliers suppliers = user;

        suppliers.WindowStore("w", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)).WindowSizeMs.Should().Be(1_000);
        suppliers.WindowStore("w", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2), retainDuplicates: false).RetentionPeriodMs.Should().Be(4_000);
        suppliers.SessionStore("s", TimeSpan.FromMilliseconds(1_500.9)).RetentionPeriodMs.Should().Be(1_500);

        user.Calls.Should().Equal("window 3000 1000", "window 4000 2000", "session 1500");
    }
}
