using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.State;

public class StoresTests
{
    [Fact]
    public void Key_value_supplier_creates_a_fresh_in_memory_store_each_time()
    {
        var supplier = Stores.InMemoryKeyValueStore("kv");

        var first = supplier.Get();
        var second = supplier.Get();

        supplier.Name.Should().Be("kv");
        first.Should().BeOfType<InMemoryKeyValueBytesStore>().Which.Name.Should().Be("kv");
        first.Should().NotBeSameAs(second);
    }

    [Fact]
    public void Window_supplier_creates_a_fresh_store_each_time_with_its_sizes()
    {
        var supplier = Stores.InMemoryWindowStore("w", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10));

        var first = supplier.Get();
        var second = supplier.Get();

        first.Should().NotBeSameAs(second);
        (supplier.RetentionPeriodMs, supplier.WindowSizeMs).Should().Be((100L, 10L));
        (first.Name, first.RetentionPeriodMs, first.WindowSizeMs).Should().Be(("w", 100L, 10L));
    }

    [Fact]
    public void Window_supplier_validates_name_size_and_retention()
    {
        FluentActions.Invoking(() => Stores.InMemoryWindowStore(string.Empty, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Stores.InMemoryWindowStore("w", TimeSpan.FromSeconds(1), TimeSpan.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("windowSize");
        FluentActions.Invoking(() => Stores.InMemoryWindowStore("w", TimeSpan.FromMilliseconds(9), TimeSpan.FromMilliseconds(10)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("retentionPeriod");
        FluentActions.Invoking(() => Stores.InMemoryKeyValueStore(string.Empty)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Dsl_default_suppliers_are_in_memory()
    {
        InMemoryDslStoreSuppliers.Instance.KeyValueStore("kv").Get().Should().BeOfType<InMemoryKeyValueBytesStore>();
        var window = InMemoryDslStoreSuppliers.Instance.WindowStore("w", 60, 30);
        (window.Name, window.RetentionPeriodMs, window.WindowSizeMs).Should().Be(("w", 60L, 30L));
        window.Get().Should().BeOfType<KeyValueWindowBytesStore>();
    }
}
