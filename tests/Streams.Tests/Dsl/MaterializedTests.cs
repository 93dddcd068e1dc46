using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Dsl;

public class MaterializedTests
{
    [Fact]
    public void Defaults_have_logging_on_and_nothing_else_set()
    {
        var m = new Materialized<string, long>();

        m.LoggingEnabled.Should().BeTrue();
        m.StoreName.Should().BeNull();
        m.KeySerde.Should().BeNull();
        m.ValueSerde.Should().BeNull();
        m.Retention.Should().BeNull();
        m.KeyValueStoreSupplier.Should().BeNull();
        m.WindowStoreSupplier.Should().BeNull();
        m.VersionedStoreSupplier.Should().BeNull();
    }

    [Fact]
    public void As_names_the_store_and_validates_the_name()
    {
        Materialized<string, long>.As("counts").StoreName.Should().Be("counts");

        FluentActions.Invoking(() => Materialized<string, long>.As("bad name")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void As_supplier_takes_the_store_name_from_the_supplier()
    {
        var kv = Stores.InMemoryKeyValueStore("kv-store");
        var window = Stores.InMemoryWindowStore("win-store", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));

        Materialized<string, long>.As(kv).Should().Be(new Materialized<string, long> { StoreName = "kv-store", KeyValueStoreSupplier = kv });
        Materialized<string, long>.As(window).Should().Be(new Materialized<string, long> { StoreName = "win-store", WindowStoreSupplier = window });
        FluentActions.Invoking(() => Materialized<string, long>.As((IKeyValueBytesStoreSupplier)null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void With_methods_return_modified_copies()
    {
        var original = Materialized<string?, long>.As("s");

        var copy = original
            .WithKeySerde(Serdes.String)
            .WithValueSerde(Serdes.Int64)
            .WithLoggingDisabled()
            .WithRetention(TimeSpan.FromHours(1));

        copy.Should().Be(new Materialized<string?, long> { StoreName = "s", KeySerde = Serdes.String, ValueSerde = Serdes.Int64, LoggingEnabled = false, Retention = TimeSpan.FromHours(1) });
        original.Should().Be(new Materialized<string?, long> { StoreName = "s" });
        copy.WithLoggingEnabled().LoggingEnabled.Should().BeTrue();
    }

    [Fact]
    public void With_sets_both_serdes()
    {
        var m = Materialized<string?, long>.With(Serdes.String, Serdes.Int64);

        m.KeySerde.Should().BeSameAs(Serdes.String);
        m.ValueSerde.Should().BeSameAs(Serdes.Int64);
        m.StoreName.Should().BeNull();
    }

    [Fact]
    public void As_versioned_supplier_takes_the_store_name_from_the_supplier()
    {
        var versioned = Stores.InMemoryVersionedKeyValueStore("versions", TimeSpan.FromMinutes(1));

        Materialized<string, long>.As(versioned).Should().Be(new Materialized<string, long> { StoreName = "versions", VersionedStoreSupplier = versioned });
        FluentActions.Invoking(() => Materialized<string, long>.As((IVersionedBytesStoreSupplier)null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void WithLoggingEnabled_with_configs_turns_logging_back_on_and_keeps_a_copy_of_the_configs()
    {
        var configs = new Dictionary<string, string> { ["retention.ms"] = "1000" };

        var m = Materialized<string, long>.As("s").WithLoggingDisabled().WithLoggingEnabled(configs);
        configs["retention.ms"] = "2";

        m.LoggingEnabled.Should().BeTrue();
        m.LoggingConfigs.Should().BeEquivalentTo(new Dictionary<string, string> { ["retention.ms"] = "1000" });
        FluentActions.Invoking(() => m.WithLoggingEnabled(null!)).Should().Throw<ArgumentNullException>();
    }
}
