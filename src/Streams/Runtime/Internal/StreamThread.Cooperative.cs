using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <content>
/// <see cref="TaskAssignmentStrategy.CooperativeSticky"/>: subscribing one lead topic per sub-topology, creating only the
/// tasks of newly assigned partitions, committing and closing only revoked tasks, closing lost tasks without committing,
/// and not stopping the kept tasks when a commit meets a rebalance (KIP-429's incremental rebalancing, as Kafka Streams'
/// <c>StreamsRebalanceListener</c>). The bookkeeping of partitions is <see cref="CooperativeAssignment"/>.
/// </content>
internal sealed partial class StreamThread
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(30);

    // Null under TaskAssignmentStrategy.Range (eager: every rebalance revokes and recreates all tasks).
    private CooperativeAssignment? _assignment;

    private bool Cooperative => _options.TaskAssignment == TaskAssignmentStrategy.CooperativeSticky;

    /// <summary>Adds the lost-partitions handler under the cooperative protocol (under eager Range, lost partitions go through the revoked handler, as before).</summary>
    private KafkaConsumerRequest WithLostHandler(KafkaConsumerRequest request)
    {
        if (Cooperative)
        {
            request.PartitionsLostHandler = (_, partitions) => Guarded("partitions lost", () => OnLost(partitions));
        }

        return request;
    }

    /// <summary>Subscribes every source topic (Range), or each sub-topology's lead topic (CooperativeSticky).</summary>
    private void Subscribe()
    {
        if (!Cooperative)
        {
            _consumer.Subscribe(_tasks.SourceTopics);
            return;
        }

        _assignment = new CooperativeAssignment(_tasks.SourceTopicsBySubtopology, ReadPartitionCounts());
        Log.LeadTopicsSubscribed(
            _logger,
            LogFormat.List(_assignment.LeadTopics.Order(StringComparer.Ordinal)),
            CompanionSentence(_assignment.CompanionTopics));
        _consumer.Subscribe(_assignment.LeadTopics);
    }

    /// <summary>For the log: "partition i of airports follows partition i of flights into the same task; ...", or that no topic follows a lead.</summary>
    private static string CompanionSentence(IEnumerable<KeyValuePair<string, string[]>> companions)
    {
        var clauses = companions.Where(kv => kv.Value.Length > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"partition i of {string.Join(" and ", kv.Value)} follows partition i of {kv.Key} into the same task")
            .ToList();
        return clauses.Count == 0 ? "each sub-topology has one source topic, so no other topic follows a lead topic" : string.Join("; ", clauses);
    }

    private Dictionary<string, int> ReadPartitionCounts()
    {
        try
        {
            using var admin = _options.ClientSupplier.GetDependentAdmin(_consumer);
            return admin.GetMetadata(s_metadataTimeout).Topics
                .Where(t => t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0)
                .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        }
        catch (KafkaException e)
        {
            Log.PartitionCountsUnknown(_logger, e.Error.Reason);
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    /// <summary>Consumes, then applies the companion partition changes the rebalance handlers (run inside Consume) queued.</summary>
    private ConsumeResult<byte[], byte[]>? ConsumeNext(TimeSpan timeout)
    {
        var result = _consumer.Consume(timeout);
        ThrowCallbackFailure();
        _assignment?.Apply(_consumer);
        return result;
    }

    /// <summary>A record of a partition this thread just gave up, still in flight: dropped, its next owner reads it from the last commit.</summary>
    private bool IsReleased(ConsumeResult<byte[], byte[]> result) => _assignment?.IsReleased(result.TopicPartition) == true;

    /// <summary>As <see cref="IsReleased(ConsumeResult{byte[], byte[]})"/>, by topic and partition.</summary>
    private bool IsReleased(string topic, int partition) => _assignment?.IsReleased(new TopicPartition(topic, partition)) == true;

    private bool CommitsDeferred(DateTimeOffset now) => _assignment?.CommitsDeferred(now) == true;

    /// <summary>
    /// Under the cooperative protocol a commit refused with <c>RebalanceInProgress</c> leaves the member its partitions and
    /// generation: its tasks keep processing and commit again once the rebalance completes (at the latest after
    /// <c>session.timeout.ms</c>). Other refusals (IllegalGeneration, UnknownMemberId, FencedInstanceId: the member's
    /// generation is over) and every refusal under eager Range stop processing until the partitions are revoked or lost.
    /// </summary>
    /// <returns>True when the refusal was handled here and processing goes on.</returns>
    private bool KeepsPartitionsAfter(Error error)
    {
        if (_assignment is null || error.Code != ErrorCode.RebalanceInProgress)
        {
            return false;
        }

        _assignment.DeferCommits(_options.TimeProvider.GetUtcNow() + TimeSpan.FromMilliseconds(_options.Consumer.SessionTimeoutMs ?? 45_000));
        Log.CommitDeferredByRebalance(_logger, error.Reason);
        return true;
    }

    /// <summary>Lead partitions were added (a rebalance completed, perhaps adding none): create only the new tasks, with their companions.</summary>
    private void OnAssignedIncrementally(CooperativeAssignment assignment, List<TopicPartition> leads)
    {
        _groupMigrating = false;
        assignment.ResumeCommits();
        _setState(StreamsState.Rebalancing);
        if (leads.Count > 0)
        {
            List<TopicPartition> partitions = [.. leads, .. assignment.Assigned(leads)];
            var committedOffsets = new Dictionary<TopicPartition, long>();
            foreach (var committed in _consumer.Committed(partitions, TimeSpan.FromSeconds(30)))
            {
                committedOffsets[committed.TopicPartition] = committed.Offset.Value < 0 ? 0 : committed.Offset.Value;
                _committed[committed.TopicPartition] = committedOffsets[committed.TopicPartition];
            }

            _tasks.CreateTasks(partitions, committedOffsets, _cancellation);
            TasksChanged?.Invoke([.. _tasks.Tasks.Select(t => t.Id)]);
        }

        _setState(StreamsState.Running);
    }

    /// <summary>Lead partitions were revoked (only those that move): commit, then close only their tasks; the others keep running.</summary>
    private void OnRevokedIncrementally(CooperativeAssignment assignment, List<TopicPartitionOffset> leads)
    {
        _groupMigrating = false;
        if (!_shuttingDown)
        {
            _setState(StreamsState.Rebalancing);
        }

        // Revocation comes once the group is in sync again: the member's generation is current, so this commit is accepted.
        assignment.ResumeCommits();
        var revoked = leads.Select(p => p.TopicPartition).ToList();
        var ids = _tasks.TaskIdsOf(revoked);
        if (ids.Count > 0)
        {
            CommitAll(closing: true);
            _tasks.CloseTasks(ids);
        }

        Forget(revoked, assignment.Released(revoked));
        if (ids.Count > 0)
        {
            TasksChanged?.Invoke([.. _tasks.Tasks.Select(t => t.Id)]);
            Log.TasksRevokedIncrementally(_logger, LogFormat.Partitions(revoked), LogFormat.List(ids.Order()), LogFormat.List(_tasks.Tasks.Select(t => t.Id).Order()));
        }
    }

    /// <summary>
    /// Partitions were lost (the member was fenced or missed its session: another member may already own them): close their
    /// tasks without committing, as Kafka Streams' <c>handleLostAll</c>; whatever they processed since the last commit is
    /// processed again by the next owner.
    /// </summary>
    private void OnLost(List<TopicPartitionOffset> leads)
    {
        _groupMigrating = false;
        if (!_shuttingDown)
        {
            _setState(StreamsState.Rebalancing);
        }

        var lost = leads.Select(p => p.TopicPartition).ToList();
        var ids = _tasks.TaskIdsOf(lost);
        _tasks.CloseTasks(ids);
        Forget(lost, _assignment?.Released(lost) ?? []);
        _assignment?.ResumeCommits();
        TasksChanged?.Invoke([.. _tasks.Tasks.Select(t => t.Id)]);
        Log.TasksLost(_logger, LogFormat.Partitions(lost), LogFormat.List(ids.Order()));
    }

    private void Forget(IEnumerable<TopicPartition> leads, IEnumerable<TopicPartition> companions)
    {
        foreach (var tp in leads.Concat(companions))
        {
            _committed.Remove(tp);
        }
    }
}
