using Streams.Dsl;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class InternalTopicManagerTests
{
    [Fact]
    public void Repartition_topic_gets_the_partition_count_of_the_upstream_inputs_and_the_changelog_follows()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped<string, string>.As("by-value"))
            .Count(Materialized<string, long>.As("counts"));

        var topics = Required(builder, new() { ["in"] = 6 });

        topics.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["app-by-value-repartition"] = 6,
            ["app-counts-changelog"] = 6,
        });
    }

    [Fact]
    public void An_explicit_repartition_count_wins_and_flows_to_the_downstream_changelog()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .Repartition(Repartitioned<string, string>.As("wide").WithNumberOfPartitions(8))
            .GroupByKey()
            .Count(Materialized<string, long>.As("wide-counts"));

        var topics = Required(builder, new() { ["in"] = 2 });

        topics.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["app-wide-repartition"] = 8,
            ["app-wide-counts-changelog"] = 8,
        });
    }

    [Fact]
    public void Changelogs_get_their_own_subtopology_partition_count()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("small").GroupByKey().Count(Materialized<string, long>.As("small-counts"));
        builder.Stream<string, string>("big").GroupByKey().Count(Materialized<string, long>.As("big-counts"));

        var topics = Required(builder, new() { ["small"] = 2, ["big"] = 8 });

        topics.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["app-small-counts-changelog"] = 2,
            ["app-big-counts-changelog"] = 8,
        });
    }

    [Fact]
    public void A_subtopology_reading_several_topics_takes_the_largest_count()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(["a", "b"]).GroupByKey().Count(Materialized<string, long>.As("counts"));

        var topics = Required(builder, new() { ["a"] = 3, ["b"] = 5 });

        topics.Should().Equal(new Dictionary<string, int> { ["app-counts-changelog"] = 5 });
    }

    [Fact]
    public void Stores_with_logging_disabled_get_no_changelog()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped<string, string>.As("by-value"))
            .Count(Materialized<string, long>.As("counts").WithLoggingDisabled());

        var topics = Required(builder, new() { ["in"] = 4 });

        topics.Should().Equal(new Dictionary<string, int> { ["app-by-value-repartition"] = 4 });
    }

    [Fact]
    public void Chained_repartitions_propagate_the_count_downstream()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped<string, string>.As("first"))
            .Count(Materialized<string, long>.As("first-counts"))
            .ToStream()
            .SelectKey((k, _) => k + "!")
            .GroupByKey(Grouped<string, long>.As("second"))
            .Count(Materialized<string, long>.As("second-counts"));

        var topics = Required(builder, new() { ["in"] = 3 });

        topics.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["app-first-repartition"] = 3,
            ["app-first-counts-changelog"] = 3,
            ["app-second-repartition"] = 3,
            ["app-second-counts-changelog"] = 3,
        });
    }

    [Fact]
    public void Stateless_topologies_need_no_internal_topics()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues(v => v + "!").To("out");

        Required(builder, new() { ["in"] = 4 }).Should().BeEmpty();
    }

    [Fact]
    public void Nothing_is_required_for_a_subtopology_whose_input_topics_are_unknown()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));

        Required(builder, []).Should().BeEmpty();
    }

    [Fact]
    public void Joined_repartition_topics_with_different_fixed_counts_are_refused()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string, string>("left").Repartition(Repartitioned<string, string>.As("a").WithNumberOfPartitions(2));
        var right = builder.Stream<string, string>("right").Repartition(Repartitioned<string, string>.As("b").WithNumberOfPartitions(3));
        left.Join(right, (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(1)));

        FluentActions.Invoking(() => Required(builder, new() { ["left"] = 4, ["right"] = 4 }))
            .Should().Throw<TopologyException>().WithMessage("*not co-partitioned*app-a-repartition*app-b-repartition*2, 3*");
    }

    private static IReadOnlyDictionary<string, int> Required(StreamsBuilder builder, Dictionary<string, int> partitions) =>
        InternalTopicManager.RequiredTopics(builder.Build().Builder, "app", t => partitions.TryGetValue(t, out var n) ? n : null);
}

public class InternalTopicManagerCopartitionTests
{
    [Fact]
    public void A_repartition_topic_joined_with_a_user_topic_takes_the_user_topic_partition_count()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string, string>("left").SelectKey((_, v) => v);
        left.Join(builder.Stream<string, string>("right"), (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(1)), StreamJoined<string, string, string>.As("j").WithName("j"));

        var topics = Required(builder, new() { ["left"] = 8, ["right"] = 4 });

        topics["app-j-left-repartition"].Should().Be(4);
        topics["app-j-this-join-store-changelog"].Should().Be(4);
    }

    [Fact]
    public void Joined_user_topics_with_different_partition_counts_are_refused()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("a").Join(builder.Table<string, string>("b"), (x, y) => x + y);

        FluentActions.Invoking(() => Required(builder, new() { ["a"] = 2, ["b"] = 3 })).Should().Throw<TopologyException>().WithMessage("*co-partitioned*'a' has 2*'b' has 3*");
    }

    [Fact]
    public void Two_repartitioned_sides_both_take_the_larger_count()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string, string>("left").SelectKey((_, v) => v);
        var right = builder.Stream<string, string>("right").SelectKey((_, v) => v);
        left.Join(right, (l, r) => l + r, JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(1)), new StreamJoined<string, string, string>().WithName("j"));

        var topics = Required(builder, new() { ["left"] = 2, ["right"] = 6 });

        (topics["app-j-left-repartition"], topics["app-j-right-repartition"]).Should().Be((6, 6));
    }

    private static IReadOnlyDictionary<string, int> Required(StreamsBuilder builder, Dictionary<string, int> partitions) =>
        InternalTopicManager.RequiredTopics(builder.Build().Builder, "app", t => partitions.TryGetValue(t, out var n) ? n : null);
}
