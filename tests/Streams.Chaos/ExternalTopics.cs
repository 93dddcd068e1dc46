using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streams.Chaos;

/// <summary>Creates the chaos topics on an external cluster (the embedded broker has no CreateTopics).</summary>
internal static class ExternalTopics
{
    /// <summary>
    /// Creates the input, output and counts topics with <paramref name="partitions"/> partitions each. Refuses to reuse
    /// topics left by an earlier run (their records would spoil the check): delete them first.
    /// </summary>
    /// <exception cref="InvalidOperationException">A chaos topic already exists.</exception>
    public static async Task CreateAsync(string bootstrapServers, int partitions, TextWriter log)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        string[] topics = [ChaosTopology.InputTopic, ChaosTopology.OutputTopic, ChaosTopology.CountsTopic];
        var existing = admin.GetMetadata(TimeSpan.FromSeconds(30)).Topics.Select(t => t.Topic).Intersect(topics, StringComparer.Ordinal).ToList();
        if (existing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Topics {string.Join(", ", existing)} already exist on {bootstrapServers}; delete them (and the chaos application's internal topics) before a new run.");
        }

        await admin.CreateTopicsAsync(topics.Select(t => new TopicSpecification { Name = t, NumPartitions = partitions, ReplicationFactor = -1 })).ConfigureAwait(false);
        log.WriteLine($"chaos: created topics {string.Join(", ", topics)} with {partitions} partitions on {bootstrapServers}");
    }
}
