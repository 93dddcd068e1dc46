using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamGlobalTableJoinTests
{
    [Fact]
    public void LeftJoin_joins_a_missing_row_as_null()
    {
        using var fixture = new JoinFixture(left: true);

        fixture.Customers.PipeInput("c1", "Ada", 1);
        fixture.Orders.PipeInput("o1", "c1", 2);
        fixture.Orders.PipeInput("o2", "c2", 3);

        fixture.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("o1", "c1:Ada", 2L), ("o2", "c2:<null>", 3L));
    }

    [Fact]
    public void Inner_join_drops_records_without_a_row()
    {
        using var fixture = new JoinFixture(left: false);

        fixture.Customers.PipeInput("c1", "Ada", 1);
        fixture.Orders.PipeInput("o1", "c1", 2);
        fixture.Orders.PipeInput("o2", "c2", 3);

        fixture.Output.ReadValuesToList().Should().Equal("c1:Ada");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Table_updates_are_visible_to_later_records_only(bool left)
    {
        using var fixture = new JoinFixture(left);

        fixture.Customers.PipeInput("c1", "Ada", 1);
        fixture.Orders.PipeInput("o1", "c1", 2);
        fixture.Customers.PipeInput("c1", "Grace", 3);
        fixture.Orders.PipeInput("o2", "c1", 4);

        fixture.Output.ReadValuesToList().Should().Equal("c1:Ada", "c1:Grace");
    }

    [Fact]
    public void A_tombstone_deletes_the_row_for_both_joins()
    {
        using var left = new JoinFixture(left: true);
        using var inner = new JoinFixture(left: false);

        foreach (var f in new[] { left, inner })
        {
            f.Customers.PipeInput("c1", "Ada", 1);
            f.Customers.PipeInput("c1", null, 2);
            f.Orders.PipeInput("o1", "c1", 3);
        }

        left.Output.ReadValuesToList().Should().Equal("c1:<null>");
        inner.Output.IsEmpty.Should().BeTrue();
        left.Driver.GetKeyValueStore<string, string>("customers-store")!.Get("c1").Should().BeNull();
    }

    [Fact]
    public void Stream_records_with_a_null_value_are_dropped()
    {
        using var fixture = new JoinFixture(left: true);

        fixture.Orders.PipeInput("o1", null, 1);

        fixture.Output.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void The_global_store_holds_the_latest_row_with_its_timestamp()
    {
        using var fixture = new JoinFixture(left: true);

        fixture.Customers.PipeInput("c1", "Ada", 10);
        fixture.Customers.PipeInput("c1", "Grace", 20);

        fixture.Driver.GetTimestampedKeyValueStore<string, string>("customers-store")!.Get("c1")
            .Should().Be(new Streams.State.ValueAndTimestamp<string>("Grace", 20));
    }

    private sealed class JoinFixture : IDisposable
    {
        public JoinFixture(bool left)
        {
            var builder = new StreamsBuilder();
            var customers = builder.GlobalTable("customers", materialized: Materialized<string, string>.As("customers-store"));
            var orders = builder.Stream<string, string>("orders");
            var joined = left
                ? orders.LeftJoin(customers, (_, customerId) => customerId, (customerId, name) => $"{customerId}:{name ?? "<null>"}")
                : orders.Join(customers, (_, customerId) => customerId, (customerId, name) => $"{customerId}:{name}");
            joined.To("out");
            Driver = new TopologyTestDriver(builder.Build());
            Customers = Driver.CreateInputTopic("customers", Serdes.String, Serdes.String);
            Orders = Driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public TestInputTopic<string?, string?> Customers { get; }

        public TestInputTopic<string?, string?> Orders { get; }

        public TestOutputTopic<string?, string?> Output { get; }

        public void Dispose() => Driver.Dispose();
    }
}
