using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Dsl;

/// <summary>
/// The non-generic factories (<c>Consumed.With(Serdes.String, Serdes.String)</c>, <c>Materialized.As("counts")</c>...):
/// what they set, that C# infers their types (these assignments to explicitly typed variables compile without a
/// warning, and warnings are errors), and that the untyped ones convert to the typed parameters an operator takes.
/// </summary>
public class InferringFactoriesTests
{
    private static readonly ISerde<Order?> OrderSerde = Serdes.Json<Order?>();

    [Fact]
    public void Consumed_With_infers_nullable_string_types_from_the_string_serde()
    {
        // Serdes.String is ISerde<string?>: a tombstone is a null value, so the types are string?, not string.
        Consumed<string?, string?> consumed = Consumed.With(Serdes.String, Serdes.String);
        Consumed<string?, long> counts = Consumed.With(Serdes.String, Serdes.Int64);
        Consumed<string?, Order?> orders = Consumed.With(Serdes.String, OrderSerde);

        consumed.Should().Be(Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        counts.ValueSerde.Should().BeSameAs(Serdes.Int64);
        orders.ValueSerde.Should().BeSameAs(OrderSerde);
    }

    [Fact]
    public void Consumed_With_an_extractor_and_As_a_name()
    {
        TimestampExtractor<string?, string?> extractor = (_, _, ts, _) => ts + 1;

        Consumed.With(extractor).TimestampExtractor.Should().BeSameAs(extractor);
        Consumed<string?, string?> named = Consumed.As("orders-source");
        named.Should().Be(Consumed<string?, string?>.As("orders-source"));
        FluentActions.Invoking(() => Consumed.As("bad name")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Produced_With_As_and_StreamPartitioner()
    {
        Produced<string?, long> produced = Produced.With(Serdes.String, Serdes.Int64);
        produced.KeySerde.Should().BeSameAs(Serdes.String);
        produced.ValueSerde.Should().BeSameAs(Serdes.Int64);

        Produced<string?, long> named = Produced.As("counts-sink");
        named.Should().Be(Produced<string?, long>.As("counts-sink"));

        var partitioner = new FirstPartition();
        Produced.StreamPartitioner(partitioner).Partitioner.Should().BeSameAs(partitioner);
        FluentActions.Invoking(() => Produced.As("")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Grouped_With_and_As()
    {
        Grouped<string?, Order?> grouped = Grouped.With(Serdes.String, OrderSerde);
        grouped.Should().Be(Grouped<string?, Order?>.With(Serdes.String, OrderSerde));

        Grouped<string?, Order?> named = Grouped.As("by-customer");
        named.Should().Be(Grouped<string?, Order?>.As("by-customer"));
    }

    [Fact]
    public void Materialized_As_a_name_converts_with_every_type_free_setting()
    {
        Materialized<string?, long> typed = Materialized.As("counts")
            .WithCachingDisabled()
            .WithLoggingEnabled(new Dictionary<string, string> { ["min.insync.replicas"] = "2" })
            .WithRetention(TimeSpan.FromHours(1));

        typed.StoreName.Should().Be("counts");
        typed.CachingEnabled.Should().BeFalse();
        typed.LoggingEnabled.Should().BeTrue();
        typed.LoggingConfigs.Should().Equal(new Dictionary<string, string> { ["min.insync.replicas"] = "2" });
        typed.Retention.Should().Be(TimeSpan.FromHours(1));
        typed.KeySerde.Should().BeNull();
        typed.ValueSerde.Should().BeNull();

        Materialized<string?, long> unlogged = Materialized.As("counts").WithLoggingDisabled();
        unlogged.LoggingEnabled.Should().BeFalse();
        FluentActions.Invoking(() => Materialized.As("bad/name")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Materialized_As_a_supplier_converts_with_the_supplier_and_its_name()
    {
        var kv = Stores.InMemoryKeyValueStore("kv-store");
        var window = Stores.InMemoryWindowStore("win-store", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        var versioned = Stores.InMemoryVersionedKeyValueStore("users", TimeSpan.FromHours(1));

        Materialized<string?, long> fromKv = Materialized.As(kv);
        Materialized<string?, long> fromWindow = Materialized.As(window);
        Materialized<string?, string?> fromVersioned = Materialized.As(versioned);

        fromKv.Should().Be(Materialized<string?, long>.As(kv));
        fromWindow.Should().Be(Materialized<string?, long>.As(window));
        fromVersioned.Should().Be(Materialized<string?, string?>.As(versioned));
    }

    [Fact]
    public void Materialized_With_and_WithSerdes_infer_the_types_from_the_serdes()
    {
        Materialized<string?, long> with = Materialized.With(Serdes.String, Serdes.Int64);
        with.Should().Be(Materialized<string?, long>.With(Serdes.String, Serdes.Int64));

        Materialized<string?, Order?> stats = Materialized.As("orders").WithCachingDisabled().WithSerdes(Serdes.String, OrderSerde);
        stats.StoreName.Should().Be("orders");
        stats.CachingEnabled.Should().BeFalse();
        stats.KeySerde.Should().BeSameAs(Serdes.String);
        stats.ValueSerde.Should().BeSameAs(OrderSerde);
    }

    [Fact]
    public void A_null_untyped_parameter_converts_to_null()
    {
        Materialized? none = null;
        Materialized<string?, long>? typed = none;

        typed.Should().BeNull();
    }

    [Fact]
    public void Joined_StreamJoined_Repartitioned_TableJoined()
    {
        Joined<string?, Order?, string?> joined = Joined.As("enrich").WithGracePeriod(TimeSpan.FromSeconds(10));
        joined.Should().Be(Joined<string?, Order?, string?>.As("enrich").WithGracePeriod(TimeSpan.FromSeconds(10)));
        Joined.With(Serdes.String, OrderSerde, Serdes.String, "enrich").Should()
            .Be(Joined<string?, Order?, string?>.With(Serdes.String, OrderSerde, Serdes.String, "enrich"));
        FluentActions.Invoking(() => Joined.As("j").WithGracePeriod(TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>();

        StreamJoined<string?, Order?, string?> streamJoined = StreamJoined.As("order-payment").WithName("join").WithLoggingDisabled();
        streamJoined.Should().Be(StreamJoined<string?, Order?, string?>.As("order-payment").WithName("join").WithLoggingDisabled());
        StreamJoined.With(Serdes.String, OrderSerde, Serdes.String).OtherValueSerde.Should().BeSameAs(Serdes.String);

        Repartitioned<string?, Order?> repartitioned = Repartitioned.As("by-region").WithNumberOfPartitions(6);
        repartitioned.Should().Be(Repartitioned<string?, Order?>.As("by-region").WithNumberOfPartitions(6));
        Repartitioned.With(Serdes.String, OrderSerde).ValueSerde.Should().BeSameAs(OrderSerde);

        TableJoined<string?, string?> tableJoined = TableJoined.As("orders-customers");
        tableJoined.Should().Be(TableJoined<string?, string?>.As("orders-customers"));
        StreamPartitioner<string?, object?> partitioner = (_, _, _, _) => 0;
        TableJoined.With(partitioner, partitioner).Partitioner.Should().BeSameAs(partitioner);
    }

    [Fact]
    public void Branched_Printed_Suppressed()
    {
        Branched<string?, Order?> branched = Branched.As("large");
        branched.Name.Should().Be("large");
        branched.Function.Should().BeNull();

        using var writer = new StringWriter();
        Printed<string?, long> printed = Printed.ToWriter(writer).WithLabel("counts");
        printed.Writer.Should().BeSameAs(writer);
        printed.Label.Should().Be("counts");

        var unbounded = BufferConfig.Unbounded();
        Suppressed<Windowed<string?>> final = Suppressed.UntilWindowCloses(unbounded).WithName("final");
        final.Should().Be(Suppressed<Windowed<string?>>.UntilWindowCloses(unbounded).WithName("final"));
        var limit = BufferConfig.MaxRecords(10);
        Suppressed<string?> debounced = Suppressed.UntilTimeLimit(TimeSpan.FromSeconds(30), limit).WithLoggingDisabled();
        debounced.Should().Be(Suppressed<string?>.UntilTimeLimit(TimeSpan.FromSeconds(30), limit).WithLoggingDisabled());
        FluentActions.Invoking(() => Suppressed.UntilTimeLimit(TimeSpan.FromSeconds(-1), limit)).Should().Throw<ArgumentOutOfRangeException>();
    }

    private sealed record Order(string Id);

    private sealed class FirstPartition : IStreamPartitioner<string?, long>
    {
        public IReadOnlySet<int>? Partitions(string topic, string? key, long value, int numPartitions) => new HashSet<int> { 0 };
    }
}
