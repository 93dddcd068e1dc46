using Streams.Testing;
using System.Collections.Concurrent;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.IntegrationTests.FlightDelays;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// A foreign-key join on the Kafka runtime with tables of different partition counts: subscriptions must reach the
/// right table's partition of the foreign key, and responses must come back to the left row's partition.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class ForeignKeyJoinTests() : EmbeddedBrokerTestBase("streams-fk-")
{
    [Fact]
    public async Task Joins_orders_on_3_partitions_with_customers_on_2_partitions_through_the_subscription_and_response_topics()
    {
        Cluster.CreateTopic("orders", 3);
        Cluster.CreateTopic("customers", 2);
        Cluster.CreateTopic("out", 3);
        foreach (var (topic, partitions) in new[]
        {
            ("fk-oc-subscription-registration-topic", 2), ("fk-oc-subscription-response-topic", 3), ("fk-oc-subscription-store-changelog", 2),
            ("fk-customers-store-changelog", 2), ("fk-orders-store-changelog", 3), ("fk-joined-changelog", 3),
        })
        {
            Cluster.CreateTopic(topic, partitions);
        }

        var partitionCounts = new ConcurrentBag<int>();
        var builder = new StreamsBuilder();
        var orders = builder.Table<string, string>("orders", materialized: Materialized<string, string>.As("orders-store"));
        var customers = builder.Table<string, string>("customers", materialized: Materialized<string, string>.As("customers-store"));
        orders.Join(
                customers,
                order => order.Split('@')[1],
                (order, customer) => $"{order.Split('@')[0]} for {customer}",
                TableJoined<string, string>.As("oc").WithOtherPartitioner((_, _, _, n) =>
                {
                    partitionCounts.Add(n);
                    return null;
                }),
                Materialized<string, string>.As("joined").WithCachingDisabled())
            .ToStream()
            .To("out");
        Produce("customers", Enumerable.Range(0, 10).Select(i => ($"c{i}", $"customer {i}")));
        Produce("orders", Enumerable.Range(0, 30).Select(i => ($"o{i}", $"item {i}@c{i % 10}")));
        Produce("customers", [("c3", "customer three")]);
        var expected = Enumerable.Range(0, 30).ToDictionary(i => $"o{i}", i => $"item {i} for " + (i % 10 == 3 ? "customer three" : $"customer {i % 10}"));

        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = "fk",
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            Consumer = MockBrokerGroup.Consumer(),
        });
        await app.StartAsync();
        var latest = await ReadUntil("out", 3, expected, () => app.State == StreamsState.Error);

        app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
        latest.Should().BeEquivalentTo(expected);
        partitionCounts.Should().NotBeEmpty().And.OnlyContain(n => n == 2, "the subscription topic has the right table's 2 partitions");
    }

    /// <summary>Reads the topic from the start, keeping the latest value per key, until it equals <paramref name="expected"/> (or a timeout).</summary>
    private async Task<Dictionary<string, string>> ReadUntil(string topic, int partitions, Dictionary<string, string> expected, Func<bool> failed)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var latest = new Dictionary<string, string>();
        await Eventually.TryUntil(
            () =>
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } r)
                {
                    latest[r.Message.Key] = r.Message.Value;
                }

                // A failed application ends the wait too: the caller's assertion then reports its error.
                return Task.FromResult(failed() || (latest.Count == expected.Count && latest.All(kv => expected.GetValueOrDefault(kv.Key) == kv.Value)));
            },
            Wait);

        return latest;
    }
}
