using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// Makes sure repartition and changelog topics exist before processing, as Kafka Streams'
/// <c>InternalTopicManager</c>: partition counts follow the sub-topology's input topics (or, for internal topics
/// co-partitioned with other sources, those sources' count); configs follow the topic's type
/// (<see cref="InternalTopicSpec"/>); existing topics are validated (<see cref="InternalTopicValidator"/>). Brokers without
/// the admin APIs (the mock cluster) are detected at once: partition counts are still checked, and auto-creation is relied on.
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
    /// Makes the internal topics ready, as Kafka Streams' <c>InternalTopicManager#makeReady</c> and <c>#validate</c>:
    /// existing ones are validated (partition counts from metadata; configs through <c>DescribeConfigs</c>, see
    /// <see cref="InternalTopicValidator"/>), missing ones are created with their partition counts and configs
    /// (<see cref="InternalTopicSpec.Configs"/>). A broker without the admin APIs (librdkafka's mock cluster) is detected
    /// by one broker-config probe, answered from the client's ApiVersions in a few ms: then only partition counts are
    /// checked, one warning (event 3002) is logged, and the broker's auto-creation is asked for, one metadata request per
    /// missing topic.
    /// </summary>
    /// <exception cref="StreamsException">An existing topic is incompatible (all problems are listed, with what to do), or
    /// the broker refused to create a topic.</exception>
    public static async Task EnsureAsync(
        IAdminClient admin, IReadOnlyList<InternalTopicSpec> topics, long windowStoreChangelogAdditionalRetentionMs, TimeSpan timeout, ILogger logger)
    {
        if (topics.Count == 0)
        {
            return;
        }

        var metadata = admin.GetMetadata(timeout);
        var existing = ExistingPartitions(metadata);
        var present = topics.Where(t => existing.ContainsKey(t.Name)).ToList();
        var missing = topics.Where(t => !existing.ContainsKey(t.Name)).ToList();
        var problems = present.SelectMany(t => InternalTopicValidator.PartitionProblems(t, existing[t.Name])).ToList();

        var unsupported = await AdminApis.UnsupportedReasonAsync(admin, metadata, timeout).ConfigureAwait(false);
        if (unsupported is not null)
        {
            ThrowIfAny(problems);
            Log.AdminApisUnsupported(
                logger,
                unsupported,
                present.Count,
                topics.Count,
                missing.Count == 0
                    ? "None is missing."
                    : $"The missing ones ({string.Join(", ", missing.Select(m => $"{m.Name} with {m.Partitions} partitions"))}) are left to the broker's auto-creation, "
                      + "without their topic configs; create them beforehand if the broker does not auto-create topics with these partition counts.");

            // The broker's auto-creation happens on a metadata request that allows it: the admin client is a producer
            // handle (allow.auto.create.topics true); consumers do not allow it (librdkafka 2.x honours that, 2.0.2's mock did not).
            foreach (var topic in missing)
            {
                _ = admin.GetMetadata(topic.Name, timeout);
            }

            return;
        }

        var configs = topics.ToDictionary(t => t.Name, t => t.Configs(windowStoreChangelogAdditionalRetentionMs), StringComparer.Ordinal);
        var described = await DescribeAsync(admin, present, timeout, logger).ConfigureAwait(false);
        problems.AddRange(present.Where(t => described.ContainsKey(t.Name)).SelectMany(t => InternalTopicValidator.ConfigProblems(t, configs[t.Name], described[t.Name])));
        ThrowIfAny(problems);
        if (missing.Count > 0)
        {
            await CreateAsync(admin, missing, configs, timeout, logger).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, int> ExistingPartitions(Metadata metadata) =>
        metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);

    private static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new StreamsException(
                "Existing internal topics are incompatible with the topology:" + Environment.NewLine
                + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) + Environment.NewLine
                + "Reset the application (stop every instance, delete its internal topics, e.g. with Kafka's kafka-streams-application-reset tool, and its local state) "
                + "or alter the topics to the required configs (kafka-configs --alter --entity-type topics); a partition count cannot be lowered, only reset.");
        }
    }

    /// <summary>The described configs of the existing topics; empty (with a warning, event 3101) when the broker cannot describe them.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> DescribeAsync(
        IAdminClient admin, List<InternalTopicSpec> present, TimeSpan timeout, ILogger logger)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var toDescribe = present.Where(t => t.Type != InternalTopicType.Metadata).ToList();
        if (toDescribe.Count == 0)
        {
            return result;
        }

        try
        {
            var results = await admin.DescribeConfigsAsync(
                toDescribe.Select(t => new ConfigResource { Type = ResourceType.Topic, Name = t.Name }), new DescribeConfigsOptions { RequestTimeout = timeout }).ConfigureAwait(false);
            foreach (var r in results)
            {
                result[r.ConfigResource.Name] = Values(r.Entries);
            }
        }
        catch (DescribeConfigsException e)
        {
            foreach (var r in e.Results.Where(r => !r.Error.IsError))
            {
                result[r.ConfigResource.Name] = Values(r.Entries);
            }

            var failed = e.Results.Where(r => r.Error.IsError).ToList();
            Log.TopicConfigsNotValidated(logger, string.Join(", ", failed.Select(r => r.ConfigResource.Name)), string.Join("; ", failed.Select(r => r.Error.Reason).Distinct()));
        }
        catch (KafkaException e)
        {
            Log.TopicConfigsNotValidated(logger, string.Join(", ", toDescribe.Select(t => t.Name)), e.Error.Reason);
        }

        return result;
    }

    /// <summary>
    /// Creates the missing topics. One another instance created meanwhile (<c>TopicAlreadyExists</c>) is accepted when its
    /// partition count is right, as Kafka Streams; any other refusal (invalid config, policy, authorization, timeout) fails.
    /// </summary>
    private static async Task CreateAsync(
        IAdminClient admin, List<InternalTopicSpec> missing, Dictionary<string, Dictionary<string, string>> configs, TimeSpan timeout, ILogger logger)
    {
        var specs = missing.Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = -1, Configs = configs[t.Name] }).ToList();
        try
        {
            await admin.CreateTopicsAsync(specs, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists or ErrorCode.NoError))
        {
            var existing = ExistingPartitions(admin.GetMetadata(timeout));
            ThrowIfAny(missing.Where(t => existing.ContainsKey(t.Name)).SelectMany(t => InternalTopicValidator.PartitionProblems(t, existing[t.Name])).ToList());
        }
        catch (CreateTopicsException e)
        {
            var failed = e.Results.Where(r => r.Error.Code is not (ErrorCode.TopicAlreadyExists or ErrorCode.NoError));
            throw new StreamsException(
                $"Could not create internal topics: {string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}"))}. "
                + $"Requested: {string.Join("; ", missing.Select(t => $"{t.Name} ({t.Partitions} partitions, {Describe(configs[t.Name])})"))}.",
                e);
        }
        catch (KafkaException e)
        {
            throw new StreamsException($"Could not create internal topics {string.Join(", ", missing.Select(t => t.Name))}: {e.Error.Reason}.", e);
        }

        Log.TopicsCreated(logger, string.Join("; ", missing.Select(t => $"{t.Name} ({t.Partitions} partitions, {Describe(configs[t.Name])})")));
    }

    private static Dictionary<string, string> Values(Dictionary<string, ConfigEntryResult> entries) =>
        entries.Where(e => e.Value.Value is not null).ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);

    private static string Describe(Dictionary<string, string> configs) =>
        string.Join(", ", configs.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
}
