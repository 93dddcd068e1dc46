using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.State;

public class StoresSessionTests
{
    [Fact]
    public void InMemorySessionStore_supplies_fresh_in_memory_session_stores_with_the_retention_in_milliseconds()
    {
        var supplier = Stores.InMemorySessionStore("sessions", TimeSpan.FromMinutes(1));

        supplier.Name.Should().Be("sessions");
        supplier.RetentionPeriodMs.Should().Be(60_000);
        var store = supplier.Get();
        store.Should().BeOfType<InMemorySessionBytesStore>();
        store.RetentionPeriodMs.Should().Be(60_000);
        store.Persistent.Should().BeFalse();
        supplier.Get().Should().NotBeSameAs(store);
    }

    [Fact]
    public void InMemorySessionStore_rejects_an_empty_name_and_a_negative_retention()
    {
        FluentActions.Invoking(() => Stores.InMemorySessionStore("", TimeSpan.FromSeconds(1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Stores.InMemorySessionStore("s", TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retentionPeriod");
    }

    [Fact]
    public void The_in_memory_DSL_suppliers_give_in_memory_session_stores()
    {
        var supplier = ((IDslStoreSuppliers)InMemoryDslStoreSuppliers.Instance).SessionStore("s", 5_000);

        supplier.RetentionPeriodMs.Should().Be(5_000);
        supplier.Get().Should().BeOfType<InMemorySessionBytesStore>().Which.Name.Should().Be("s");
        FluentActions.Invoking(() => InMemoryDslStoreSuppliers.Instance.SessionStore("s", -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Materialized_As_a_session_supplier_names_the_store_after_it()
    {
        var supplier = Stores.InMemorySessionStore("session-store", TimeSpan.FromSeconds(10));

        Materialized<string, long>.As(supplier).Should().Be(new Materialized<string, long> { StoreName = "session-store", SessionStoreSupplier = supplier });
        Materialized<string, long>.With(null, null).WithSessionStoreSupplier(supplier).StoreName.Should().Be("session-store");
        FluentActions.Invoking(() => Materialized<string, long>.As((ISessionBytesStoreSupplier)null!)).Should().Throw<ArgumentNullException>();
    }
}
