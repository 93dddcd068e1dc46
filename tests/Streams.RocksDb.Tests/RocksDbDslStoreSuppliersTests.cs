using Streams.RocksDb.Internal;
using Streams.State;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbDslStoreSuppliersTests
{
    [Fact]
    public void Instance_is_a_shared_IDslStoreSuppliers_with_default_options()
    {
        IDslStoreSuppliers suppliers = RocksDbDslStoreSuppliers.Instance;

        suppliers.Should().BeSameAs(RocksDbDslStoreSuppliers.Instance);
        RocksDbDslStoreSuppliers.Instance.Options.MemoryBudgetBytes.Should().Be(64 * 1024 * 1024);
        RocksDbDslStoreSuppliers.Instance.Options.Should().BeSameAs(RocksDbOptions.Default);
    }

    [Fact]
    public void KeyValueStore_supplies_persistent_RocksDB_stores()
    {
        var supplier = RocksDbDslStoreSuppliers.Instance.KeyValueStore("kv");

        supplier.Name.Should().Be("kv");
        supplier.Get().Should().BeOfType<RocksDbKeyValueBytesStore>().Which.Persistent.Should().BeTrue();
    }

    [Fact]
    public void WindowStore_supplies_persistent_window_stores_with_the_given_sizes()
    {
        var supplier = RocksDbDslStoreSuppliers.Instance.WindowStore("w", 10_000, 1_000);

        supplier.Name.Should().Be("w");
        supplier.RetentionPeriodMs.Should().Be(10_000);
        supplier.WindowSizeMs.Should().Be(1_000);
        supplier.Get().Persistent.Should().BeTrue();
    }

    [Fact]
    public void The_TimeSpan_overloads_supply_the_stores_of_the_millisecond_ones()
    {
        var window = RocksDbDslStoreSuppliers.Instance.WindowStore("w", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        var duplicates = RocksDbDslStoreSuppliers.Instance.WindowStore("d", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), retainDuplicates: true);
        var session = RocksDbDslStoreSuppliers.Instance.SessionStore("s", TimeSpan.FromMinutes(1));

        (window.Name, window.RetentionPeriodMs, window.WindowSizeMs, window.RetainDuplicates).Should().Be(("w", 10_000L, 1_000L, false));
        window.Get().Persistent.Should().BeTrue();
        (duplicates.RetentionPeriodMs, duplicates.WindowSizeMs, duplicates.RetainDuplicates).Should().Be((10_000L, 1_000L, true));
        (session.Name, session.RetentionPeriodMs).Should().Be(("s", 60_000L));
        session.Get().Persistent.Should().BeTrue();
    }

    [Fact]
    public void WindowStore_rejects_a_retention_shorter_than_the_size()
    {
        var act = () => RocksDbDslStoreSuppliers.Instance.WindowStore("w", 10, 1_000);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retentionPeriodMs");
    }

    [Fact]
    public void Custom_options_are_kept_for_every_store()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 8 * 1024 * 1024, BloomFilterBitsPerKey = 0 };

        var suppliers = new RocksDbDslStoreSuppliers(options);

        suppliers.Options.Should().BeSameAs(options);
        ((Action)(() => _ = new RocksDbDslStoreSuppliers(null!))).Should().Throw<ArgumentNullException>();
    }
}
