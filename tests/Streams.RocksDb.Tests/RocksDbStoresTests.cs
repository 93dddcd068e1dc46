using Streams.RocksDb.Internal;
using Streams.State;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbStoresTests
{
    [Fact]
    public void PersistentKeyValueStore_supplies_RocksDB_stores_with_the_name()
    {
        var supplier = RocksDbStores.PersistentKeyValueStore("counts");

        supplier.Name.Should().Be("counts");
        var store = supplier.Get();
        store.Should().BeOfType<RocksDbKeyValueBytesStore>();
        store.Name.Should().Be("counts");
        store.Persistent.Should().BeTrue();
        store.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void PersistentWindowStore_converts_durations_to_milliseconds()
    {
        var supplier = RocksDbStores.PersistentWindowStore("w", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

        supplier.Name.Should().Be("w");
        supplier.RetentionPeriodMs.Should().Be(3_600_000);
        supplier.WindowSizeMs.Should().Be(300_000);
        var store = supplier.Get();
        store.Persistent.Should().BeTrue();
        store.RetentionPeriodMs.Should().Be(3_600_000);
        store.WindowSizeMs.Should().Be(300_000);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        ((Action)(() => RocksDbStores.PersistentKeyValueStore(""))).Should().Throw<ArgumentException>();
        ((Action)(() => RocksDbStores.PersistentKeyValueStore(null!))).Should().Throw<ArgumentException>();
        ((Action)(() => RocksDbStores.PersistentKeyValueStore("a", null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => RocksDbStores.PersistentWindowStore("w", TimeSpan.FromSeconds(1), TimeSpan.Zero)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("windowSize");
        ((Action)(() => RocksDbStores.PersistentWindowStore("w", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retentionPeriod");
        ((Action)(() => RocksDbStores.PersistentWindowStore("", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))))
            .Should().Throw<ArgumentException>();
    }
}
