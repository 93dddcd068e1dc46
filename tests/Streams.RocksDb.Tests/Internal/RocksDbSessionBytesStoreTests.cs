using Streams.RocksDb.Internal;
using Streams.RocksDb.Tests.TestSupport;
using Streams.State;
using Streams.Testing;

namespace Streams.RocksDb.Tests.Internal;

public sealed class RocksDbSessionBytesStoreTests : SessionBytesStoreContractTests
{
    private readonly TempDirectory _dir = new();

    protected override string StateDirectory => _dir.Combine("app", "0_0");

    protected override ISessionBytesStore Create(string name, long retentionPeriodMs) =>
        new RocksDbSessionBytesStore(new RocksDbKeyValueBytesStore(name, new RocksDbOptions()), retentionPeriodMs);

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Is_persistent_and_keeps_its_sessions_across_a_reopen_of_the_same_directory()
    {
        var (store, context) = Open("s", Retention);
        store.Put(S("a", 0, 10), V("a"));
        store.Put(S("b", 20, 30), V("b"));
        store.Flush();
        store.Close();

        var reopened = Create("s", Retention);
        reopened.Init(context, reopened);
        try
        {
            reopened.Persistent.Should().BeTrue();
            Read(reopened.Fetch(null, null)).Should().Equal("a[0,10]=a", "b[20,30]=b");
        }
        finally
        {
            reopened.Close();
        }
    }

    [Fact]
    public void The_observed_stream_time_is_recovered_from_disk_on_open()
    {
        var (store, context) = Open("s", Retention);
        store.Put(S("a", 0, 49), V("old"));
        store.Put(S("b", 150, 150), V("new"));
        store.Close();

        var reopened = Create("s", Retention);
        reopened.Init(context, reopened);
        try
        {
            reopened.FetchSession(K("a"), 0, 49).Should().BeNull("the largest session end on disk is 150");
            Read(reopened.Fetch(null, null)).Should().Equal("b[150,150]=new");
        }
        finally
        {
            reopened.Close();
        }
    }

    [Fact]
    public void Expired_sessions_stay_on_disk_until_stream_time_advances_a_purge_interval_of_max_half_retention_and_60_s()
    {
        var inner = new RocksDbKeyValueBytesStore("purged", new RocksDbOptions());
        var store = new RocksDbSessionBytesStore(inner, 200_000); // purge interval 100 s
        store.Init(new FakeStateStoreContext(StateDirectory), store);
        try
        {
            store.Put(S("a", 0, 10), V("old"));
            store.Put(S("b", 0, 50_000), V("edge"));
            store.Put(S("x", 150_000, 150_000), V("purges at 150 s")); // nothing expired yet: live ends >= -50 s
            store.Put(S("c", 210_011, 210_011), V("expires [0,10]"));

            store.FetchSession(K("a"), 0, 10).Should().BeNull("[0,10] ended before 210011 - 200000");
            inner.Get(Binary(K("a"), 0, 10)).Should().NotBeNull("the next purge is due once stream time reaches 150 s + 100 s");

            store.Put(S("d", 250_000, 250_000), V("purges at 250 s"));

            inner.Get(Binary(K("a"), 0, 10)).Should().BeNull();
            inner.Get(Binary(K("b"), 0, 50_000)).Should().NotBeNull("[0,50000] ends exactly at 250000 - 200000 and is live");
            Read(store.Fetch(K("b"))).Should().Equal("b[0,50000]=edge");
        }
        finally
        {
            store.Close();
        }
    }
}
