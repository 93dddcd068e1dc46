using Streams.Dsl;
using Streams.RocksDb.Internal;
using Streams.RocksDb.Tests.TestSupport;
using Streams.State;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Internal;

/// <summary>The suppliers' stores, in particular the window store laid over RocksDB.</summary>
public sealed class RocksDbStoreSuppliersTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeStateStoreContext _context;
    private readonly List<IStateStore> _stores = [];

    public RocksDbStoreSuppliersTests() => _context = new FakeStateStoreContext(_dir.Combine("app", "1_2"));

    public void Dispose()
    {
        foreach (var store in _stores.Where(s => s.IsOpen))
        {
            store.Close();
        }

        _dir.Dispose();
    }

    private IWindowBytesStore OpenWindowStore(long retentionMs = 1_000, long sizeMs = 100)
    {
        var store = new RocksDbWindowBytesStoreSupplier("windows", retentionMs, sizeMs, new RocksDbOptions()).Get();
        _stores.Add(store);
        store.Init(_context, store);
        return store;
    }

    private static List<(long Start, string Value)> Drain(IKeyValueIterator<long, byte[]> it)
    {
        using (it)
        {
            var list = new List<(long, string)>();
            while (it.MoveNext())
            {
                list.Add((it.Current.Key, Str(it.Current.Value)));
            }

            return list;
        }
    }

    [Fact]
    public void The_key_value_supplier_hands_out_fresh_persistent_RocksDB_stores()
    {
        var supplier = new RocksDbKeyValueBytesStoreSupplier("kv", new RocksDbOptions());

        var first = supplier.Get();
        var second = supplier.Get();

        supplier.Name.Should().Be("kv");
        first.Should().BeOfType<RocksDbKeyValueBytesStore>().And.NotBeSameAs(second);
        first.Persistent.Should().BeTrue();
        first.Name.Should().Be("kv");
    }

    [Fact]
    public void The_window_store_is_persistent_and_lives_in_the_task_rocksdb_directory()
    {
        var store = OpenWindowStore();

        store.Persistent.Should().BeTrue();
        store.RetentionPeriodMs.Should().Be(1_000);
        store.WindowSizeMs.Should().Be(100);
        Directory.Exists(Path.Combine(_context.StateDirectory, "rocksdb", "windows")).Should().BeTrue();
        _context.Registered.Should().ContainSingle().Which.Store.Should().BeSameAs(store);
    }

    [Fact]
    public void Fetch_by_key_and_time_range_returns_that_key_windows_by_start()
    {
        var store = OpenWindowStore();
        store.Put(Of("a"), Of("a0"), 0);
        store.Put(Of("a"), Of("a200"), 200);
        store.Put(Of("a"), Of("a100"), 100);
        store.Put(Of("ab"), Of("ab100"), 100);
        store.Put(Of("b"), Of("b100"), 100);

        Drain(store.Fetch(Of("a"), 0, 200)).Should().Equal((0, "a0"), (100, "a100"), (200, "a200"));
        Drain(store.Fetch(Of("a"), 50, 150)).Should().Equal((100, "a100"));
        Drain(store.Fetch(Of("ab"), 0, 1_000)).Should().Equal((100, "ab100"));
        Str(store.Fetch(Of("b"), 100)).Should().Be("b100");
        store.Fetch(Of("b"), 0).Should().BeNull();
    }

    [Fact]
    public void FetchAll_returns_windowed_keys_with_their_window_bounds()
    {
        var store = OpenWindowStore();
        store.Put(Of("a"), Of("1"), 100);
        store.Put(Of("b"), Of("2"), 200);
        store.Put(Of("c"), Of("3"), 300);

        using var it = store.FetchAll(150, 300);
        var seen = new List<(string, Window, string)>();
        while (it.MoveNext())
        {
            seen.Add((Str(it.Current.Key.Key), it.Current.Key.Window, Str(it.Current.Value)));
        }

        seen.Should().BeEquivalentTo([("b", new Window(200, 300), "2"), ("c", new Window(300, 400), "3")]);
    }

    [Fact]
    public void Windows_expire_once_stream_time_passes_the_retention_period()
    {
        var store = OpenWindowStore(retentionMs: 1_000, sizeMs: 100);
        store.Put(Of("k"), Of("old"), 0);
        store.Put(Of("k"), Of("mid"), 500);

        store.Put(Of("k"), Of("new"), 1_000);

        store.Fetch(Of("k"), 0).Should().BeNull("window 0 is at or before stream time 1000 - retention 1000");
        Str(store.Fetch(Of("k"), 500)).Should().Be("mid");
        Drain(store.Fetch(Of("k"), 0, 2_000)).Should().Equal((500, "mid"), (1_000, "new"));

        store.Put(Of("k"), Of("too-late"), 0);
        store.Fetch(Of("k"), 0).Should().BeNull("puts into expired windows are dropped");
    }

    [Fact]
    public void Expired_windows_are_deleted_from_RocksDB_a_segment_at_a_time()
    {
        var store = OpenWindowStore(retentionMs: 1_000, sizeMs: 100); // segment interval 60 s
        for (var t = 0; t <= 300_000; t += 10_000)
        {
            store.Put(Of("k"), Of($"v{t}"), t);
        }

        Drain(store.Fetch(Of("k"), 0, 300_000)).Select(x => x.Start).Should().Equal(300_000L);
        store.Close();

        SegmentNames.Of(Path.Combine(_context.StateDirectory, "rocksdb", "windows"), "windows", 60_000)
            .Should().BeEquivalentTo(["windows.240000", "windows.300000"],
                "segments 0 to 180000 lie before the segment of stream time 300000 - retention 1000 and were deleted; 240000 holds 299000");
    }

    [Fact]
    public void Windows_persist_across_close_and_reopen()
    {
        var store = OpenWindowStore();
        store.Put(Of("k"), Of("v"), 100);
        store.Flush();
        store.Close();

        var reopened = OpenWindowStore();

        Str(reopened.Fetch(Of("k"), 100)).Should().Be("v");
    }
}
