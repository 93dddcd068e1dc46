using System.Buffers.Binary;
using System.Text;
using Streams.Dsl;
using Streams.Processor;
using Streams.State;

namespace Streams.Testing;

/// <summary>
/// The behaviour every <see cref="ISessionBytesStore"/> shares (in memory and RocksDB), through the public interface
/// only: sessions are <c>[start, end]</c> with both bounds inclusive, found by Kafka Streams' <c>findSessions</c> rule,
/// ordered by the binary key <c>key || end || start</c>, expired when <c>end &lt; observedStreamTime - retention</c>,
/// and restored from changelog records whose keys are in Kafka Streams' <c>SessionKeySchema</c> format.
/// </summary>
public abstract class SessionBytesStoreContractTests : IDisposable
{
    protected const long Retention = 100;

    private readonly List<ISessionBytesStore> _opened = [];

    protected SessionBytesStoreContractTests()
    {
    }

    /// <summary>The directory persistent stores keep their files in; a fresh one per test.</summary>
    protected abstract string StateDirectory { get; }

    /// <summary>Creates an uninitialized store.</summary>
    protected abstract ISessionBytesStore Create(string name, long retentionPeriodMs);

    public virtual void Dispose()
    {
        foreach (var store in _opened.Where(s => s.IsOpen))
        {
            store.Close();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Exposes_its_name_and_retention_and_registers_itself_for_restoration()
    {
        var (store, context) = Open("sessions", 1234);

        store.Name.Should().Be("sessions");
        store.RetentionPeriodMs.Should().Be(1234);
        store.IsOpen.Should().BeTrue();
        context.Registered.Should().ContainSingle().Which.Store.Should().BeSameAs(store);
    }

    [Fact]
    public void A_session_of_one_instant_is_found_by_its_exact_bounds_only()
    {
        var store = Open();
        store.Put(S("a", 10, 10), V("one"));

        Str(store.FetchSession(K("a"), 10, 10)).Should().Be("one");
        store.FetchSession(K("a"), 10, 11).Should().BeNull();
        store.FetchSession(K("a"), 9, 10).Should().BeNull();
        store.FetchSession(K("b"), 10, 10).Should().BeNull();
        Read(store.Fetch(K("a"))).Should().Equal("a[10,10]=one");
    }

    [Fact]
    public void Put_overwrites_a_session_and_a_null_value_or_Remove_deletes_it()
    {
        var store = Open();
        store.Put(S("a", 0, 5), V("1"));
        store.Put(S("a", 0, 5), V("2"));
        Str(store.FetchSession(K("a"), 0, 5)).Should().Be("2");

        store.Put(S("a", 0, 5), null);
        store.FetchSession(K("a"), 0, 5).Should().BeNull();

        store.Put(S("a", 0, 5), V("3"));
        store.Remove(S("a", 0, 5));
        store.FetchSession(K("a"), 0, 5).Should().BeNull();
        Read(store.Fetch(K("a"))).Should().BeEmpty();
    }

    [Fact]
    public void FindSessions_includes_sessions_ending_at_the_earliest_end_and_starting_at_the_latest_start()
    {
        var store = Open();
        store.Put(S("a", 0, 9), V("ends-before"));
        store.Put(S("a", 5, 10), V("ends-at-earliest"));
        store.Put(S("a", 20, 30), V("starts-at-latest"));
        store.Put(S("a", 21, 25), V("starts-after"));

        Read(store.FindSessions(K("a"), 10, 20)).Should().Equal("a[5,10]=ends-at-earliest", "a[20,30]=starts-at-latest");
        Read(store.FindSessions(K("a"), 11, 19)).Should().BeEmpty();
    }

    [Fact]
    public void FindSessions_of_one_key_orders_by_end_then_start()
    {
        var store = Open();
        store.Put(S("a", 40, 50), V("4"));
        store.Put(S("a", 0, 50), V("3"));
        store.Put(S("a", 10, 20), V("2"));
        store.Put(S("a", 0, 0), V("1"));

        Read(store.FindSessions(K("a"), 0, long.MaxValue)).Should().Equal("a[0,0]=1", "a[10,20]=2", "a[0,50]=3", "a[40,50]=4");
    }

    [Fact]
    public void FindSessions_does_not_bleed_into_keys_that_share_a_prefix()
    {
        var store = Open();
        store.Put(S("A", 10, 10), V("A"));
        store.Put(S("AB", 10, 10), V("AB"));
        store.Put(S("", 10, 10), V("empty"));

        // "A" followed by a session suffix is itself a key whose sessions sort inside the range of key "A".
        var tricky = Binary(K("A"), 10, 20);
        store.Put(new Windowed<byte[]>(tricky, new Window(5, 5)), V("tricky"));

        Read(store.FindSessions(K("A"), 0, 100)).Should().Equal("A[10,10]=A");
        Read(store.Fetch(K("AB"))).Should().Equal("AB[10,10]=AB");
        Read(store.Fetch(K(""))).Should().Equal("[10,10]=empty");
        Read(store.Fetch(tricky)).Should().ContainSingle();
    }

    [Fact]
    public void FindSessions_over_a_key_range_includes_both_bounds_and_skips_longer_keys_past_the_upper_one()
    {
        var store = Open();
        foreach (var key in new[] { "a", "b", "ba", "c", "d" })
        {
            store.Put(S(key, 10, 20), V(key));
        }

        Read(store.FindSessions(K("b"), K("c"), 0, 100)).Should().Equal("b[10,20]=b", "ba[10,20]=ba", "c[10,20]=c");
        Read(store.FindSessions(K("b"), K("b"), 0, 100)).Should().Equal("b[10,20]=b");
        Read(store.FindSessions(K("b"), K("c"), 21, 100)).Should().BeEmpty("every session ends at 20");
        Read(store.FindSessions(K("b"), K("c"), 0, 9)).Should().BeEmpty("every session starts at 10");
        Read(store.FindSessions(K("c"), K("b"), 0, 100)).Should().BeEmpty("the range is inverted");
    }

    [Fact]
    public void Fetch_over_a_key_range_with_open_bounds_returns_every_session()
    {
        var store = Open();
        store.Put(S("b", 10, 20), V("b1"));
        store.Put(S("a", 0, 0), V("a"));
        store.Put(S("b", 30, 40), V("b2"));

        Read(store.Fetch(null, null)).Should().Equal("a[0,0]=a", "b[10,20]=b1", "b[30,40]=b2");
        Read(store.Fetch(null, K("a"))).Should().Equal("a[0,0]=a");
        Read(store.Fetch(K("b"), null)).Should().Equal("b[10,20]=b1", "b[30,40]=b2");
        Read(store.FindSessions(null, null, 15, 35)).Should().Equal("b[10,20]=b1", "b[30,40]=b2");
    }

    [Fact]
    public void A_session_ending_at_observed_stream_time_minus_retention_is_kept_and_one_ending_a_ms_earlier_expires()
    {
        var store = Open();
        store.Put(S("a", 0, 49), V("expires"));
        store.Put(S("a", 50, 50), V("edge"));
        store.Put(S("b", 150, 150), V("newest")); // observed stream time 150: sessions ending before 50 are expired

        store.FetchSession(K("a"), 0, 49).Should().BeNull();
        Str(store.FetchSession(K("a"), 50, 50)).Should().Be("edge");
        Read(store.Fetch(K("a"))).Should().Equal("a[50,50]=edge");
        Read(store.FindSessions(K("a"), 0, 1000)).Should().Equal("a[50,50]=edge");
        Read(store.Fetch(null, null)).Should().Equal("a[50,50]=edge", "b[150,150]=newest");
    }

    [Fact]
    public void Puts_into_expired_sessions_are_ignored_and_stream_time_never_goes_back()
    {
        var store = Open();
        store.Put(S("a", 150, 150), V("new"));
        store.Put(S("a", 100, 120), V("older")); // does not move stream time back

        store.Put(S("b", 0, 49), V("late"));

        store.FetchSession(K("b"), 0, 49).Should().BeNull();
        Read(store.Fetch(K("b"))).Should().BeEmpty();
        store.Put(S("b", 10, 50), V("just in time"));
        Str(store.FetchSession(K("b"), 10, 50)).Should().Be("just in time");
    }

    [Fact]
    public void Sessions_with_a_negative_start_or_an_end_before_the_start_are_rejected()
    {
        var store = Open();

        store.Invoking(s => s.Put(S("a", -1, 5), V("x"))).Should().Throw<ArgumentOutOfRangeException>();
        store.Invoking(s => s.Put(S("a", 5, 4), V("x"))).Should().Throw<ArgumentOutOfRangeException>();
        store.Invoking(s => s.Remove(S("a", 5, 4))).Should().Throw<ArgumentOutOfRangeException>();
        store.Invoking(s => s.Put(new Windowed<byte[]>(null!, new Window(0, 0)), V("x"))).Should().Throw<ArgumentNullException>();
        store.FetchSession(K("a"), 5, 4).Should().BeNull();
    }

    [Fact]
    public void Queries_with_bounds_below_zero_or_inverted_return_nothing_rather_than_throwing()
    {
        var store = Open();
        store.Put(S("a", 0, 10), V("x"));

        Read(store.FindSessions(K("a"), -100, -1)).Should().BeEmpty();
        Read(store.FindSessions(K("a"), -100, 0)).Should().Equal("a[0,10]=x");
        Read(store.FindSessions(K("a"), 11, 100)).Should().BeEmpty();
    }

    [Fact]
    public void Restoring_changelog_records_in_Kafka_Streams_session_key_format_recreates_and_deletes_sessions()
    {
        var (store, context) = Open("restored", Retention);
        var restore = context.Registered.Single().Callback;

        restore.RestoreBatch(
        [
            new(Binary(K("a"), 0, 10), V("a1")),
            new(Binary(K("a"), 20, 30), V("a2")),
            new(Binary(K("b"), 5, 5), V("b")),
            new(Binary(K("a"), 20, 30), null),
        ]);

        Read(store.Fetch(null, null)).Should().Equal("a[0,10]=a1", "b[5,5]=b");
        Str(store.FetchSession(K("a"), 0, 10)).Should().Be("a1");
    }

    [Fact]
    public void Restored_sessions_advance_the_observed_stream_time_that_expires_sessions()
    {
        var (store, context) = Open("restored", Retention);

        context.Registered.Single().Callback.RestoreBatch([new(Binary(K("a"), 0, 10), V("old")), new(Binary(K("b"), 200, 200), V("new"))]);

        store.FetchSession(K("a"), 0, 10).Should().BeNull("the restored session [0,10] ended before 200 - 100");
        store.Put(S("c", 99, 99), V("late"));
        store.FetchSession(K("c"), 99, 99).Should().BeNull();
    }

    [Fact]
    public void Iterators_throw_ObjectDisposedException_once_the_store_is_closed()
    {
        var store = Open();
        store.Put(S("a", 0, 0), V("x"));
        using var fetch = store.Fetch(K("a"));
        using var range = store.Fetch(null, null);

        store.Close();

        store.IsOpen.Should().BeFalse();
        fetch.Invoking(i => i.MoveNext()).Should().Throw<ObjectDisposedException>();
        range.Invoking(i => i.MoveNext()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void FindSessionsByEnd_returns_every_key_whose_session_ends_within_both_inclusive_bounds_by_end_then_key()
    {
        var store = Open();
        store.Put(S("b", 5, 20), V("b1"));
        store.Put(S("a", 0, 20), V("a1"));
        store.Put(S("c", 10, 10), V("c1"));
        store.Put(S("a", 30, 31), V("a2"));
        store.Put(S("b", 9, 9), V("b0"));

        Read(store.FindSessionsByEnd(10, 20)).Should().Equal("c[10,10]=c1", "a[0,20]=a1", "b[5,20]=b1");
        Read(store.FindSessionsByEnd(11, 19)).Should().BeEmpty();
        Read(store.FindSessionsByEnd(9, 9)).Should().Equal("b[9,9]=b0");
        Read(store.FindSessionsByEnd(0, long.MaxValue)).Should().Equal("b[9,9]=b0", "c[10,10]=c1", "a[0,20]=a1", "b[5,20]=b1", "a[30,31]=a2");
        Read(store.FindSessionsByEnd(21, 20)).Should().BeEmpty("the bounds are reversed");
    }

    [Fact]
    public void FindSessionsByEnd_skips_expired_sessions()
    {
        var store = Open();
        store.Put(S("a", 0, 99), V("expired"));
        store.Put(S("b", 100, 100), V("live"));
        store.Put(S("c", 200, 200), V("latest")); // observed stream time 200: ends before 100 are expired

        Read(store.FindSessionsByEnd(0, 200)).Should().Equal("b[100,100]=live", "c[200,200]=latest");
    }

    protected ISessionBytesStore Open() => Open("sessions", Retention).Store;

    protected (ISessionBytesStore Store, RecordingContext Context) Open(string name, long retentionPeriodMs)
    {
        var store = Create(name, retentionPeriodMs);
        var context = new RecordingContext(StateDirectory);
        store.Init(context, store);
        _opened.Add(store);
        return (store, context);
    }

    protected static byte[] K(string key) => Encoding.UTF8.GetBytes(key);

    protected static byte[] V(string value) => Encoding.UTF8.GetBytes(value);

    protected static string? Str(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    protected static Windowed<byte[]> S(string key, long start, long end) => new(K(key), new Window(start, end));

    /// <summary>Kafka Streams' <c>SessionKeySchema</c> binary key, built by hand: key, end, start (8 bytes big-endian each).</summary>
    protected static byte[] Binary(byte[] key, long start, long end)
    {
        var bytes = new byte[key.Length + 16];
        key.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(key.Length), end);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(key.Length + 8), start);
        return bytes;
    }

    /// <summary>Reads sessions as <c>key[start,end]=value</c>.</summary>
    protected static List<string> Read(IKeyValueIterator<Windowed<byte[]>, byte[]> iterator)
    {
        var result = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                var (session, value) = iterator.Current;
                result.Add($"{Str(session.Key)}[{session.Window.StartMs},{session.Window.EndMs}]={Str(value)}");
            }
        }

        return result;
    }

    /// <summary>A store context that records registrations.</summary>
    protected sealed class RecordingContext(string stateDirectory) : IStateStoreContext
    {
        public string ApplicationId => "app";

        public TaskId TaskId => new(0, 0);

        public string StateDirectory { get; } = stateDirectory;

        public List<(IStateStore Store, IStateRestoreCallback Callback)> Registered { get; } = [];

        public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => Registered.Add((store, restoreCallback));
    }
}
