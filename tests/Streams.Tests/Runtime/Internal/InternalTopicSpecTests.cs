using Streams.Dsl;
using Streams.Runtime.Internal;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Runtime.Internal;

public class InternalTopicSpecTests
{
    private const long DayMs = 86_400_000;

    [Fact]
    public void A_key_value_changelog_is_compacted_with_create_time_timestamps()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));

        var spec = Specs(builder)["app-counts-changelog"];

        spec.Type.Should().Be(InternalTopicType.Changelog);
        spec.Configs(DayMs).Should().BeEquivalentTo(new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["message.timestamp.type"] = "CreateTime" });
    }

    [Fact]
    public void A_time_window_changelog_is_compacted_and_deleted_after_size_plus_grace_plus_the_additional_retention()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)))
            .Count(Materialized<string, long>.As("windows"));

        var spec = Specs(builder)["app-windows-changelog"];

        spec.Type.Should().Be(InternalTopicType.WindowedChangelog);
        spec.Configs(DayMs).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["cleanup.policy"] = "compact,delete",
            ["message.timestamp.type"] = "CreateTime",
            ["retention.ms"] = $"{360_000 + DayMs}",
        });
        spec.Configs(0)["retention.ms"].Should().Be("360000");
    }

    [Fact]
    public void A_window_changelog_follows_the_materialized_retention()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(5)))
            .Count(Materialized<string, long>.As("windows").WithRetention(TimeSpan.FromHours(2)));

        Specs(builder)["app-windows-changelog"].Configs(1000)["retention.ms"].Should().Be($"{7_200_000 + 1000}");
    }

    [Fact]
    public void A_window_changelog_follows_an_explicit_store_supplier_retention()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(5)))
            .Count(Materialized<string, long>.As(Stores.InMemoryWindowStore("windows", TimeSpan.FromHours(3), TimeSpan.FromMinutes(5))));

        Specs(builder)["app-windows-changelog"].Configs(0)["retention.ms"].Should().Be("10800000");
    }

    [Fact]
    public void A_session_changelog_is_a_window_changelog_of_inactivity_gap_plus_grace()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2)))
            .Count(Materialized<string, long>.As("sessions"));

        var spec = Specs(builder)["app-sessions-changelog"];

        spec.Type.Should().Be(InternalTopicType.WindowedChangelog);
        spec.Configs(DayMs)["retention.ms"].Should().Be($"{720_000 + DayMs}");
        spec.Configs(DayMs)["cleanup.policy"].Should().Be("compact,delete");
    }

    [Fact]
    public void Stream_stream_join_stores_are_window_changelogs_and_the_outer_store_is_compacted()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("left").LeftJoin(
            builder.Stream<string, string>("right"),
            (l, r) => l + r,
            JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)),
            StreamJoined<string, string, string>.As("j"));

        var specs = Specs(builder, new() { ["left"] = 2, ["right"] = 2 });

        specs["app-j-this-join-store-changelog"].Configs(0)["retention.ms"].Should().Be("150000", "before + after + grace");
        specs["app-j-outer-other-join-store-changelog"].Type.Should().Be(InternalTopicType.WindowedChangelog);
        specs["app-j-left-shared-join-store-changelog"].Configs(0).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["cleanup.policy"] = "compact",
            ["message.timestamp.type"] = "CreateTime",
        });
    }

    [Fact]
    public void A_versioned_changelog_is_compacted_no_sooner_than_its_history_retention_plus_a_day()
    {
        var builder = new StreamsBuilder();
        builder.Table("in", materialized: Materialized<string, string>.As(Stores.InMemoryVersionedKeyValueStore("versions", TimeSpan.FromHours(1))));

        var spec = Specs(builder)["app-versions-changelog"];

        spec.Type.Should().Be(InternalTopicType.VersionedChangelog);
        spec.Configs(5).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["cleanup.policy"] = "compact",
            ["message.timestamp.type"] = "CreateTime",
            ["min.compaction.lag.ms"] = $"{3_600_000 + DayMs}",
        }, "the additional window retention does not apply to versioned stores");
    }

    [Fact]
    public void A_repartition_topic_deletes_with_unlimited_retention_and_50_MiB_segments()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").SelectKey((k, v) => v).GroupByKey(Grouped<string, string>.As("by-value")).Count();

        var spec = Specs(builder)["app-by-value-repartition"];

        spec.Type.Should().Be(InternalTopicType.Repartition);
        spec.Configs(DayMs).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["cleanup.policy"] = "delete",
            ["segment.bytes"] = "52428800",
            ["retention.ms"] = "-1",
        });
    }

    [Fact]
    public void User_changelog_configs_override_the_computed_ones()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(5)))
            .Count(Materialized<string, long>.As("windows").WithLoggingEnabled(new Dictionary<string, string> { ["retention.ms"] = "1000", ["min.insync.replicas"] = "2" }));
        builder.Table("versioned", materialized: Materialized<string, string>.As(Stores.InMemoryVersionedKeyValueStore("versions", TimeSpan.FromHours(1)))
            .WithLoggingEnabled(new Dictionary<string, string> { ["min.compaction.lag.ms"] = "5" }));

        var specs = Specs(builder, new() { ["in"] = 1, ["versioned"] = 1 });

        specs["app-windows-changelog"].Configs(DayMs).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["cleanup.policy"] = "compact,delete",
            ["message.timestamp.type"] = "CreateTime",
            ["retention.ms"] = "1000",
            ["min.insync.replicas"] = "2",
        });
        specs["app-versions-changelog"].Configs(DayMs)["min.compaction.lag.ms"].Should().Be("5");
    }

    [Fact]
    public void Processor_API_store_changelog_configs_come_from_the_store_builder()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("seen"), Serdes.String, Serdes.String)
            .WithLoggingEnabled(new Dictionary<string, string> { ["cleanup.policy"] = "compact,delete" }).WithCachingEnabled());
        builder.Stream<string, string>("in").Process<string, string>(() => new NoOp(), "seen");

        Specs(builder)["app-seen-changelog"].Configs(0)["cleanup.policy"].Should().Be("compact,delete", "caching after the configs keeps them");
    }

    [Fact]
    public void Retention_sums_saturate_instead_of_overflowing()
    {
        var spec = new InternalTopicSpec("app-w-changelog", 1, InternalTopicType.WindowedChangelog) { RetentionMs = long.MaxValue };

        spec.Configs(DayMs)["retention.ms"].Should().Be(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_metadata_topic_is_compacted() =>
        InternalTopicSpec.For(new StreamsBuilder().Build().Builder, "app", new Dictionary<string, int> { ["app-metadata"] = 1 })
            .Single().Should().Match<InternalTopicSpec>(s => s.Type == InternalTopicType.Metadata && s.Configs(0)["cleanup.policy"] == "compact");

    private static Dictionary<string, InternalTopicSpec> Specs(StreamsBuilder builder, Dictionary<string, int>? partitions = null)
    {
        partitions ??= new() { ["in"] = 3 };
        var topology = builder.Build().Builder;
        var topics = InternalTopicManager.RequiredTopics(topology, "app", t => partitions.TryGetValue(t, out var n) ? n : null);
        return InternalTopicSpec.For(topology, "app", topics).ToDictionary(s => s.Name);
    }

    private sealed class NoOp : Streams.Processor.IProcessor<string, string, string, string>
    {
        public void Process(Streams.Processor.Record<string, string> record)
        {
        }
    }
}
