using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// <see cref="TopologyOptions.EnsureExplicitInternalResourceNaming"/>, as Kafka Streams' KIP-1111
/// (<c>ensure.explicit.internal.resource.naming</c>): Build refuses generated state store, changelog and repartition
/// topic names and says how to name each.
/// </summary>
public class ExplicitNamingTests
{
    [Theory]
    [InlineData(NamingStrategy.Stable)]
    [InlineData(NamingStrategy.KafkaCompatible)]
    public void Build_lists_every_generated_store_changelog_and_repartition_topic_with_how_to_name_it(NamingStrategy strategy)
    {
        var generated = Program(new TopologyOptions { NamingStrategy = strategy }, named: false);
        var stores = StoreNames(generated);
        var internalTopics = generated.InternalTopics("app").Select(t => t["app-".Length..]).ToList();

        var act = () => Program(new TopologyOptions { NamingStrategy = strategy, EnsureExplicitInternalResourceNaming = true }, named: false);

        var message = act.Should().Throw<TopologyException>().Which.Message;
        stores.Should().HaveCount(4, "the filter's Materialized names no store, so nothing is materialized, as Kafka Streams");
        internalTopics.Should().HaveCount(5, "three changelogs (the global store has none) and two repartition topics");
        foreach (var store in stores)
        {
            message.Should().Contain($"state store '{store}'");
        }

        foreach (var topic in internalTopics)
        {
            message.Should().Contain($"'<applicationId>-{topic}'");
        }

        message.Should().Contain("KIP-1111")
            .And.Contain("Materialized.As(\"name\") on Count")
            .And.Contain("Materialized.As(\"name\") on Table(\"users\")")
            .And.Contain("Materialized.As(\"name\") on GlobalTable(\"regions\")")
            .And.Contain("Grouped.As(\"name\")")
            .And.Contain("Repartitioned.As(\"name\") on Repartition()");
    }

    [Fact]
    public void A_store_without_changelog_is_listed_without_one()
    {
        var builder = new StreamsBuilder(new TopologyOptions { EnsureExplicitInternalResourceNaming = true });
        builder.Stream<string, string>("orders").GroupByKey().Count(Materialized<string, long>.With(Serdes.String!, Serdes.Int64).WithLoggingDisabled());

        var message = FluentActions.Invoking(builder.Build).Should().Throw<TopologyException>().Which.Message;

        message.Should().Contain("state store 'KSTREAM-AGGREGATE-STATE-STORE-").And.NotContain("-changelog");
    }

    [Fact]
    public void A_topology_that_names_every_store_and_internal_topic_builds()
    {
        var topology = Program(new TopologyOptions { EnsureExplicitInternalResourceNaming = true }, named: true);

        StoreNames(topology).Should().BeEquivalentTo("counts", "rekeyed-counts", "users", "active-users", "regions");
        topology.InternalTopics("app").Should().BeEquivalentTo(
            "app-counts-changelog", "app-rekeyed-counts-changelog", "app-users-changelog", "app-by-value-repartition", "app-orders-by-value-repartition");
    }

    [Fact]
    public void A_repartition_topic_named_after_an_explicitly_named_store_counts_as_named()
    {
        var builder = new StreamsBuilder(new TopologyOptions { EnsureExplicitInternalResourceNaming = true });
        builder.Stream<string, string>("orders").GroupBy((_, v) => v).Count(Materialized<string, long>.As("by-value"));

        builder.Build().InternalTopics("app").Should().BeEquivalentTo("app-by-value-repartition", "app-by-value-changelog");
    }

    [Fact]
    public void Generated_processor_names_are_allowed()
    {
        var builder = new StreamsBuilder(new TopologyOptions { EnsureExplicitInternalResourceNaming = true });
        builder.Stream<string, string>("orders").Filter((_, v) => v.Length > 0).MapValues(v => v.Length).To("lengths");

        builder.Build().Describe().Subtopologies.Single().Nodes.Select(n => n.Name)
            .Should().Equal("KSTREAM-SOURCE-0000000000", "KSTREAM-FILTER-0000000001", "KSTREAM-MAPVALUES-0000000002", "KSTREAM-SINK-0000000003");
    }

    [Fact]
    public void Generated_names_are_accepted_by_default()
    {
        Program(new TopologyOptions(), named: false).InternalTopics("app").Should().HaveCount(5);
    }

    /// <summary>An aggregation, a re-keyed aggregation, an explicit repartition, a table, an unlogged table filter and a global table.</summary>
    private static Topology Program(TopologyOptions options, bool named)
    {
        var builder = new StreamsBuilder(options);
        var orders = builder.Stream<string, string>("orders");
        orders.GroupByKey().Count(named ? Materialized<string, long>.As("counts") : null);
        orders.SelectKey((_, v) => v)
            .GroupByKey(named ? Grouped<string, string>.As("by-value") : null)
            .Count(named ? Materialized<string, long>.As("rekeyed-counts") : null);
        orders.Repartition(named ? Repartitioned<string, string>.As("orders-by-value") : null);
        var users = builder.Table<string, string>("users", materialized: named ? Materialized<string, string>.As("users") : null);
        users.Filter(
            (_, v) => v.Length > 0,
            (named ? Materialized<string, string>.As("active-users") : Materialized<string, string>.With(Serdes.String!, Serdes.String!)).WithLoggingDisabled());
        builder.GlobalTable<string, string>("regions", materialized: named ? Materialized<string, string>.As("regions") : null);
        return builder.Build();
    }

    private static List<string> StoreNames(Topology topology)
    {
        var description = topology.Describe();
        return description.Subtopologies.SelectMany(s => s.Nodes).SelectMany(n => n.Stores)
            .Concat(description.GlobalStores.Select(g => g.StoreName))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
