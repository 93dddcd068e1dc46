using Confluent.Kafka;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

/// <summary>
/// <see cref="CooperativeAssignment"/>: which topic leads each sub-topology, which partitions follow a lead partition, and
/// what the consumer's assignment becomes. <see cref="CooperativeAssignment.Apply"/> runs against a real (unconnected)
/// librdkafka consumer, whose incremental assignment is checked through <c>Assignment</c>.
/// </summary>
public sealed class CooperativeAssignmentTests : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer = new ConsumerBuilder<byte[], byte[]>(
        new ConsumerConfig { BootstrapServers = "127.0.0.1:1", GroupId = "cooperative-assignment-tests" }).Build();

    public void Dispose() => _consumer.Dispose();

    [Fact]
    public void Each_sub_topology_is_led_by_its_topic_with_the_most_partitions_and_the_first_name_among_equals()
    {
        var counts = Counts(("orders", 6), ("customers", 6), ("clicks", 3), ("views", 8), ("repartition", 4));

        var assignment = new CooperativeAssignment([["orders", "customers"], ["clicks", "views"], ["repartition"]], counts);

        assignment.LeadTopics.Should().BeEquivalentTo("customers", "views", "repartition");
        assignment.CompanionTopics.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["customers"] = ["orders"],
            ["views"] = ["clicks"],
            ["repartition"] = [],
        });
    }

    [Fact]
    public void A_topic_of_unknown_partition_count_never_leads_over_a_known_one()
    {
        var assignment = new CooperativeAssignment([["a-not-created-yet", "b"]], Counts(("b", 4)));

        assignment.LeadTopics.Should().Equal("b");
    }

    [Fact]
    public void A_lead_partition_brings_the_same_partition_of_every_other_source_topic_of_its_sub_topology()
    {
        var assignment = new CooperativeAssignment([["left", "right", "third"], ["other"]], Counts(("left", 4), ("right", 4), ("third", 4), ("other", 4)));

        var companions = assignment.Assigned([new TopicPartition("left", 2), new TopicPartition("other", 1)]);

        companions.Should().BeEquivalentTo([new TopicPartition("right", 2), new TopicPartition("third", 2)]);
    }

    [Fact]
    public void A_task_beyond_a_shorter_topics_partitions_reads_only_the_topics_that_have_that_partition()
    {
        // A merge of two topics of 6 and 4 partitions: 6 tasks (as Kafka Streams' max(count)); tasks 4 and 5 read only the lead.
        var assignment = new CooperativeAssignment([["short", "long"]], Counts(("short", 4), ("long", 6)));

        assignment.LeadTopics.Should().Equal("long");
        assignment.Assigned([new TopicPartition("long", 3)]).Should().Equal(new TopicPartition("short", 3));
        assignment.Assigned([new TopicPartition("long", 4)]).Should().BeEmpty();
    }

    [Fact]
    public void Apply_adds_the_companions_to_the_consumers_assignment_and_removes_them_when_their_lead_is_released()
    {
        var assignment = new CooperativeAssignment([["a", "b"]], Counts(("a", 4), ("b", 4)));
        _consumer.IncrementalAssign([new TopicPartition("a", 0), new TopicPartition("a", 1)]); // as librdkafka does for the leads
        assignment.Assigned([new TopicPartition("a", 0), new TopicPartition("a", 1)]);

        assignment.HasPendingChanges.Should().BeTrue();
        assignment.Apply(_consumer);

        assignment.HasPendingChanges.Should().BeFalse();
        _consumer.Assignment.Should().BeEquivalentTo([new TopicPartition("a", 0), new TopicPartition("a", 1), new TopicPartition("b", 0), new TopicPartition("b", 1)]);

        assignment.Released([new TopicPartition("a", 1)]).Should().Equal(new TopicPartition("b", 1));
        _consumer.IncrementalUnassign([new TopicPartition("a", 1)]);
        assignment.Apply(_consumer);

        _consumer.Assignment.Should().BeEquivalentTo([new TopicPartition("a", 0), new TopicPartition("b", 0)]);
        assignment.AssignedCompanions.Should().Equal(new TopicPartition("b", 0));
    }

    [Fact]
    public void A_lead_revoked_and_assigned_again_before_Apply_leaves_its_companion_assigned_once()
    {
        var assignment = new CooperativeAssignment([["a", "b"]], Counts(("a", 2), ("b", 2)));
        assignment.Assigned([new TopicPartition("a", 0)]);
        assignment.Apply(_consumer);

        assignment.Released([new TopicPartition("a", 0)]);
        assignment.Assigned([new TopicPartition("a", 0)]).Should().Equal(new TopicPartition("b", 0));
        assignment.HasPendingChanges.Should().BeFalse("the companion never left the consumer's assignment");
        assignment.Apply(_consumer);

        _consumer.Assignment.Should().Equal(new TopicPartition("b", 0));
    }

    [Fact]
    public void Records_of_released_partitions_are_named_until_the_partitions_are_assigned_again()
    {
        var assignment = new CooperativeAssignment([["a", "b"]], Counts(("a", 2), ("b", 2)));
        assignment.Assigned([new TopicPartition("a", 0), new TopicPartition("a", 1)]);

        assignment.IsReleased(new TopicPartition("b", 1)).Should().BeFalse();
        assignment.Released([new TopicPartition("a", 1)]);

        assignment.IsReleased(new TopicPartition("a", 1)).Should().BeTrue();
        assignment.IsReleased(new TopicPartition("b", 1)).Should().BeTrue();
        assignment.IsReleased(new TopicPartition("a", 0)).Should().BeFalse();
        assignment.IsReleased(new TopicPartition("b", 0)).Should().BeFalse();

        assignment.Assigned([new TopicPartition("a", 1)]);
        assignment.IsReleased(new TopicPartition("a", 1)).Should().BeFalse();
        assignment.IsReleased(new TopicPartition("b", 1)).Should().BeFalse();
    }

    [Fact]
    public void Deferred_commits_resume_at_the_next_rebalance_callback_or_at_the_deadline()
    {
        var assignment = new CooperativeAssignment([["a"]], Counts(("a", 1)));
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        assignment.CommitsDeferred(now).Should().BeFalse();
        assignment.DeferCommits(now.AddSeconds(6));
        assignment.CommitsDeferred(now.AddSeconds(6).AddTicks(-1)).Should().BeTrue();
        assignment.CommitsDeferred(now.AddSeconds(6)).Should().BeFalse("the deadline passed");

        assignment.DeferCommits(now.AddSeconds(6));
        assignment.ResumeCommits();
        assignment.CommitsDeferred(now).Should().BeFalse("the rebalance completed");
    }

    private static Dictionary<string, int> Counts(params (string Topic, int Partitions)[] topics) =>
        topics.ToDictionary(t => t.Topic, t => t.Partitions, StringComparer.Ordinal);
}
