using System.Globalization;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;
using Streams.State;

namespace Streams.TestDriver.Tests;

/// <summary>The examples printed in docs/tables-and-aggregations.md, kept compiling and true.</summary>
public class TablesAndAggregationsDocsTests
{
    [Fact]
    public void Final_results_example_emits_one_count_per_window_once_it_closes()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("page-views")
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)))
            .Count(Materialized<string?, long>.As("views-5m"))
            .Suppress(Suppressed<Windowed<string?>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream()
            .To("views-5m-final", Produced<Windowed<string?>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(5)), Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("page-views", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("views-5m-final", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(5)), Serdes.Int64);

        input.PipeInput("alice", "/home", 0);
        input.PipeInput("alice", "/cart", 60_000);
        input.PipeInput("bob", "/home", 359_999); // window [0, 5 min) closes at 6 min
        output.IsEmpty.Should().BeTrue();
        input.PipeInput("bob", "/cart", 360_000);

        output.ReadPairs().Select(p => (p.Key.Key, p.Key.Window.StartMs, p.Value)).Should().Equal(("alice", 0L, 2L));
    }

    [Fact]
    public void Time_limit_example_emits_the_latest_profile_thirty_seconds_of_stream_time_after_the_first_update()
    {
        var builder = new StreamsBuilder();
        builder.Table<string?, string?>("user-profiles")
            .Suppress(Suppressed<string?>.UntilTimeLimit(TimeSpan.FromSeconds(30), BufferConfig.MaxRecords(10_000)))
            .ToStream()
            .To("user-profiles-debounced");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("user-profiles", Serdes.String, Serdes.String);

        input.PipeInput("alice", "v1", 0);
        input.PipeInput("alice", "v2", 10_000);
        input.PipeInput("bob", "v1", 30_000);

        driver.CreateOutputTopic("user-profiles-debounced", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("alice", "v2"));
    }

    [Fact]
    public void Revenue_per_region_example_moves_revenue_between_regions()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("orders")
            .GroupBy((orderId, order) => (Region(order), Amount(order)), Grouped<string, long>.As("orders-by-region"))
            .Aggregate(
                () => 0L,
                (region, amount, total) => total + amount,
                (region, amount, total) => total - amount,
                Materialized<string, long>.As("revenue-per-region"))
            .ToStream()
            .To("revenue-per-region");
        using var driver = new TopologyTestDriver(builder.Build());
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);

        orders.PipeInput("o1", "eu:10", 1);
        orders.PipeInput("o1", "eu:15", 2);
        orders.PipeInput("o1", "us:3", 3);
        orders.PipeInput("o1", null, 4);

        driver.CreateOutputTopic("revenue-per-region", Serdes.String, Serdes.Int64).ReadPairs()
            .Should().Equal(("eu", 10L), ("eu", 15L), ("eu", 0L), ("us", 3L), ("us", 0L));
    }

    [Fact]
    public void Windowed_cogroup_example_counts_both_inputs_per_window()
    {
        var builder = new StreamsBuilder();
        var clicks = builder.Stream<string, string>("clicks").GroupByKey();
        var purchases = builder.Stream<string, string>("purchases").GroupByKey();
        clicks.Cogroup<long>((_, _, n) => n + 1)
            .Cogroup(purchases, (_, _, n) => n + 100)
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)))
            .Aggregate(() => 0L, Materialized<string, long>.As("activity-5m"))
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream().To("activity-5m-final", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(5))!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var clickInput = driver.CreateInputTopic("clicks", Serdes.String, Serdes.String);
        var purchaseInput = driver.CreateInputTopic("purchases", Serdes.String, Serdes.String);

        clickInput.PipeInput("alice", "/home", 0);
        purchaseInput.PipeInput("alice", "book", 1_000);
        clickInput.PipeInput("alice", "/home", 360_000);

        driver.CreateOutputTopic("activity-5m-final", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(5)), Serdes.Int64).ReadPairs()
            .Select(p => (p.Key.Key, p.Key.Window.StartMs, p.Value)).Should().Equal(("alice", 0L, 101L));
    }

    private static string Region(string order) => order.Split(':')[0];

    private static long Amount(string order) => long.Parse(order.Split(':')[1], CultureInfo.InvariantCulture);
}
