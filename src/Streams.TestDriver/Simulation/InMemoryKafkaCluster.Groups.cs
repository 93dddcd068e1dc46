using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <content>
/// The group coordinator (Kafka's <c>GroupCoordinator</c> and <c>GroupMetadata</c>, classic protocol): members join,
/// the group goes through PreparingRebalance (every member must rejoin), CompletingRebalance (the leader's assignment
/// is handed out; here it is computed by the coordinator with the members' assignor) and Stable; each completed join
/// bumps the generation. Offsets are committed only by a known member of the current generation (plain commits not
/// while CompletingRebalance), or by anyone to an empty group (<c>ClassicGroup#validateOffsetCommit</c>).
/// </content>
public sealed partial class InMemoryKafkaCluster
{
    private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
    private int _nextMemberNumber;

    internal GroupState Group(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var g))
        {
            _groups[groupId] = g = new GroupState(groupId);
        }

        return g;
    }

    internal GroupMember Join(GroupState group, string clientId, IReadOnlyCollection<string> subscription, bool cooperative)
    {
        var member = new GroupMember($"{clientId}-{Interlocked.Increment(ref _nextMemberNumber):D6}", subscription, cooperative) { LastPollMs = NowMs };
        group.Members.Add(member);
        group.BeginRebalance();
        Pulse();
        return member;
    }

    internal void Leave(GroupState group, GroupMember member)
    {
        if (group.Members.Remove(member))
        {
            if (group.Members.Count == 0)
            {
                group.Phase = GroupPhase.Empty;
            }
            else
            {
                group.BeginRebalance();
            }

            Pulse();
        }
    }

    /// <summary>
    /// Removes members that have not polled within their <c>max.poll.interval.ms</c> (Kafka's consumer leaves the group then,
    /// KIP-62), and members of crashed clients once their <c>session.timeout.ms</c> has passed without a heartbeat (Kafka's
    /// <c>GroupCoordinator</c> expires the session; a live client heartbeats from its background thread, so only a crash
    /// stops the heartbeats here).
    /// </summary>
    internal void ExpireMembers(GroupState group)
    {
        var now = NowMs;
        foreach (var m in group.Members.Where(m => now - m.LastPollMs > m.MaxPollIntervalMs || (m.CrashedAtMs is { } crashed && now - crashed >= m.SessionTimeoutMs)).ToList())
        {
            Leave(group, m);
        }
    }

    /// <summary>Completes the join phase once every member rejoined: a new generation and its assignment (the leader's SyncGroup).</summary>
    internal void CompleteJoinIfReady(GroupState group)
    {
        if (group.Phase != GroupPhase.PreparingRebalance || group.Members.Any(m => !m.Joined))
        {
            return;
        }

        group.Generation++;
        group.Phase = GroupPhase.CompletingRebalance;
        group.Leader = group.Members[0];
        var topics = group.Members.SelectMany(m => m.Subscription).Distinct(StringComparer.Ordinal)
            .Select(t => _topics.GetValueOrDefault(t)).Where(t => t is not null).Select(t => t!).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var cooperative = group.Members.All(m => m.Cooperative);
        var assignment = cooperative ? CooperativeStickyAssignor.Assign(group.Members, topics) : RangeAssignor.Assign(group.Members, topics);
        foreach (var m in group.Members)
        {
            m.Generation = group.Generation;
            m.Pending = assignment[m];
        }

        Pulse();
    }

    /// <summary>
    /// The error an offset commit gets now, as Kafka's <c>ClassicGroup#validateOffsetCommit</c>: without a member id and
    /// generation (a consumer outside group management, or a transactional commit of an old client) only an empty group
    /// takes plain commits; otherwise the member must be known and of the current generation, and a plain (not
    /// transactional) commit is refused with <c>REBALANCE_IN_PROGRESS</c> while the group completes a rebalance.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="memberId">The committing member's id, or null/empty outside group management.</param>
    /// <param name="generation">The generation the commit carries (-1 outside group management).</param>
    /// <param name="transactional">A TxnOffsetCommit (KIP-447) rather than an OffsetCommit.</param>
    internal static ErrorCode CommitError(GroupState group, string? memberId, int generation, bool transactional)
    {
        if (generation < 0 && group.Phase == GroupPhase.Empty)
        {
            return ErrorCode.NoError;
        }

        if (generation >= 0 || !string.IsNullOrEmpty(memberId))
        {
            if (group.Members.All(m => m.Id != memberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            if (generation != group.Generation)
            {
                return ErrorCode.IllegalGeneration;
            }
        }
        else if (!transactional && group.Phase != GroupPhase.Empty)
        {
            return ErrorCode.UnknownMemberId;
        }

        return !transactional && group.Phase == GroupPhase.CompletingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.NoError;
    }

    /// <summary>The states of Kafka's <c>GroupState</c> used here (Dead is not modelled).</summary>
    internal enum GroupPhase
    {
        Empty,
        PreparingRebalance,
        CompletingRebalance,
        Stable,
    }

    internal sealed class GroupState(string id)
    {
        public string Id { get; } = id;

        public int Generation { get; set; }

        public GroupPhase Phase { get; set; } = GroupPhase.Empty;

        public List<GroupMember> Members { get; } = [];

        public GroupMember? Leader { get; set; }

        public Dictionary<TopicPartition, long> Committed { get; } = [];

        /// <summary>Every member must rejoin (Kafka's <c>prepareRebalance</c>); an assignment not picked up yet is withdrawn.</summary>
        public void BeginRebalance()
        {
            Phase = GroupPhase.PreparingRebalance;
            foreach (var m in Members)
            {
                m.Joined = false;
                m.Pending = null;
            }
        }
    }

    internal sealed class GroupMember(string id, IReadOnlyCollection<string> subscription, bool cooperative)
    {
        public string Id { get; } = id;

        public IReadOnlyCollection<string> Subscription { get; set; } = subscription;

        public bool Cooperative { get; } = cooperative;

        public bool Joined { get; set; }

        public int Generation { get; set; } = -1;

        /// <summary>The partitions the member owns (its last synced assignment; KIP-429's "owned partitions").</summary>
        public List<TopicPartition> Owned { get; set; } = [];

        /// <summary>The assignment of the completed join, until the member picks it up (SyncGroup).</summary>
        public List<TopicPartition>? Pending { get; set; }

        public long LastPollMs { get; set; }

        public long MaxPollIntervalMs { get; set; } = 300_000;

        public long SessionTimeoutMs { get; set; } = 45_000;

        /// <summary>When the member's client crashed (cluster time, ms): its heartbeats stopped then; null while it lives.</summary>
        public long? CrashedAtMs { get; set; }
    }

    /// <summary>Kafka's <c>RangeAssignor</c>: per topic, members sorted by id take consecutive ranges, the first ones one partition more.</summary>
    internal static class RangeAssignor
    {
        public static Dictionary<GroupMember, List<TopicPartition>> Assign(List<GroupMember> members, List<TopicState> topics)
        {
            var result = members.ToDictionary(m => m, _ => new List<TopicPartition>());
            foreach (var topic in topics)
            {
                var subscribed = members.Where(m => m.Subscription.Contains(topic.Name)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
                if (subscribed.Count == 0)
                {
                    continue;
                }

                var n = topic.Partitions.Count;
                var per = n / subscribed.Count;
                var extra = n % subscribed.Count;
                var next = 0;
                for (var i = 0; i < subscribed.Count; i++)
                {
                    var count = per + (i < extra ? 1 : 0);
                    for (var p = next; p < next + count; p++)
                    {
                        result[subscribed[i]].Add(new TopicPartition(topic.Name, p));
                    }

                    next += count;
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Kafka's <c>CooperativeStickyAssignor</c> (KIP-429), simplified: members keep what they own up to a balanced share;
    /// the rest goes to the least loaded subscribed member; a partition that moves from one member to another is left
    /// out of this generation (its owner revokes it and rejoins, and the next generation assigns it).
    /// </summary>
    internal static class CooperativeStickyAssignor
    {
        public static Dictionary<GroupMember, List<TopicPartition>> Assign(List<GroupMember> members, List<TopicState> topics)
        {
            var ordered = members.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
            var all = topics.SelectMany(t => t.Partitions.Select(p => p.Partition)).ToList();
            var target = ordered.ToDictionary(m => m, _ => new List<TopicPartition>());
            var maxShare = ordered.Count == 0 ? 0 : (all.Count + ordered.Count - 1) / ordered.Count;
            var taken = new HashSet<TopicPartition>();
            var previousOwner = new Dictionary<TopicPartition, GroupMember>();
            foreach (var m in ordered)
            {
                foreach (var tp in m.Owned.Where(tp => all.Contains(tp) && m.Subscription.Contains(tp.Topic)))
                {
                    previousOwner.TryAdd(tp, m);
                    if (target[m].Count < maxShare && taken.Add(tp))
                    {
                        target[m].Add(tp);
                    }
                }
            }

            foreach (var tp in all.Where(tp => !taken.Contains(tp)))
            {
                var to = ordered.Where(m => m.Subscription.Contains(tp.Topic)).OrderBy(m => target[m].Count).FirstOrDefault();
                if (to is not null)
                {
                    target[to].Add(tp);
                }
            }

            foreach (var (m, list) in target)
            {
                list.RemoveAll(tp => previousOwner.TryGetValue(tp, out var owner) && owner != m);
            }

            return target;
        }
    }
}
