using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class InternalTopicValidatorTests
{
    private const long AdditionalMs = 86_400_000;

    private static readonly InternalTopicSpec s_keyValue = new("app-counts-changelog", 4, InternalTopicType.Changelog);
    private static readonly InternalTopicSpec s_window = new("app-windows-changelog", 4, InternalTopicType.WindowedChangelog) { RetentionMs = 360_000 };
    private static readonly InternalTopicSpec s_versioned = new("app-versions-changelog", 4, InternalTopicType.VersionedChangelog) { HistoryRetentionMs = 3_600_000 };
    private static readonly InternalTopicSpec s_repartition = new("app-by-user-repartition", 4, InternalTopicType.Repartition);

    [Fact]
    public void The_required_partition_count_is_accepted_and_any_other_is_a_problem_naming_both_counts()
    {
        InternalTopicValidator.PartitionProblems(s_keyValue, 4).Should().BeEmpty();
        InternalTopicValidator.PartitionProblems(s_keyValue, 5).Should().ContainSingle()
            .Which.Should().Contain("app-counts-changelog").And.Contain("requires 4 partitions").And.Contain("has 5 partitions");
        InternalTopicValidator.PartitionProblems(s_keyValue, 3).Should().ContainSingle();
    }

    [Theory]
    [InlineData("compact", true)]
    [InlineData("compact,delete", false)]
    [InlineData("delete,compact", false)]
    [InlineData("delete", false)]
    public void A_key_value_changelog_must_be_compacted_without_delete(string policy, bool accepted) =>
        Problems(s_keyValue, new() { ["cleanup.policy"] = policy }).Should().HaveCount(accepted ? 0 : 1);

    [Fact]
    public void A_cleanup_policy_problem_names_the_topic_the_found_and_the_required_policy() =>
        Problems(s_keyValue, new() { ["cleanup.policy"] = "delete" }).Single()
            .Should().Contain("cleanup.policy").And.Contain("app-counts-changelog").And.Contain("'delete'").And.Contain("'compact'");

    [Fact]
    public void A_key_value_changelog_the_user_configured_with_delete_accepts_delete()
    {
        var spec = s_keyValue with { UserConfigs = new Dictionary<string, string> { ["cleanup.policy"] = "compact,delete" } };

        Problems(spec, new() { ["cleanup.policy"] = "compact,delete" }).Should().BeEmpty();
    }

    [Fact]
    public void A_window_changelog_keeps_at_least_the_store_retention_plus_the_additional_retention()
    {
        var required = 360_000 + AdditionalMs;

        Problems(s_window, WindowConfigs("compact,delete", required)).Should().BeEmpty("exactly the required retention is enough");
        Problems(s_window, WindowConfigs("compact,delete", required + 1)).Should().BeEmpty();
        Problems(s_window, WindowConfigs("compact,delete", required - 1)).Should().ContainSingle()
            .Which.Should().Contain("retention.ms").And.Contain($"'{required - 1}'").And.Contain($"{required} or larger");
    }

    [Fact]
    public void A_window_changelog_with_unlimited_retention_is_accepted() =>
        Problems(s_window, WindowConfigs("compact,delete", -1)).Should().BeEmpty();

    [Fact]
    public void A_window_changelog_that_is_only_compacted_is_accepted_whatever_its_retention() =>
        Problems(s_window, WindowConfigs("compact", 1)).Should().BeEmpty("compaction alone never deletes a window's latest value");

    [Fact]
    public void A_window_changelog_with_delete_only_is_accepted_when_its_retention_is_long_enough_as_Kafka_Streams()
    {
        Problems(s_window, WindowConfigs("delete", 360_000 + AdditionalMs)).Should().BeEmpty();
        Problems(s_window, WindowConfigs("delete", 360_000)).Should().ContainSingle();
    }

    [Fact]
    public void A_window_changelog_with_a_size_limit_is_a_problem()
    {
        var configs = WindowConfigs("compact,delete", -1);
        configs["retention.bytes"] = "1073741824";

        Problems(s_window, configs).Should().ContainSingle().Which.Should().Contain("retention.bytes").And.Contain("'1073741824'");
    }

    [Fact]
    public void A_window_changelog_retention_the_user_chose_is_the_required_one()
    {
        var spec = s_window with { UserConfigs = new Dictionary<string, string> { ["retention.ms"] = "1000" } };

        Problems(spec, WindowConfigs("compact,delete", 1000)).Should().BeEmpty();
        Problems(spec, WindowConfigs("compact,delete", 999)).Should().ContainSingle();
    }

    [Fact]
    public void A_versioned_changelog_keeps_versions_at_least_the_history_retention_plus_a_day_before_compaction()
    {
        var required = 3_600_000 + 86_400_000L;

        Problems(s_versioned, new() { ["cleanup.policy"] = "compact", ["min.compaction.lag.ms"] = $"{required}" }).Should().BeEmpty();
        Problems(s_versioned, new() { ["cleanup.policy"] = "compact", ["min.compaction.lag.ms"] = $"{required - 1}" }).Should().ContainSingle()
            .Which.Should().Contain("min.compaction.lag.ms").And.Contain($"{required} or larger");
        Problems(s_versioned, new() { ["cleanup.policy"] = "compact", ["min.compaction.lag.ms"] = "0" }).Should().ContainSingle("the broker default 0 compacts versions at once");
    }

    [Fact]
    public void A_versioned_changelog_with_delete_is_a_problem() =>
        Problems(s_versioned, new() { ["cleanup.policy"] = "compact,delete", ["min.compaction.lag.ms"] = "90000000" }).Should().ContainSingle()
            .Which.Should().Contain("cleanup.policy");

    [Theory]
    [InlineData("compact")]
    [InlineData("compact,delete")]
    public void A_compacted_repartition_topic_is_a_problem(string policy) =>
        Problems(s_repartition, new() { ["cleanup.policy"] = policy, ["retention.ms"] = "-1", ["retention.bytes"] = "-1" }).Should().ContainSingle()
            .Which.Should().Contain("cleanup.policy").And.Contain("without compact");

    [Fact]
    public void A_repartition_topic_deletes_only_through_the_purge()
    {
        Problems(s_repartition, new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1", ["retention.bytes"] = "-1" }).Should().BeEmpty();
        Problems(s_repartition, new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "604800000", ["retention.bytes"] = "-1" }).Should().ContainSingle()
            .Which.Should().Contain("retention.ms").And.Contain("'604800000'").And.Contain("-1");
        Problems(s_repartition, new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1", ["retention.bytes"] = "1000" }).Should().ContainSingle()
            .Which.Should().Contain("retention.bytes");
    }

    [Fact]
    public void Configs_the_broker_did_not_describe_are_not_checked()
    {
        Problems(s_window, new() { ["cleanup.policy"] = "compact,delete" }).Should().BeEmpty();
        Problems(s_keyValue, []).Should().BeEmpty();
    }

    [Fact]
    public void The_metadata_topic_is_never_a_problem() =>
        Problems(new InternalTopicSpec("app-metadata", 1, InternalTopicType.Metadata), new() { ["cleanup.policy"] = "delete" }).Should().BeEmpty();

    private static Dictionary<string, string> WindowConfigs(string policy, long retentionMs) =>
        new() { ["cleanup.policy"] = policy, ["retention.ms"] = $"{retentionMs}", ["retention.bytes"] = "-1" };

    private static IReadOnlyList<string> Problems(InternalTopicSpec spec, Dictionary<string, string> found) =>
        InternalTopicValidator.ConfigProblems(spec, spec.Configs(AdditionalMs), found);
}
