using Confluent.Kafka;

namespace Streams.IntegrationTests.EmbeddedKafka;

/// <summary>
/// Client settings and bounded helpers for tests against librdkafka's mock cluster. The settings are the
/// ones measured to make the mock fast and deterministic; see docs/embedded-broker.md.
/// </summary>
internal static class KafkaTestClients
{
    /// <summary>The bound on every wait in these tests.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static ProducerConfig Producer(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        LingerMs = 5,
    };

    public static ConsumerConfig Consumer(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        // The mock answers a Fetch with no new data only after fetch.wait.max.ms (default 500 ms): that is the
        // end-to-end latency of a caught-up consumer.
        FetchWaitMaxMs = 10,
        // A member joining or leaving a non-empty mock group makes the next join wait session.timeout.ms - 1 s
        // (default 45 s -> 44 s). 6 s is the smallest a real broker accepts by default.
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    };

    /// <summary>
    /// Fetches the topic's metadata on the client's own handle, so its first produce or assignment does not
    /// wait for librdkafka's periodic topic scan (up to 1 s for a producer, 500 ms for an assigned consumer).
    /// </summary>
    public static void WarmUp(IClient client, string topic)
    {
        using var admin = new DependentAdminClientBuilder(client.Handle).Build();
        admin.GetMetadata(topic, Timeout);
    }

    /// <summary>Consumes exactly <paramref name="count"/> messages, or throws when <see cref="Timeout"/> passes first.</summary>
    public static List<ConsumeResult<TKey, TValue>> ConsumeExactly<TKey, TValue>(IConsumer<TKey, TValue> consumer, int count)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var results = new List<ConsumeResult<TKey, TValue>>(count);
        try
        {
            while (results.Count < count)
            {
                var result = consumer.Consume(cts.Token);
                if (!result.IsPartitionEOF)
                {
                    results.Add(result);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Consumed {results.Count} of {count} messages within {Timeout}.");
        }

        return results;
    }

    /// <summary>Produces the messages, flushes, and asserts every one was delivered.</summary>
    public static void ProduceAll<TKey, TValue>(IProducer<TKey, TValue> producer, string topic, IEnumerable<Message<TKey, TValue>> messages)
    {
        var errors = new List<Error>();
        var sent = 0;
        foreach (var message in messages)
        {
            producer.Produce(topic, message, report =>
            {
                if (report.Error.IsError)
                {
                    lock (errors)
                    {
                        errors.Add(report.Error);
                    }
                }
            });
            sent++;
        }

        producer.Flush(Timeout).Should().Be(0, "all {0} messages are delivered within {1}", sent, Timeout);
        errors.Should().BeEmpty();
    }
}
