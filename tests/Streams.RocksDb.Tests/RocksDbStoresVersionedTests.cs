using Streams.RocksDb.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbStoresVersionedTests
{
    [Fact]
    public void PersistentVersionedKeyValueStore_supplies_RocksDB_backed_versioned_stores()
    {
        var supplier = RocksDbStores.PersistentVersionedKeyValueStore("versions", TimeSpan.FromHours(1));

        (supplier.Name, supplier.HistoryRetentionMs).Should().Be(("versions", 3_600_000L));
        supplier.Should().BeOfType<RocksDbVersionedBytesStoreSupplier>().Which.SegmentIntervalMs.Should().Be(300_000, "Kafka Streams' default for a 1 h retention");
        var store = supplier.Get();
        store.Should().BeOfType<KeyValueVersionedBytesStore>();
        (store.Name, store.Persistent, store.IsOpen).Should().Be(("versions", true, false));
        store.Should().NotBeSameAs(supplier.Get());
    }

    [Fact]
    public void An_explicit_segment_interval_is_kept()
    {
        var supplier = (RocksDbVersionedBytesStoreSupplier)RocksDbStores.PersistentVersionedKeyValueStore("v", TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));

        supplier.SegmentIntervalMs.Should().Be(5_000);
    }

    [Fact]
    public void Invalid_versioned_arguments_are_rejected()
    {
        FluentActions.Invoking(() => RocksDbStores.PersistentVersionedKeyValueStore("", TimeSpan.FromSeconds(1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RocksDbStores.PersistentVersionedKeyValueStore("v", TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("historyRetention");
        FluentActions.Invoking(() => RocksDbStores.PersistentVersionedKeyValueStore("v", TimeSpan.FromSeconds(1), TimeSpan.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("segmentInterval");
        FluentActions.Invoking(() => RocksDbStores.PersistentVersionedKeyValueStore("v", TimeSpan.FromSeconds(1), null, null!))
            .Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Timestamped_suppliers_are_the_plain_RocksDB_stores_under_Kafka_Streams_names()
    {
        RocksDbStores.PersistentTimestampedKeyValueStore("ts").Get().Should().BeOfType<RocksDbKeyValueBytesStore>().Which.Name.Should().Be("ts");
        var window = RocksDbStores.PersistentTimestampedWindowStore("tw", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        (window.Name, window.RetentionPeriodMs, window.WindowSizeMs).Should().Be(("tw", 120_000L, 60_000L));
        window.Get().Persistent.Should().BeTrue();
    }
}
