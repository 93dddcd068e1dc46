using Streams.Processor;
using Streams.Queries;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class StandbyPlacementTests
{
    private static readonly InstanceMetadata s_a = Instance(1, "a:1", T(0, 0), T(0, 1));
    private static readonly InstanceMetadata s_b = Instance(2, "b:1", T(0, 2));
    private static readonly InstanceMetadata s_c = Instance(3, "c:1", T(0, 3));

    [Fact]
    public void With_two_instances_each_keeps_the_other_ones_tasks()
    {
        var placement = StandbyPlacement.Assign([s_a, s_b], 1, _ => true);

        placement[s_a.Id].Should().BeEquivalentTo([T(0, 2)]);
        placement[s_b.Id].Should().BeEquivalentTo([T(0, 0), T(0, 1)]);
    }

    [Fact]
    public void The_standby_host_is_the_next_instance_by_endpoint_wrapping_around_whatever_the_input_order()
    {
        var placement = StandbyPlacement.Assign([s_c, s_a, s_b], 1, _ => true);

        placement[s_b.Id].Should().BeEquivalentTo([T(0, 0), T(0, 1)], "b follows a");
        placement[s_c.Id].Should().BeEquivalentTo([T(0, 2)], "c follows b");
        placement[s_a.Id].Should().BeEquivalentTo([T(0, 3)], "the last instance wraps around to the first");
    }

    [Fact]
    public void Two_replicas_go_to_the_next_two_instances_and_never_to_the_owner()
    {
        var placement = StandbyPlacement.Assign([s_a, s_b, s_c], 2, _ => true);

        placement[s_a.Id].Should().BeEquivalentTo([T(0, 2), T(0, 3)]);
        placement[s_b.Id].Should().BeEquivalentTo([T(0, 0), T(0, 1), T(0, 3)]);
        placement[s_c.Id].Should().BeEquivalentTo([T(0, 0), T(0, 1), T(0, 2)]);
    }

    [Fact]
    public void More_replicas_than_other_instances_place_one_standby_on_each_other_instance()
    {
        var placement = StandbyPlacement.Assign([s_a, s_b], 5, _ => true);

        placement[s_a.Id].Should().BeEquivalentTo([T(0, 2)]);
        placement[s_b.Id].Should().BeEquivalentTo([T(0, 0), T(0, 1)]);
    }

    [Fact]
    public void A_single_instance_or_zero_replicas_place_nothing()
    {
        StandbyPlacement.Assign([s_a], 1, _ => true)[s_a.Id].Should().BeEmpty();
        StandbyPlacement.Assign([s_a, s_b, s_c], 0, _ => true).Values.Should().AllSatisfy(s => s.Should().BeEmpty());
        StandbyPlacement.Assign([], 1, _ => true).Should().BeEmpty();
    }

    [Fact]
    public void Tasks_without_state_a_standby_keeps_get_no_standby()
    {
        var a = Instance(1, "a:1", T(0, 0), T(1, 0));

        var placement = StandbyPlacement.Assign([a, s_b], 1, t => t.SubtopologyId == 1);

        placement[s_b.Id].Should().BeEquivalentTo([T(1, 0)]);
        placement[a.Id].Should().BeEmpty("b's only task, 0_2, is of a stateless sub-topology");
    }

    [Fact]
    public void An_idle_instance_hosts_standbys_and_instances_sharing_an_endpoint_are_ordered_by_id()
    {
        var idle = Instance(9, "b:1");
        var sameEndpointLowerId = Instance(4, "b:1", T(0, 2));

        var placement = StandbyPlacement.Assign([s_a, idle, sameEndpointLowerId], 1, _ => true);

        placement[sameEndpointLowerId.Id].Should().BeEquivalentTo([T(0, 0), T(0, 1)], "id ...04 sorts before ...09 at the same endpoint");
        placement[idle.Id].Should().BeEquivalentTo([T(0, 2)], "the idle instance follows the owner of 0_2");
        placement[s_a.Id].Should().BeEmpty("the idle instance owns nothing to keep");
    }

    [Fact]
    public void Negative_replicas_are_refused()
    {
        var act = () => StandbyPlacement.Assign([s_a], -1, _ => true);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static TaskId T(int subtopology, int partition) => new(subtopology, partition);

    private static InstanceMetadata Instance(int id, string endpoint, params TaskId[] active) =>
        new(new Guid(id, 0, 0, new byte[8]), HostInfo.Parse(endpoint), active.ToHashSet(), new HashSet<TaskId>());
}
