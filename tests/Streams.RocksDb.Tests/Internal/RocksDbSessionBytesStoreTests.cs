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
        new RocksDbSessionBytesStore(name, retentionPeriodMs, new RocksDbOptions());

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
    public void Sessions_are_segmented_by_end_and_a_segment_is_deleted_once_its_sessions_all_expired()
    {
        var store = new RocksDbSessionBytesStore("purged", 200_000, new RocksDbOptions()); // segment interval 100 s
        store.Init(new FakeStateStoreContext(StateDirectory), store);
        var storeDir = Path.Combine(StateDirectory, "rocksdb", "purged");
        try
        {
            store.Put(S("a", 0, 10), V("old"));
            store.Put(S("b", 0, 99_999), V("last of segment 0"));
            store.Put(S("c", 100_000, 100_000), V("first of segment 1"));

            store.Segments.SegmentIntervalMs.Should().Be(100_000);
            SegmentNames.Of(storeDir, "purged", 100_000).Should().BeEquivalentTo("purged.0", "purged.100000");

            store.Put(S("d", 299_999, 299_999), V("stream time 299999: segment 0 still holds live ends >= 99999"));
            SegmentNames.Of(storeDir, "purged", 100_000).Should().Contain("purged.0");
            store.FetchSession(K("a"), 0, 10).Should().BeNull("[0,10] ended before 299999 - 200000");
            Read(store.Fetch(K("b"))).Should().Equal("b[0,99999]=last of segment 0");

            store.Put(S("e", 300_000, 300_000), V("stream time 300000: the oldest live segment is that of 100000"));

            SegmentNames.Of(storeDir, "purged", 100_000).Should().NotContain("purged.0", "the whole segment (its key prefix) is dropped at once");
            Read(store.Fetch(K("c"))).Should().Equal("c[100000,100000]=first of segment 1");
            Read(store.Fetch(null, null)).Should().Equal(
                "c[100000,100000]=first of segment 1", "d[299999,299999]=stream time 299999: segment 0 still holds live ends >= 99999",
                "e[300000,300000]=stream time 300000: the oldest live segment is that of 100000");
        }
        finally
        {
            store.Close();
        }
    }
}
