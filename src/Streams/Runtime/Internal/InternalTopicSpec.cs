using System.Globalization;
using Streams.Internal;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>What an internal topic is for, which decides its configs and how an existing one is validated.</summary>
internal enum InternalTopicType
{
    /// <summary>A key-value (or buffer) store's changelog, as Kafka Streams' <c>UnwindowedUnversionedChangelogTopicConfig</c>.</summary>
    Changelog,

    /// <summary>A window or session store's changelog, as Kafka Streams' <c>WindowedChangelogTopicConfig</c>.</summary>
    WindowedChangelog,

    /// <summary>A versioned store's changelog, as Kafka Streams' <c>VersionedChangelogTopicConfig</c>.</summary>
    VersionedChangelog,

    /// <summary>A repartition topic (also the foreign-key join's subscription topics), as Kafka Streams' <c>RepartitionTopicConfig</c>.</summary>
    Repartition,

    /// <summary>The instance metadata topic (this runtime's own, no Kafka Streams counterpart): compacted, never validated.</summary>
    Metadata,
}

/// <summary>
/// One internal topic the topology needs: name, partition count, type, and what its configs derive from (the store's
/// retention, history retention and the user's changelog configs), as Kafka Streams' <c>InternalTopicConfig</c>.
/// </summary>
/// <param name="Name">The topic name, decorated with the application id.</param>
/// <param name="Partitions">The partition count the topology needs.</param>
/// <param name="Type">What the topic is for.</param>
internal sealed record InternalTopicSpec(string Name, int Partitions, InternalTopicType Type)
{
    /// <summary>Kafka Streams' extra compaction lag of a versioned store's changelog beyond its history retention: 1 day.</summary>
    public const long VersionedChangelogAdditionalCompactionLagMs = 24 * 60 * 60 * 1000L;

    /// <summary>Kafka Streams' <c>segment.bytes</c> of repartition topics: 50 MiB, so purged records free disk sooner.</summary>
    public const long RepartitionSegmentBytes = 50 * 1024 * 1024;

    /// <summary>The store's retention in ms (<see cref="InternalTopicType.WindowedChangelog"/>), or null.</summary>
    public long? RetentionMs { get; init; }

    /// <summary>The store's history retention in ms (<see cref="InternalTopicType.VersionedChangelog"/>), or null.</summary>
    public long? HistoryRetentionMs { get; init; }

    /// <summary>The user's topic configs (<c>Materialized.WithLoggingEnabled(configs)</c>), overriding the computed ones; or null.</summary>
    public IReadOnlyDictionary<string, string>? UserConfigs { get; init; }

    /// <summary>
    /// The configs the topic is created with, as Kafka Streams' <c>InternalTopicConfig.properties</c>: the type's defaults,
    /// then the user's configs; a window changelog's <c>retention.ms</c> (store retention +
    /// <paramref name="windowStoreChangelogAdditionalRetentionMs"/>) and a versioned changelog's <c>min.compaction.lag.ms</c>
    /// (history retention + 1 day) are computed unless the user gave them; sums saturate at <see cref="long.MaxValue"/>.
    /// </summary>
    /// <param name="windowStoreChangelogAdditionalRetentionMs">Kafka's <c>windowstore.changelog.additional.retention.ms</c>.</param>
    /// <returns>Config name to value.</returns>
    public Dictionary<string, string> Configs(long windowStoreChangelogAdditionalRetentionMs)
    {
        var configs = Type switch
        {
            InternalTopicType.Changelog or InternalTopicType.VersionedChangelog => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TopicConfigNames.CleanupPolicy] = "compact",
                [TopicConfigNames.MessageTimestampType] = "CreateTime",
            },
            InternalTopicType.WindowedChangelog => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TopicConfigNames.CleanupPolicy] = "compact,delete",
                [TopicConfigNames.MessageTimestampType] = "CreateTime",
            },
            InternalTopicType.Repartition => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TopicConfigNames.CleanupPolicy] = "delete",
                [TopicConfigNames.SegmentBytes] = Format(RepartitionSegmentBytes),
                [TopicConfigNames.RetentionMs] = "-1",
            },
            _ => InstanceMetadataTopic.Configs(),
        };

        foreach (var (key, value) in UserConfigs ?? new Dictionary<string, string>())
        {
            configs[key] = value;
        }

        if (Type == InternalTopicType.WindowedChangelog && !(UserConfigs?.ContainsKey(TopicConfigNames.RetentionMs) ?? false))
        {
            configs[TopicConfigNames.RetentionMs] = Format(SaturatingAdd(RetentionMs ?? 0, windowStoreChangelogAdditionalRetentionMs));
        }

        if (Type == InternalTopicType.VersionedChangelog && !(UserConfigs?.ContainsKey(TopicConfigNames.MinCompactionLagMs) ?? false))
        {
            configs[TopicConfigNames.MinCompactionLagMs] = Format(SaturatingAdd(HistoryRetentionMs ?? 0, VersionedChangelogAdditionalCompactionLagMs));
        }

        return configs;
    }

    /// <summary>
    /// The specs of <paramref name="topics"/> (name to partition count, as <see cref="InternalTopicManager.RequiredTopics"/>
    /// and the metadata topic): a changelog takes its type, retention and user configs from its store; any other topic
    /// is a repartition topic.
    /// </summary>
    public static IReadOnlyList<InternalTopicSpec> For(InternalTopologyBuilder builder, string applicationId, IReadOnlyDictionary<string, int> topics)
    {
        var stores = builder.Stores.Values.ToDictionary(s => InternalTopicNames.Changelog(applicationId, s.Name), StringComparer.Ordinal);
        var metadata = InternalTopicNames.Metadata(applicationId);
        return topics.Select(t => stores.TryGetValue(t.Key, out var store)
                ? new InternalTopicSpec(t.Key, t.Value, ChangelogType(store.Kind))
                {
                    RetentionMs = store.RetentionMs,
                    HistoryRetentionMs = store.HistoryRetentionMs,
                    UserConfigs = store.LoggingConfigs,
                }
                : new InternalTopicSpec(t.Key, t.Value, t.Key == metadata ? InternalTopicType.Metadata : InternalTopicType.Repartition))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static InternalTopicType ChangelogType(string storeKind) => storeKind switch
    {
        "Window" or "Session" => InternalTopicType.WindowedChangelog,
        "Versioned" => InternalTopicType.VersionedChangelog,
        _ => InternalTopicType.Changelog,
    };

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The Kafka topic config names internal topics use (Kafka's <c>TopicConfig</c>).</summary>
internal static class TopicConfigNames
{
    public const string CleanupPolicy = "cleanup.policy";
    public const string RetentionMs = "retention.ms";
    public const string RetentionBytes = "retention.bytes";
    public const string SegmentBytes = "segment.bytes";
    public const string MinCompactionLagMs = "min.compaction.lag.ms";
    public const string MessageTimestampType = "message.timestamp.type";
}
