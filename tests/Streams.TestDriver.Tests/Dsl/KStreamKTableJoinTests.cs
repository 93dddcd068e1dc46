using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamKTableJoinTests
{
    private static (TopologyTestDriver Driver, TestInputTopic<string?, string?> Users, TestInputTopic<string?, string?> Clicks, TestOutputTopic<string?, string?> Out) Build(bool left, Func<IKTable<string?, string?>, IKTable<string?, string?>>? derive = null)
    {
        var builder = new StreamsBuilder();
        var users = builder.Table<string?, string?>("users");
        var table = derive is null ? users : derive(users);
        var clicks = builder.Stream<string?, string?>("clicks");
        (left ? clicks.LeftJoin(table, (click, region) => $"{click}@{region ?? "none"}") : clicks.Join(table, (click, region) => $"{click}@{region}"))
            .To("enriched", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        var driver = new TopologyTestDriver(builder.Build());
        return (driver, driver.CreateInputTopic("users", Serdes.String, Serdes.String), driver.CreateInputTopic("clicks", Serdes.String, Serdes.String),
            driver.CreateOutputTopic("enriched", Serdes.String, Serdes.String));
    }

    [Fact]
    public void Inner_join_uses_the_table_value_at_processing_time_and_drops_records_without_a_row()
    {
        var (driver, users, clicks, output) = Build(left: false);
        using (driver)
        {
            clicks.PipeInput("alice", "home", 1);   // no row yet: dropped
            users.PipeInput("alice", "eu", 2);
            clicks.PipeInput("alice", "cart", 3);
            users.PipeInput("alice", "us", 4);
            clicks.PipeInput("alice", "pay", 5);
            users.PipeInput("alice", null, 6);
            clicks.PipeInput("alice", "bye", 7);    // row deleted: dropped

            output.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal(("cart@eu", 3L), ("pay@us", 5L));
        }
    }

    [Fact]
    public void Left_join_joins_null_for_missing_rows_and_null_keys_and_drops_null_values()
    {
        var (driver, users, clicks, output) = Build(left: true);
        using (driver)
        {
            users.PipeInput("bob", "eu", 1);
            clicks.PipeInput("bob", "a", 2);
            clicks.PipeInput("carol", "b", 3);
            clicks.PipeInput(null, "c", 4);
            clicks.PipeInput("bob", null, 5);

            output.ReadPairs().Should().Equal(("bob", "a@eu"), ("carol", "b@none"), ((string?)null, "c@none"));
        }
    }

    [Fact]
    public void A_join_with_a_filtered_table_reads_through_the_filter()
    {
        var (driver, users, clicks, output) = Build(left: true, t => t.Filter((_, region) => region != "blocked"));
        using (driver)
        {
            users.PipeInput("dave", "blocked", 1);
            users.PipeInput("erin", "eu", 1);
            clicks.PipeInput("dave", "x", 2);
            clicks.PipeInput("erin", "y", 3);

            output.ReadPairs().Should().Equal(("dave", "x@none"), ("erin", "y@eu"));
        }
    }

    [Fact]
    public void A_stream_whose_key_changed_is_repartitioned_before_the_join_as_Kafka_Streams_does()
    {
        var builder = new StreamsBuilder();
        var regions = builder.Table<string, string>("regions");
        builder.Stream<string, string>("orders")
            .SelectKey((_, v) => v.Split(':')[0], Named.As("by-customer"))
            .Join(regions, (order, region) => $"{order}@{region}", Joined<string, string, string>.As("with-region"))
            .To("out");
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
        driver.CreateInputTopic("regions", Serdes.String, Serdes.String).PipeInput("alice", "eu", 1);

        orders.PipeInput("o1", "alice:book", 2);
        orders.PipeInput("o2", "bob:pen", 3);

        topology.InternalTopics("test-driver").Should().Contain("test-driver-with-region-repartition");
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("alice", "alice:book@eu"));
    }

    [Fact]
    public void An_unnamed_join_after_a_key_change_names_its_repartition_topic_after_the_key_changing_node()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table<string, string>("t");
        builder.Stream<string, string>("s").SelectKey((_, v) => v, Named.As("rekey")).LeftJoin(table, (a, b) => a + b).To("out");

        builder.Build().InternalTopics("app").Should().Contain("app-rekey-repartition");
    }
}
