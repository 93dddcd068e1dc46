using Streams.RocksDb.Tests.TestSupport;
using Streams.State;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests;

/// <summary>Duplicate-retaining window stores on RocksDB, as stream-stream joins use them.</summary>
public sealed class RocksDbStoresDuplicatesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<IStateStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores.Where(s => s.IsOpen))
        {
            store.Close();
        }

        _dir.Dispose();
    }

    [Fact]
    public void A_duplicates_store_keeps_every_put_across_a_reopen()
    {
        var supplier = RocksDbStores.PersistentWindowStore("join", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), retainDuplicates: true, new RocksDbOptions());
        supplier.RetainDuplicates.Should().BeTrue();
        var store = Open(supplier);
        store.Put(Of("k"), Of("a"), 10);
        store.Put(Of("k"), Of("b"), 10);
        store.Put(Of("k"), null, 10);
        store.Close();

        Drain(Open(supplier).Fetch(Of("k"), 0, 20)).Should().Equal((10L, "a"), (10L, "b"));
    }

    [Fact]
    public void The_DSL_suppliers_hand_out_duplicates_stores_and_allow_a_zero_window_size()
    {
        var supplier = RocksDbDslStoreSuppliers.Instance.WindowStore("join", 0, 0, retainDuplicates: true);

        supplier.RetainDuplicates.Should().BeTrue();
        supplier.WindowSizeMs.Should().Be(0);
        RocksDbDslStoreSuppliers.Instance.WindowStore("plain", 10, 10, retainDuplicates: false).RetainDuplicates.Should().BeFalse();
        FluentActions.Invoking(() => RocksDbStores.PersistentWindowStore("w", TimeSpan.Zero, TimeSpan.FromMilliseconds(-1), retainDuplicates: true))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("windowSize");
    }

    private IWindowBytesStore Open(IWindowBytesStoreSupplier supplier)
    {
        var store = supplier.Get();
        _stores.Add(store);
        store.Init(new FakeStateStoreContext(_dir.Combine("app", "0_0")), store);
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
}
