using Streams.Processor;
using Streams.Queries;
using Streams.Runtime.Internal;

namespace Streams.Tests.Queries;

public class InstanceMetadataViewTests
{
    private static readonly Guid s_a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid s_b = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid s_local = Guid.Parse("00000000-0000-0000-0000-0000000000ff");
    private static readonly HostInfo s_hostA = new("a", 7001);
    private static readonly HostInfo s_hostB = new("b", 7002);
    private static readonly HostInfo s_hostLocal = new("local", 7003);

    [Fact]
    public void The_latest_record_claiming_a_task_wins()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 1, T(0, 0), T(0, 1)));
        view.Apply(1, s_b, Announce(s_hostB, 1, T(0, 1)));

        var snapshot = view.Snapshot(s_local, null);

        snapshot.ActiveHost(T(0, 0)).Should().Be(s_hostA);
        snapshot.ActiveHost(T(0, 1)).Should().Be(s_hostB, "offset 1 claims 0_1 after offset 0 did");
        snapshot.Instances.Single(i => i.Id == s_a).Active.Should().BeEquivalentTo([T(0, 0)], "a superseded claim is not owned");
    }

    [Fact]
    public void A_newer_record_of_an_instance_replaces_its_older_claims()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 1, T(0, 0), T(0, 1)));
        view.Apply(1, s_a, Announce(s_hostA, 2, T(0, 1)));

        var snapshot = view.Snapshot(s_local, null);

        snapshot.ActiveHost(T(0, 0)).Should().Be(HostInfo.Unavailable, "the instance no longer claims 0_0 and nobody else does");
        snapshot.ActiveHost(T(0, 1)).Should().Be(s_hostA);
    }

    [Fact]
    public void A_revocation_announcing_no_task_leaves_its_tasks_unowned_but_keeps_the_instance()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 1, T(0, 0)));
        view.Apply(1, s_a, Announce(s_hostA, 2));

        var snapshot = view.Snapshot(s_local, null);

        snapshot.ActiveHost(T(0, 0)).Should().Be(HostInfo.Unavailable);
        snapshot.Instances.Should().ContainSingle(i => i.Host == s_hostA && i.Active.Count == 0);
    }

    [Fact]
    public void A_tombstone_removes_the_instance_and_its_claims()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 1, T(0, 0)));
        view.Apply(1, s_b, Announce(s_hostB, 1, T(0, 1)));

        view.Apply(2, s_a, null).Should().BeTrue();
        var snapshot = view.Snapshot(s_local, null);

        snapshot.ActiveHost(T(0, 0)).Should().Be(HostInfo.Unavailable);
        snapshot.Instances.Select(i => i.Host).Should().Equal(s_hostB);
    }

    [Fact]
    public void A_tombstone_of_an_unknown_instance_changes_nothing() =>
        new InstanceMetadataView().Apply(0, s_a, null).Should().BeFalse();

    [Fact]
    public void An_instance_that_crashed_without_a_tombstone_is_superseded_once_others_claim_all_its_tasks()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 1, T(0, 0), T(0, 1)));
        view.Apply(1, s_b, Announce(s_hostB, 1, T(0, 2)));

        view.Apply(2, s_b, Announce(s_hostB, 2, T(0, 0), T(0, 2)));
        var partly = view.Snapshot(s_local, null);
        view.Apply(3, s_b, Announce(s_hostB, 3, T(0, 0), T(0, 1), T(0, 2)));
        var fully = view.Snapshot(s_local, null);

        partly.ActiveHost(T(0, 1)).Should().Be(s_hostA, "until someone claims it, the last claim stands");
        partly.Instances.Select(i => i.Host).Should().BeEquivalentTo([s_hostA, s_hostB]);
        fully.Instances.Select(i => i.Host).Should().Equal(s_hostB);
        fully.ActiveOwners.Values.Should().AllBeEquivalentTo(s_hostB);
    }

    [Fact]
    public void A_record_not_newer_than_the_applied_sequence_of_its_instance_is_ignored()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 2, T(0, 1)));

        view.Apply(1, s_a, Announce(s_hostA, 2, T(0, 0))).Should().BeFalse();
        view.Apply(2, s_a, Announce(s_hostA, 1, T(0, 0))).Should().BeFalse();

        view.Snapshot(s_local, null).ActiveOwners.Keys.Should().Equal(T(0, 1));
    }

    [Fact]
    public void The_local_announcement_counts_as_newest_until_it_is_read_back()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, Announce(s_hostA, 1, T(0, 0)));
        view.Apply(1, s_local, Announce(s_hostLocal, 1, T(0, 1)));
        var local = Announce(s_hostLocal, 2, T(0, 0), T(0, 1));

        var notReadBack = view.Snapshot(s_local, local);
        view.Apply(2, s_a, Announce(s_hostA, 2, T(0, 0)));
        view.Apply(3, s_local, local);
        var readBack = view.Snapshot(s_local, local);

        notReadBack.ActiveHost(T(0, 0)).Should().Be(s_hostLocal, "the local announcement is made after every record read so far");
        readBack.ActiveHost(T(0, 0)).Should().Be(s_hostLocal, "offset 3 claims 0_0 after offset 2");
        view.Apply(4, s_a, Announce(s_hostA, 3, T(0, 0)));
        view.Snapshot(s_local, local).ActiveHost(T(0, 0)).Should().Be(s_hostA, "once read back, the local announcement is ordered by its offset like any other");
    }

    [Fact]
    public void Standby_hosts_of_a_task_exclude_its_active_host()
    {
        var view = new InstanceMetadataView();
        view.Apply(0, s_a, new InstanceAnnouncement(s_hostA, Set(T(0, 0)), Set(T(0, 1)), 1));
        view.Apply(1, s_b, new InstanceAnnouncement(s_hostB, Set(T(0, 1)), Set(T(0, 0)), 1));

        var snapshot = view.Snapshot(s_local, null);

        snapshot.StandbyHosts(T(0, 0)).Should().Equal(s_hostB);
        snapshot.StandbyHosts(T(0, 1)).Should().Equal(s_hostA);
        snapshot.StandbyHosts(T(0, 2)).Should().BeEmpty();
    }

    [Fact]
    public void An_empty_view_knows_no_instance_and_no_owner()
    {
        var snapshot = new InstanceMetadataView().Snapshot(s_local, null);

        snapshot.Instances.Should().BeEmpty();
        snapshot.ActiveHost(T(0, 0)).Should().Be(HostInfo.Unavailable);
    }

    private static TaskId T(int subtopology, int partition) => new(subtopology, partition);

    private static HashSet<TaskId> Set(params TaskId[] tasks) => [.. tasks];

    private static InstanceAnnouncement Announce(HostInfo host, long sequence, params TaskId[] active) => new(host, Set(active), Set(), sequence);
}
