using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class VersionedKTableTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMilliseconds(100);

    private static (TopologyTestDriver Driver, TestInputTopic<string?, string?> Input, TestOutputTopic<string?, string?> Output) Build(bool toTable = false)
    {
        var builder = new StreamsBuilder();
        var materialized = Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("versions", Retention));
        var table = toTable
            ? builder.Stream<string?, string?>("input").ToTable(materialized)
            : builder.Table("input", Consumed<string?, string?>.With(Serdes.String, Serdes.String), materialized);
        table.ToStream().To("output", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build());
        return (driver, driver.CreateInputTopic("input", Serdes.String, Serdes.String), driver.CreateOutputTopic("output", Serdes.String, Serdes.String));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_out_of_order_update_goes_into_the_history_and_leaves_the_latest_value(bool toTable)
    {
        var (driver, input, _) = Build(toTable);
        using (driver)
        {
            input.PipeInput("k", "v1", 10);
            input.PipeInput("k", "v3", 30);
            input.PipeInput("k", "v2", 20);

            var store = driver.GetVersionedKeyValueStore<string?, string?>("versions")!;
            store.Get("k").Should().Be(new VersionedRecord<string?>("v3", 30));
            store.Get("k", 25).Should().Be(new VersionedRecord<string?>("v2", 20, 30));
            store.Get("k", 19).Should().Be(new VersionedRecord<string?>("v1", 10, 20));
        }
    }

    [Fact]
    public void Every_stored_update_is_forwarded_as_Kafka_Streams_does_out_of_order_ones_included()
    {
        // Kafka Streams' KTableSource forwards what the versioned store accepted; an out-of-order update carries
        // isLatest = false, which only latest-state operators (table joins and aggregations) act on.
        var (driver, input, output) = Build();
        using (driver)
        {
            input.PipeInput("k", "v1", 10);
            input.PipeInput("k", "v3", 30);
            input.PipeInput("k", "v2", 20);

            output.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(("v1", 10L), ("v3", 30L), ("v2", 20L));
        }
    }

    [Fact]
    public void Table_joins_and_table_aggregations_ignore_out_of_order_updates_of_a_versioned_table()
    {
        // KIP-914: an update that is not the latest version changes history only; latest-state operators skip it.
        var builder = new StreamsBuilder();
        var versioned = builder.Table("input", Consumed<string?, string?>.With(Serdes.String, Serdes.String),
            Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("versions", Retention)));
        var other = builder.Table("other", Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        versioned.Join(other, (v, o) => v + o).ToStream().To("joined", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        versioned.GroupBy((k, v) => (v, k), Grouped<string?, string?>.With(Serdes.String, Serdes.String)).Count().ToStream()
            .To("counts", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.String);
        driver.CreateInputTopic("other", Serdes.String, Serdes.String).PipeInput("k", "-o", 0);
        var joined = driver.CreateOutputTopic("joined", Serdes.String, Serdes.String);
        var counts = driver.CreateOutputTopic("counts", Serdes.String, Serdes.Int64);

        input.PipeInput("k", "v1", 10);
        input.PipeInput("k", "v3", 30);
        input.PipeInput("k", "v2", 20); // out of order: stored as history only

        joined.ReadRecordsToList().Select(r => r.Value).Should().Equal("v1-o", "v3-o");
        counts.ReadRecordsToList().Select(r => (r.Key, r.Value)).Should().Equal(("v1", 1L), ("v1", 0L), ("v3", 1L));
    }

    [Fact]
    public void An_update_older_than_the_history_retention_is_neither_stored_nor_forwarded()
    {
        var (driver, input, output) = Build();
        using (driver)
        {
            input.PipeInput("k", "v", 1_000);
            input.PipeInput("late", "x", 899);
            input.PipeInput("edge", "y", 900);

            output.ReadPairs().Should().Equal(("k", "v"), ("edge", "y"));
            driver.GetVersionedKeyValueStore<string?, string?>("versions")!.Get("late").Should().BeNull();
        }
    }

    [Fact]
    public void A_tombstone_deletes_from_its_timestamp_on_and_is_forwarded()
    {
        var (driver, input, output) = Build();
        using (driver)
        {
            input.PipeInput("k", "v1", 10);
            input.PipeInput("k", null, 20);

            var store = driver.GetVersionedKeyValueStore<string?, string?>("versions")!;
            store.Get("k").Should().BeNull();
            store.Get("k", 15).Should().Be(new VersionedRecord<string?>("v1", 10, 20));
            output.ReadPairs().Should().Equal(("k", "v1"), ("k", (string?)null));
        }
    }

    [Fact]
    public void The_changelog_carries_each_version_with_its_own_timestamp()
    {
        var (driver, input, _) = Build();
        using (driver)
        {
            input.PipeInput("k", "v1", 10);
            input.PipeInput("k", "v3", 30);
            input.PipeInput("k", "v2", 20);

            var changelog = driver.CreateOutputTopic($"{driver.ApplicationId}-versions-changelog", Serdes.String, Serdes.String);
            changelog.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(("v1", 10L), ("v3", 30L), ("v2", 20L));
        }
    }

    [Fact]
    public void A_versioned_store_is_not_handed_out_as_a_plain_key_value_store()
    {
        var (driver, _, _) = Build();
        using (driver)
        {
            FluentActions.Invoking(() => driver.GetKeyValueStore<string?, string?>("versions"))
                .Should().Throw<InvalidOperationException>().WithMessage("*IVersionedKeyValueStore<String, String>*");
            driver.GetVersionedKeyValueStore<string?, string?>("missing").Should().BeNull();
        }
    }

    [Fact]
    public void Only_source_tables_can_be_materialized_as_versioned()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table<string?, string?>("input");
        var versioned = Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("filtered", Retention));

        FluentActions.Invoking(() => table.Filter((_, v) => v is not null, versioned)).Should().Throw<TopologyException>().WithMessage("*source table*");
    }
}
