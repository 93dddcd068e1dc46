using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// Makes sure repartition and changelog topics exist before processing, as Kafka Streams'
/// <c>InternalTopicManager</c>: partition counts follow the sub-topology's input topics (or, for internal topics
/// co-partitioned with other sources, those sources' count); changelogs are
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
        var groups = builder.CopartitionGroups;
        var pinned = PinCopartitionedRepartitionTopics(builder, groups, applicationId, partitionsOf);

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
                    result[sink.Decorated(applicationId)] = builder.InternalTopicPartitions.TryGetValue(sink.Name, out var fixedCount) ? fixedCount
                        : pinned.TryGetValue(sink.Name, out var pinnedCount) ? pinnedCount
                        : Math.Max(result.GetValueOrDefault(sink.Decorated(applicationId)), n);
                }
            }

            AlignRepartitionOnlyGroups(builder, groups, applicationId, result);
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
    /// Co-partitioned inputs (the two sides of a join) must have one partition count, as Kafka Streams'
    /// <c>CopartitionedTopicsEnforcer</c>: user topics of a group must agree, and the group's repartition topics take
    /// their count.
    /// </summary>
    private static Dictionary<string, int> PinCopartitionedRepartitionTopics(
        InternalTopologyBuilder builder, IReadOnlyList<IReadOnlySet<TopicRef>> groups, string applicationId, Func<string, int?> partitionsOf)
    {
        var pinned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var userCounts = group.Where(t => !t.Internal).Select(t => (t.Name, Count: partitionsOf(t.Name))).Where(t => t.Count is not null).ToList();
            var distinct = userCounts.Select(t => t.Count!.Value).Distinct().ToList();
            if (distinct.Count > 1)
            {
                throw new TopologyException(
                    $"topics not co-partitioned: joined topics must have the same number of partitions, but {string.Join(", ", userCounts.Select(t => $"'{t.Name}' has {t.Count}"))}.");
            }

            if (distinct.Count == 0)
            {
                continue;
            }

            foreach (var topic in group.Where(t => t.Internal))
            {
                if (builder.InternalTopicPartitions.TryGetValue(topic.Name, out var fixedCount) && fixedCount != distinct[0])
                {
                    throw new TopologyException(
                        $"topics not co-partitioned: repartition topic '{topic.Decorated(applicationId)}' has {fixedCount} partitions but is joined with topics of {distinct[0]}.");
                }

                pinned[topic.Name] = distinct[0];
            }
        }

        return pinned;
    }

    /// <summary>
    /// Groups made of repartition topics only all take one count, as Kafka Streams' <c>CopartitionedTopicsEnforcer</c>:
    /// the count fixed on one of them (<c>Repartitioned.WithNumberOfPartitions</c>) when there is one, else the largest.
    /// </summary>
    private static void AlignRepartitionOnlyGroups(
        InternalTopologyBuilder builder, IReadOnlyList<IReadOnlySet<TopicRef>> groups, string applicationId, Dictionary<string, int> result)
    {
        foreach (var group in groups.Where(g => g.All(t => t.Internal)))
        {
            var enforced = group.Where(t => builder.InternalTopicPartitions.ContainsKey(t.Name)).Select(t => builder.InternalTopicPartitions[t.Name]).Distinct().ToList();
            if (enforced.Count > 1)
            {
                throw new TopologyException(
                    $"topics not co-partitioned: repartition topics {string.Join(", ", group.Select(t => $"'{t.Decorated(applicationId)}'"))} must have one partition count, but fixed counts {string.Join(", ", enforced)} were set.");
            }

            var count = enforced.Count == 1 ? enforced[0] : group.Select(t => result.GetValueOrDefault(t.Decorated(applicationId))).DefaultIfEmpty().Max();
            foreach (var topic in group.Where(t => count > 0 && !builder.InternalTopicPartitions.ContainsKey(t.Name)))
            {
                result[topic.Decorated(applicationId)] = count;
            }
        }
    }

    /// <summary>
    /// The configs an internal topic is created with: changelogs compacted (window changelogs compact+delete) plus
    /// what their store asks for (<paramref name="changelogConfigs"/>); repartition topics delete.
    /// </summary>
    public static Dictionary<string, string> TopicConfigs(
        string topic, IReadOnlyDictionary<string, string> storeKinds, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? changelogConfigs = null)
    {
        if (topic.EndsWith(InternalTopicNames.Metadata(string.Empty), StringComparison.Ordinal))
        {
            return InstanceMetadataTopic.Configs();
        }

        if (!topic.EndsWith("-changelog", StringComparison.Ordinal))
        {
            return new Dictionary<string, string> { ["cleanup.policy"] = "delete" };
        }

        var configs = new Dictionary<string, string> { ["cleanup.policy"] = storeKinds.GetValueOrDefault(topic) is "Window" or "Session" ? "compact,delete" : "compact" };
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
