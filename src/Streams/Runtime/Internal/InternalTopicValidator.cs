using System.Globalization;

namespace Streams.Runtime.Internal;

/// <summary>
/// Decides whether an existing internal topic fits the topology, as Kafka Streams' <c>InternalTopicManager#validate</c>:
/// pure functions from what is required (an <see cref="InternalTopicSpec"/> and its configs) and what the broker
/// described to a list of problems, each naming the topic, the found and the required value.
/// </summary>
/// <remarks>
/// Rules (Kafka Streams 4.x):
/// <list type="bullet">
/// <item>every type: the partition count equals the required one;</item>
/// <item>key-value and versioned changelogs: <c>cleanup.policy</c> contains <c>compact</c> and not <c>delete</c> (a
/// changelog must keep every key's latest value);</item>
/// <item>versioned changelogs: <c>min.compaction.lag.ms</c> at least the required (history retention + 1 day);</item>
/// <item>window and session changelogs with <c>delete</c> in their policy: <c>retention.ms</c> at least the required
/// (store retention + additional retention) or -1 (unlimited, which Kafka Streams refuses by oversight), and
/// <c>retention.bytes</c> -1 (Kafka: "unset"); compact only is accepted;</item>
/// <item>repartition topics: <c>cleanup.policy</c> without <c>compact</c>; with <c>delete</c>, <c>retention.ms</c> -1 and
/// <c>retention.bytes</c> -1 (records are removed by the purge after commits, never by retention).</item>
/// </list>
/// A policy the user asked for in the store's changelog configs is what is required instead (a key-value changelog the
/// user configured <c>compact,delete</c> is accepted with <c>delete</c>). A config the broker did not describe is not checked.
/// The instance metadata topic is not validated.
/// </remarks>
internal static class InternalTopicValidator
{
    /// <summary>The partition-count problem of an existing topic, or none.</summary>
    /// <param name="spec">The required topic.</param>
    /// <param name="actualPartitions">The existing topic's partition count.</param>
    /// <returns>Zero or one problem.</returns>
    public static IReadOnlyList<string> PartitionProblems(InternalTopicSpec spec, int actualPartitions) =>
        actualPartitions == spec.Partitions
            ? []
            : [$"Internal topic {spec.Name} requires {spec.Partitions} partitions (the partition count of its input topics), but the existing topic has {actualPartitions} partitions."];

    /// <summary>The config problems of an existing topic.</summary>
    /// <param name="spec">The required topic.</param>
    /// <param name="required">The configs the topic would be created with (<see cref="InternalTopicSpec.Configs"/>).</param>
    /// <param name="found">The existing topic's configs as the broker describes them (defaults included).</param>
    /// <returns>The problems, empty when compatible.</returns>
    public static IReadOnlyList<string> ConfigProblems(InternalTopicSpec spec, IReadOnlyDictionary<string, string> required, IReadOnlyDictionary<string, string> found)
    {
        var problems = new List<string>();
        if (spec.Type == InternalTopicType.Metadata || !found.TryGetValue(TopicConfigNames.CleanupPolicy, out var foundPolicy))
        {
            return problems;
        }

        var requiredPolicy = required.GetValueOrDefault(TopicConfigNames.CleanupPolicy) ?? string.Empty;
        var deletes = Has(foundPolicy, "delete");
        switch (spec.Type)
        {
            case InternalTopicType.Changelog or InternalTopicType.VersionedChangelog:
                if (!Has(foundPolicy, "compact") || (deletes && !Has(requiredPolicy, "delete")))
                {
                    problems.Add(Problem(spec, TopicConfigNames.CleanupPolicy, foundPolicy, $"'{requiredPolicy}' (compacted, without delete: a changelog must keep every key's latest value)"));
                }

                if (spec.Type == InternalTopicType.VersionedChangelog)
                {
                    AtLeast(problems, spec, TopicConfigNames.MinCompactionLagMs, required, found, allowUnlimited: false, "so compaction keeps the versions the history retention needs");
                }

                break;
            case InternalTopicType.WindowedChangelog when deletes:
                AtLeast(problems, spec, TopicConfigNames.RetentionMs, required, found, allowUnlimited: true, "so the changelog keeps every window the store still holds");
                Unlimited(problems, spec, TopicConfigNames.RetentionBytes, found, "a size limit would delete windows the store still holds");
                break;
            case InternalTopicType.Repartition:
                if (Has(foundPolicy, "compact"))
                {
                    problems.Add(Problem(spec, TopicConfigNames.CleanupPolicy, foundPolicy, $"'{requiredPolicy}' (without compact: compaction would drop repartitioned records with equal keys)"));
                }
                else if (deletes)
                {
                    Unlimited(problems, spec, TopicConfigNames.RetentionMs, found, "records are deleted by the purge after each commit, retention would delete unprocessed ones");
                    Unlimited(problems, spec, TopicConfigNames.RetentionBytes, found, "records are deleted by the purge after each commit, a size limit would delete unprocessed ones");
                }

                break;
        }

        return problems;
    }

    private static void AtLeast(
        List<string> problems, InternalTopicSpec spec, string config, IReadOnlyDictionary<string, string> required, IReadOnlyDictionary<string, string> found, bool allowUnlimited, string why)
    {
        if (!TryParse(required, config, out var minimum) || !TryParse(found, config, out var actual))
        {
            return;
        }

        if (actual < minimum && !(allowUnlimited && actual == -1))
        {
            problems.Add(Problem(spec, config, found[config], $"{minimum} or larger{(allowUnlimited ? " (or -1)" : string.Empty)}, {why}"));
        }
    }

    private static void Unlimited(List<string> problems, InternalTopicSpec spec, string config, IReadOnlyDictionary<string, string> found, string why)
    {
        if (TryParse(found, config, out var actual) && actual != -1)
        {
            problems.Add(Problem(spec, config, found[config], $"-1 (unlimited): {why}"));
        }
    }

    private static string Problem(InternalTopicSpec spec, string config, string found, string required) =>
        $"{config} of existing internal topic {spec.Name} is '{found}' but must be {required}.";

    private static bool Has(string policy, string value) =>
        policy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(value, StringComparer.OrdinalIgnoreCase);

    private static bool TryParse(IReadOnlyDictionary<string, string> configs, string config, out long value)
    {
        value = 0;
        return configs.TryGetValue(config, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
