using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public sealed class CachingSessionBytesStoreTests
{
    private readonly List<(Windowed<byte[]> Session, byte[]? New, byte[]? Old)> _flushed = [];

    [Fact]
    public void Updates_of_one_session_are_merged_until_flush_then_written_and_forwarded_once()
    {
        var (store, inner) = Create(budget: 1_000_000);
        store.Put(S("k", 0, 5), [1]);
        store.Put(S("k", 0, 5), [2]);

        inner.FetchSession("k"u8, 0, 5).Should().BeNull("nothing reaches the inner store before a flush");
        store.FetchSession("k"u8, 0, 5).Should().Equal(2);
        _flushed.Should().BeEmpty();

        store.Flush();

        inner.FetchSession("k"u8, 0, 5).Should().Equal(2);
        _flushed.Should().ContainSingle();
        _flushed[0].New.Should().Equal(2);
        _flushed[0].Old.Should().BeNull();
    }

    [Fact]
    public void A_session_removed_and_written_again_before_a_flush_is_one_update_with_the_stored_old_value()
    {
        var (store, inner) = Create(budget: 1_000_000);
        store.Put(S("k", 0, 5), [1]);
        store.Flush();
        _flushed.Clear();

        store.Remove(S("k", 0, 5));
        store.Put(S("k", 0, 5), [2]);
        store.Flush();

        _flushed.Should().ContainSingle();
        _flushed[0].New.Should().Equal(2);
        _flushed[0].Old.Should().Equal(1);
        inner.FetchSession("k"u8, 0, 5).Should().Equal(2);
    }

    [Fact]
    public void Removing_a_flushed_session_forwards_a_tombstone_with_its_old_value()
    {
        var (store, inner) = Create(budget: 1_000_000);
        store.Put(S("k", 0, 0), [1]);
        store.Flush();
        _flushed.Clear();

        store.Remove(S("k", 0, 0));
        store.Put(S("k", 0, 4), [2]);
        store.Flush();

        _flushed.Select(f => (f.Session.Window, f.New?[0], f.Old?[0])).Should().Equal((new Window(0, 0), (byte?)null, (byte?)1), (new Window(0, 4), (byte?)2, (byte?)null));
        inner.FetchSession("k"u8, 0, 0).Should().BeNull();
    }

    [Fact]
    public void Removing_a_session_that_never_reached_the_inner_store_writes_and_forwards_nothing()
    {
        var context = new FakeStoreContext();
        var logging = new ChangeLoggingSessionBytesStore(new InMemorySessionBytesStore("s", 1_000));
        var store = new CachingSessionBytesStore(logging, new RecordCache(1_000_000));
        store.SetFlushListener((k, n, o) => _flushed.Add((SessionKeySchema.From(k), n, o)));
        store.Init(context, store);

        store.Put(S("k", 0, 0), [1]);
        store.Remove(S("k", 0, 0));
        store.Flush();

        _flushed.Should().BeEmpty();
        context.Logged.Should().BeEmpty("neither the session nor its removal reaches the changelog");
    }

    [Fact]
    public void FindSessions_merges_the_cache_over_the_inner_store_in_session_order()
    {
        var (store, _) = Create(budget: 1_000_000);
        store.Put(S("k", 0, 5), [1]);
        store.Put(S("k", 20, 25), [2]);
        store.Flush();

        store.Remove(S("k", 0, 5));          // cached removal hides a stored session
        store.Put(S("k", 10, 12), [3]);     // cached new session sorts between stored ones
        store.Put(S("other", 10, 12), [4]);

        Read(store.FindSessions("k"u8.ToArray(), 0, 100)).Should().Equal("k[10,12]=3", "k[20,25]=2");
        Read(store.FindSessions("k"u8.ToArray(), 13, 100)).Should().Equal("k[20,25]=2");
        Read(store.Fetch(null, null)).Should().Equal("k[10,12]=3", "k[20,25]=2", "other[10,12]=4");
        Read(store.FindSessions("l"u8.ToArray(), "z"u8.ToArray(), 0, 100)).Should().Equal("other[10,12]=4");
        Read(store.Fetch("z"u8.ToArray(), "a"u8.ToArray())).Should().BeEmpty();
    }

    [Fact]
    public void Entries_over_the_budget_are_evicted_least_recently_used_first_and_written_through()
    {
        var (store, inner) = Create(budget: 150);
        store.Put(S("a", 0, 0), [1]);
        store.Put(S("b", 0, 0), [2]);

        inner.FetchSession("a"u8, 0, 0).Should().Equal([1], "the oldest entry was evicted and written");
        _flushed.Should().ContainSingle().Which.New.Should().Equal(1);
        store.FetchSession("b"u8, 0, 0).Should().Equal(2);
    }

    [Fact]
    public void Cached_sessions_expire_with_the_inner_store_rule()
    {
        var (store, _) = Create(budget: 1_000_000, retention: 100);
        store.Put(S("a", 0, 49), [1]);
        store.Put(S("a", 50, 50), [2]);
        store.Put(S("b", 150, 150), [3]);

        store.FetchSession("a"u8, 0, 49).Should().BeNull();
        Read(store.Fetch("a"u8.ToArray())).Should().Equal("a[50,50]=2");
        store.Put(S("c", 0, 10), [4]);
        store.FetchSession("c"u8, 0, 10).Should().BeNull("writes into expired sessions are ignored");
    }

    [Fact]
    public void Close_drops_unflushed_entries_without_forwarding()
    {
        var (store, inner) = Create(budget: 1_000_000);
        store.Put(S("a", 0, 0), [1]);

        store.Close();

        _flushed.Should().BeEmpty();
        inner.IsOpen.Should().BeFalse();
    }

    private static Windowed<byte[]> S(string key, long start, long end) => new(System.Text.Encoding.UTF8.GetBytes(key), new Window(start, end));

    private static List<string> Read(IKeyValueIterator<Windowed<byte[]>, byte[]> iterator)
    {
        var result = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                var (session, value) = iterator.Current;
                result.Add($"{System.Text.Encoding.UTF8.GetString(session.Key)}[{session.Window.StartMs},{session.Window.EndMs}]={value[0]}");
            }
        }

        return result;
    }

    [Fact]
    public void FindSessionsByEnd_by_default_reads_the_cache_over_the_inner_store_by_end_then_key()
    {
        var (store, _) = Create(budget: 1_000_000);
        store.Put(S("b", 0, 5), [1]);
        store.Put(S("a", 3, 9), [2]);
        store.Flush();
        store.Put(S("a", 0, 5), [3]); // only in the cache
        store.Remove(S("a", 3, 9)); // removed in the cache only

        using var found = ((ISessionBytesStore)store).FindSessionsByEnd(5, 9);
        var result = new List<(string Key, long Start, long End, byte Value)>();
        while (found.MoveNext())
        {
            result.Add((System.Text.Encoding.UTF8.GetString(found.Current.Key.Key), found.Current.Key.Window.StartMs, found.Current.Key.Window.EndMs, found.Current.Value[0]));
        }

        result.Should().Equal(("a", 0L, 5L, (byte)3), ("b", 0L, 5L, (byte)1));
    }

    private (CachingSessionBytesStore Store, ISessionBytesStore Inner) Create(long budget, long retention = 1_000)
    {
        var inner = new InMemorySessionBytesStore("s", retention);
        var store = new CachingSessionBytesStore(inner, new RecordCache(budget));
        store.SetFlushListener((k, n, o) => _flushed.Add((SessionKeySchema.From(k), n, o)));
        store.Init(new FakeStoreContext(), store);
        return (store, inner);
    }
}
