using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// Makes sure repartition and changelog topics exist before processing, as Kafka Streams'
/// <c>InternalTopicManager</c>: partition counts follow the sub-topology's input topics; changelogs are
/// compacted (window changelogs compact+delete with retention). Brokers without CreateTopics (the mock
/// cluster) are tolerated: the failure is logged and auto-creation is relied on.
/// </summary>
internal static class InternalTopicManager
{
    public static IReadOnlyDictionary<string, int> RequiredTopics(InternalTopologyBuilder builder, string applicationId, Func<string, int?> partitionsOf)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var subs = builder.Subtopologies;
        var resolved = new Dictionary<int, int>();

        // Repartition topics take the partition count of the sub-topology that writes them; iterate until stable.
        for (var round = 0; round < subs.Count + 1; round++)
        {
            foreach (var sub in subs)
            {
                var counts = sub.SourceTopics.Select(t => t.Internal ? result.GetValueOrDefault(t.Decorated(applicationId)) : partitionsOf(t.Name) ?? 0).ToList();
                var n = counts.Count == 0 ? 0 : counts.Max();
                if (n == 0)
                {
                    continue;
                }

                resolved[sub.Id] = n;
                foreach (var sink in sub.SinkTopics.Where(t => t.Internal))
                {
                    result[sink.Decorated(applicationId)] = builder.InternalTopicPartitions.TryGetValue(sink.Name, out var fixedCount)
                        ? fixedCount
                        : Math.Max(result.GetValueOrDefault(sink.Decorated(applicationId)), n);
                }
            }
        }

        foreach (var sub in subs)
        {
            if (!resolved.TryGetValue(sub.Id, out var n))
            {
                continue;
            }

            foreach (var store in sub.StoreNames.Where(s => builder.Stores[s].LoggingEnabled))
            {
                result[InternalTopicNames.Changelog(applicationId, store)] = n;
            }
        }

        return result;
    }

    /// <summary>
    /// The configs an internal topic is created with: changelogs compacted (window changelogs compact+delete) plus
    /// what their store asks for (<paramref name="changelogConfigs"/>); repartition topics delete.
    /// </summary>
    public static Dictionary<string, string> TopicConfigs(
        string topic, IReadOnlyDictionary<string, string> storeKinds, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? changelogConfigs = null)
    {
        if (!topic.EndsWith("-changelog", StringComparison.Ordinal))
        {
            return new Dictionary<string, string> { ["cleanup.policy"] = "delete" };
        }

        var configs = new Dictionary<string, string> { ["cleanup.policy"] = storeKinds.GetValueOrDefault(topic) == "Window" ? "compact,delete" : "compact" };
        foreach (var (key, value) in changelogConfigs?.GetValueOrDefault(topic) ?? new Dictionary<string, string>())
        {
            configs[key] = value;
        }

        return configs;
    }

    public static async Task EnsureAsync(
        IAdminClient admin, IReadOnlyDictionary<string, int> topics, IReadOnlyDictionary<string, string> storeKinds, TimeSpan timeout, ILogger logger,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? changelogConfigs = null)
    {
        if (topics.Count == 0)
        {
            return;
        }

        var metadata = admin.GetMetadata(timeout);
        var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        foreach (var (topic, partitions) in topics)
        {
            if (existing.TryGetValue(topic, out var actual) && actual != partitions)
            {
                throw new StreamsException(
                    $"Internal topic '{topic}' exists with {actual} partitions but the topology needs {partitions} (the partition count of its input topics). Delete it or reset the application.");
            }
        }

        var missing = topics.Where(t => !existing.ContainsKey(t.Key)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var specs = missing.Select(t => new TopicSpecification
        {
            Name = t.Key,
            NumPartitions = t.Value,
            ReplicationFactor = -1,
            Configs = TopicConfigs(t.Key, storeKinds, changelogConfigs),
        }).ToList();
        var names = string.Join(", ", missing.Select(m => m.Key));
        try
        {
            await admin.CreateTopicsAsync(specs, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).ConfigureAwait(false);
            Log.TopicsCreated(logger, names);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists or ErrorCode.NoError))
        {
            Log.TopicsCreated(logger, names);
        }
        catch (KafkaException e)
        {
            Log.TopicCreationUnsupported(logger, names, e.Error.Reason, string.Join(", ", missing.Select(m => $"{m.Key}={m.Value}")));
        }
    }
}
