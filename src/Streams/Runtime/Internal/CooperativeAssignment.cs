using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// The partition bookkeeping of <see cref="TaskAssignmentStrategy.CooperativeSticky"/> for one stream thread's consumer.
/// librdkafka's <c>cooperative-sticky</c> assignor balances partitions over the members topic by topic and knows nothing of
/// tasks, so subscribing every source topic would split partition <c>i</c> of co-partitioned topics over several members.
/// Instead the consumer subscribes one <em>lead</em> topic per sub-topology (the one with the most partitions, the first
/// by ordinal name among equals, so that every member picks the same one and a sub-topology of unequal topics gets
/// max(count) tasks, as Kafka Streams' partition grouper) and this class adds partition <c>i</c> of the sub-topology's other
/// source topics (its <em>companions</em>) when lead partition <c>i</c> is assigned, and removes them when it is revoked or
/// lost. The group never sees the companions; they follow their lead through <c>IncrementalAssign</c> and
/// <c>IncrementalUnassign</c>, which Confluent.Kafka 1.9.3 refuses inside the rebalance handlers (and whose assigned
/// handler must return exactly the partitions it was given), so the changes are queued here and applied by
/// <see cref="Apply"/> right after the <c>Consume</c> call that ran the handler. Records of partitions this thread gave up
/// (a revoked lead and its companions) may still arrive from that same call; <see cref="IsReleased"/> names them, to be
/// dropped: their next owner starts from the last committed offset.
/// </summary>
internal sealed class CooperativeAssignment
{
    private readonly Dictionary<string, string[]> _companionTopics = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, int> _partitionCounts;
    private readonly HashSet<TopicPartition> _desired = [];
    private readonly HashSet<TopicPartition> _applied = [];
    private readonly HashSet<TopicPartition> _released = [];
    private DateTimeOffset? _commitsDeferredUntil;

    /// <summary>Chooses the lead topic of every sub-topology.</summary>
    /// <param name="sourceTopicsBySubtopology">The (decorated) source topics of each sub-topology that has any.</param>
    /// <param name="partitionCounts">The partition count of every topic the cluster knows; a source topic missing here counts as co-partitioned with its lead.</param>
    public CooperativeAssignment(IEnumerable<IReadOnlyCollection<string>> sourceTopicsBySubtopology, IReadOnlyDictionary<string, int> partitionCounts)
    {
        _partitionCounts = partitionCounts;
        foreach (var topics in sourceTopicsBySubtopology.Where(t => t.Count > 0))
        {
            var ordered = topics.Distinct(StringComparer.Ordinal)
                .OrderByDescending(t => partitionCounts.GetValueOrDefault(t))
                .ThenBy(t => t, StringComparer.Ordinal)
                .ToArray();
            _companionTopics[ordered[0]] = ordered[1..];
        }
    }

    /// <summary>The topics the consumer subscribes: one per sub-topology.</summary>
    public IReadOnlyCollection<string> LeadTopics => _companionTopics.Keys;

    /// <summary>The other source topics of each lead topic's sub-topology, for the log.</summary>
    public IEnumerable<KeyValuePair<string, string[]>> CompanionTopics => _companionTopics;

    /// <summary>The companion partitions now part of this consumer's assignment (applied), for tests and the log.</summary>
    public IReadOnlyCollection<TopicPartition> AssignedCompanions => _applied;

    /// <summary>True while <see cref="Apply"/> has companion partitions to add or remove.</summary>
    public bool HasPendingChanges => !_desired.SetEquals(_applied);

    /// <summary>
    /// Lead partitions were assigned (incrementally): returns their companions, which the new tasks also own, and queues
    /// them for <see cref="Apply"/>. Partition <c>i</c> of a companion topic with <c>i</c> or fewer partitions is skipped
    /// (a sub-topology of unequal topics: that task reads only the topics that have partition <c>i</c>).
    /// </summary>
    /// <param name="leads">The newly assigned lead partitions.</param>
    /// <returns>The companion partitions of those leads.</returns>
    public IReadOnlyList<TopicPartition> Assigned(IEnumerable<TopicPartition> leads)
    {
        var companions = new List<TopicPartition>();
        foreach (var lead in leads)
        {
            _released.Remove(lead);
            foreach (var topic in _companionTopics.GetValueOrDefault(lead.Topic) ?? [])
            {
                if (_partitionCounts.TryGetValue(topic, out var count) && lead.Partition.Value >= count)
                {
                    continue;
                }

                var companion = new TopicPartition(topic, lead.Partition);
                _released.Remove(companion);
                if (_desired.Add(companion))
                {
                    companions.Add(companion);
                }
            }
        }

        return companions;
    }

    /// <summary>
    /// Lead partitions were revoked or lost: their companions are queued for removal, and records of the leads and
    /// companions still in flight are to be dropped (<see cref="IsReleased"/>).
    /// </summary>
    /// <param name="leads">The revoked or lost lead partitions.</param>
    /// <returns>The companion partitions given up with them.</returns>
    public IReadOnlyList<TopicPartition> Released(IEnumerable<TopicPartition> leads)
    {
        var companions = new List<TopicPartition>();
        foreach (var lead in leads)
        {
            _released.Add(lead);
            foreach (var topic in _companionTopics.GetValueOrDefault(lead.Topic) ?? [])
            {
                var companion = new TopicPartition(topic, lead.Partition);
                if (_desired.Remove(companion))
                {
                    _released.Add(companion);
                    companions.Add(companion);
                }
            }
        }

        return companions;
    }

    /// <summary>True for a partition this thread gave up whose records may still arrive: drop them.</summary>
    /// <param name="partition">The record's partition.</param>
    public bool IsReleased(TopicPartition partition) => _released.Count > 0 && _released.Contains(partition);

    /// <summary>
    /// Brings the consumer's assignment in line: removes the companions given up, then adds the new ones from their
    /// committed offsets (<c>auto.offset.reset</c> without one). Call outside the rebalance handlers, after each
    /// <c>Consume</c>. Cheap when nothing changed.
    /// </summary>
    /// <param name="consumer">This thread's main consumer.</param>
    public void Apply(IConsumer<byte[], byte[]> consumer)
    {
        if (!HasPendingChanges)
        {
            return;
        }

        var remove = _applied.Where(tp => !_desired.Contains(tp)).ToList();
        var add = _desired.Where(tp => !_applied.Contains(tp)).ToList();
        if (remove.Count > 0)
        {
            consumer.IncrementalUnassign(remove);
            _applied.ExceptWith(remove);
        }

        if (add.Count > 0)
        {
            consumer.IncrementalAssign(add.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)));
            _applied.UnionWith(add);
        }
    }

    /// <summary>
    /// A commit was refused because the group is rebalancing: under the cooperative protocol the member's generation goes
    /// on and it keeps its partitions, so its tasks go on processing and the same offsets (and more) are committed once
    /// the rebalance completes (the next rebalance callback, <see cref="ResumeCommits"/>) or at <paramref name="until"/>,
    /// whichever comes first, as Kafka's consumer advises for <c>RebalanceInProgressException</c>. Committing again
    /// during the rebalance would not help: librdkafka holds such a commit until the join completes and the old generation
    /// then makes the group drop all of the member's partitions.
    /// </summary>
    /// <param name="until">When to try again at the latest.</param>
    public void DeferCommits(DateTimeOffset until) => _commitsDeferredUntil = until;

    /// <summary>The rebalance completed (or partitions are revoked, which happens once the group is in sync): commits may go again.</summary>
    public void ResumeCommits() => _commitsDeferredUntil = null;

    /// <summary>True while commits wait for a rebalance to complete.</summary>
    /// <param name="now">The current time.</param>
    public bool CommitsDeferred(DateTimeOffset now) => _commitsDeferredUntil is { } until && now < until;
}
