using Streams.RocksDb.Internal;
using Streams.State;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbStoresSessionTests
{
    [Fact]
    public void PersistentSessionStore_supplies_persistent_session_stores_with_the_retention_in_milliseconds()
    {
        var supplier = RocksDbStores.PersistentSessionStore("sessions", TimeSpan.FromMinutes(5));

        supplier.Name.Should().Be("sessions");
        supplier.RetentionPeriodMs.Should().Be(300_000);
        var store = supplier.Get();
        store.Should().BeOfType<RocksDbSessionBytesStore>();
        store.Name.Should().Be("sessions");
        store.Persistent.Should().BeTrue();
        store.RetentionPeriodMs.Should().Be(300_000);
        store.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void The_DSL_suppliers_give_session_stores_on_RocksDB()
    {
        var supplier = ((IDslStoreSuppliers)RocksDbDslStoreSuppliers.Instance).SessionStore("s", 7_000);

        supplier.Name.Should().Be("s");
        supplier.RetentionPeriodMs.Should().Be(7_000);
        supplier.Get().Should().BeOfType<RocksDbSessionBytesStore>();
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        ((Action)(() => RocksDbStores.PersistentSessionStore("", TimeSpan.FromSeconds(1)))).Should().Throw<ArgumentException>();
        ((Action)(() => RocksDbStores.PersistentSessionStore("s", TimeSpan.FromSeconds(-1))))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retentionPeriod");
        ((Action)(() => RocksDbStores.PersistentSessionStore("s", TimeSpan.FromSeconds(1), null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => RocksDbDslStoreSuppliers.Instance.SessionStore("s", -1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retentionPeriodMs");
    }
}
