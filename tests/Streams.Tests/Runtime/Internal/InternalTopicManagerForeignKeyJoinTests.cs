using Streams.Dsl;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class InternalTopicManagerForeignKeyJoinTests
{
    [Fact]
    public void The_subscription_topic_follows_the_right_table_and_the_response_topic_the_left_table()
    {
        var builder = new StreamsBuilder();
        var orders = builder.Table<string, string>("orders");
        var customers = builder.Table<string, string>("customers");
        orders.Join(customers, o => o, (o, c) => o + c, TableJoined<string, string>.As("oc")).ToStream().To("out");

        var topics = InternalTopicManager.RequiredTopics(builder.Build().Builder, "app", t => t switch { "orders" => 6, "customers" => 2, _ => null });

        topics.Should().Contain("app-oc-subscription-registration-topic", 2)
            .And.Contain("app-oc-subscription-response-topic", 6)
            .And.Contain("app-oc-subscription-store-changelog", 2);
        topics.Keys.Should().NotContain(t => t.EndsWith("-repartition", StringComparison.Ordinal));
    }

    [Fact]
    public void A_right_table_read_from_a_repartition_topic_passes_its_count_on_to_the_subscription_topic()
    {
        var builder = new StreamsBuilder();
        var orders = builder.Table<string, string>("orders");
        var perCustomer = builder.Stream<string, string>("events")
            .Repartition(Repartitioned<string, string>.As("by-customer").WithNumberOfPartitions(3))
            .ToTable(Materialized<string, string>.As("customers"));
        orders.LeftJoin(perCustomer, o => o, (o, c) => o + c, TableJoined<string, string>.As("oc")).ToStream().To("out");

        var topics = InternalTopicManager.RequiredTopics(builder.Build().Builder, "app", t => t switch { "orders" => 5, "events" => 8, _ => null });

        topics.Should().Contain("app-by-customer-repartition", 3)
            .And.Contain("app-oc-subscription-registration-topic", 3)
            .And.Contain("app-oc-subscription-response-topic", 5);
    }
}
