using System.Diagnostics;
using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// A consumer on an <see cref="InMemoryKafkaCluster"/>, behind Confluent's <see cref="IConsumer{TKey, TValue}"/>.
/// Subscribed, it is a member of the classic group protocol (Kafka's <c>ConsumerCoordinator</c>): it joins and rejoins
/// from inside <c>Consume</c>, and calls the rebalance handlers there on the calling thread, as Confluent.Kafka does;
/// eager assignors revoke everything before rejoining (<c>onJoinPrepare</c>), the cooperative one revokes only what
/// moves and rejoins after revoking (KIP-429); a member dropped from the group (max.poll.interval.ms) has its partitions
/// lost. Assigned (Assign/IncrementalAssign) it reads what it is told. Positions start at the group's committed offset,
/// else at <c>auto.offset.reset</c> (librdkafka's default <c>latest</c>); <c>isolation.level</c> defaults to
/// librdkafka's <c>read_committed</c>: nothing at or past the last stable offset, no records of aborted transactions
/// (Kafka's <c>Fetcher</c> with the aborted-transaction index). Control markers take offsets but are never returned.
/// </summary>
internal sealed class InMemoryConsumer : IConsumer<byte[], byte[]>
{
    private readonly InMemoryKafkaCluster _cluster;
    private readonly KafkaConsumerRequest _request;
    private readonly string? _groupId;
    private readonly string _clientId;
    private readonly bool _readCommitted;
    private readonly AutoOffsetReset _reset;
    private readonly bool _cooperative;
    private readonly bool _autoStore;
    private readonly long _maxPollIntervalMs;
    private readonly List<TopicPartition> _assigned = [];
    private readonly Dictionary<TopicPartition, long?> _positions = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly Dictionary<TopicPartition, long> _stored = [];
    private List<string> _subscription = [];
    private InMemoryKafkaCluster.GroupState? _group;
    private InMemoryKafkaCluster.GroupMember? _member;
    private int _next;
    private readonly ClientLifetime _lifetime;
    private readonly long _sessionTimeoutMs;
    private bool _closed;
    private int _coordinatorEpoch;
    private readonly string _pollPoint;
    private readonly string _pollWaitPoint;

    public InMemoryConsumer(InMemoryKafkaCluster cluster, KafkaConsumerRequest request, ClientLifetime? lifetime = null)
    {
        _lifetime = lifetime ?? new ClientLifetime();
        _sessionTimeoutMs = request.Config.SessionTimeoutMs ?? 45_000;
        _cluster = cluster;
        _request = request;
        var c = request.Config;
        _groupId = string.IsNullOrEmpty(c.GroupId) ? null : c.GroupId;
        _clientId = c.ClientId ?? "rdkafka";
        _readCommitted = (c.IsolationLevel ?? IsolationLevel.ReadCommitted) == IsolationLevel.ReadCommitted;
        _reset = c.AutoOffsetReset ?? AutoOffsetReset.Latest;
        _cooperative = c.GroupProtocol == GroupProtocol.Consumer || c.PartitionAssignmentStrategy == PartitionAssignmentStrategy.CooperativeSticky;
        _autoStore = c.EnableAutoOffsetStore ?? true;
        _maxPollIntervalMs = c.MaxPollIntervalMs ?? 300_000;
        Name = $"{_clientId}#consumer-{cluster.NextClientNumber()}";
        lock (cluster.Gate)
        {
            _coordinatorEpoch = cluster.CoordinatorEpoch;
        }

        // The scheduler's trace says which consumer polls: a restore (mid-restore) is not a main poll.
        var role = request.Role == KafkaClientRole.MainConsumer ? "" : $" ({request.Role.ToString().Replace("Consumer", "", StringComparison.Ordinal).ToLowerInvariant()})";
        _pollPoint = "poll" + role;
        _pollWaitPoint = "poll wait" + role;
    }

    private enum StepKind
    {
        RevokeAll,
        Lost,
        Assign,
        Incremental,
    }

    public Handle Handle => throw new NotSupportedException("An in-memory client has no librdkafka handle; ask the IKafkaClientSupplier for a dependent admin client.");

    public string Name { get; }

    public string MemberId
    {
        get
        {
            lock (_cluster.Gate)
            {
                return _member?.Id ?? string.Empty;
            }
        }
    }

    public List<TopicPartition> Assignment
    {
        get
        {
            lock (_cluster.Gate)
            {
                return [.. _assigned];
            }
        }
    }

    public List<string> Subscription
    {
        get
        {
            lock (_cluster.Gate)
            {
                return [.. _subscription];
            }
        }
    }

    public IConsumerGroupMetadata ConsumerGroupMetadata
    {
        get
        {
            lock (_cluster.Gate)
            {
                return new InMemoryConsumerGroupMetadata(_groupId ?? string.Empty, _member?.Generation ?? -1, _member?.Id ?? string.Empty);
            }
        }
    }

    public int AddBrokers(string brokers) => 0;

    public void SetSaslCredentials(string username, string password)
    {
    }

    public ConsumeResult<byte[], byte[]>? Consume(int millisecondsTimeout) => Consume(TimeSpan.FromMilliseconds(millisecondsTimeout));

    public ConsumeResult<byte[], byte[]> Consume(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                return result;
            }
        }
    }

    /// <remarks>
    /// On a thread a <see cref="DeterministicScheduler"/> runs, the wait is on the virtual clock: the thread parks until the
    /// cluster changes or <paramref name="timeout"/> has passed in virtual time, and other threads run meanwhile.
    /// </remarks>
    public ConsumeResult<byte[], byte[]>? Consume(TimeSpan timeout)
    {
        var scheduler = _cluster.Scheduler is { OwnsCurrentThread: true } s ? s : null;
        var started = Stopwatch.StartNew();
        var deadlineMs = scheduler is null ? 0 : _cluster.NowMs + (long)timeout.TotalMilliseconds;
        _cluster.Yield(_pollPoint);
        while (true)
        {
            RunGroupSteps();
            long version;
            bool fetchFailed;
            lock (_cluster.Gate)
            {
                ThrowIfClosed();
                _cluster.ExpireTransactions();
                if (_member is not null)
                {
                    _member.LastPollMs = _cluster.NowMs;
                }

                if (GroupStepDue())
                {
                    continue;
                }

                fetchFailed = _assigned.Count > 0 && FetchFailed();
                if (!fetchFailed && TryFetch() is { } result)
                {
                    return result;
                }

                if (scheduler is null && !fetchFailed)
                {
                    var remaining = timeout - started.Elapsed;
                    if (remaining <= TimeSpan.Zero)
                    {
                        return null;
                    }

                    Monitor.Wait(_cluster.Gate, remaining);
                    continue;
                }

                if (scheduler is not null && _cluster.NowMs >= deadlineMs)
                {
                    return null;
                }

                version = _cluster.Version;
            }

            if (fetchFailed)
            {
                _cluster.Backoff("fetch backoff");
            }
            else
            {
                scheduler!.Block(_pollWaitPoint, deadlineMs, () => _cluster.Version != version);
            }
        }
    }

    /// <summary>
    /// Under the cluster's lock: an injected Fetch error (<see cref="InMemoryRequest.Fetch"/>): nothing is returned this
    /// time; Kafka's <c>Fetcher</c> refreshes its metadata and fetches again after the backoff, from the same position.
    /// </summary>
    private bool FetchFailed()
    {
        var error = _cluster.TakeFault(InMemoryRequest.Fetch);
        if (error == ErrorCode.NoError)
        {
            return false;
        }

        _cluster.Observe($"{Name}: fetch failed with {error}; fetched again");
        return true;
    }

    public void Subscribe(IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        lock (_cluster.Gate)
        {
            ThrowIfClosed();
            if (_groupId is null)
            {
                throw new KafkaException(new Error(ErrorCode.Local_InvalidArg, "Subscribe requires group.id"));
            }

            _subscription = topics.Distinct(StringComparer.Ordinal).ToList();
            if (_member is not null && _group is not null)
            {
                _member.Subscription = _subscription;
                _group.BeginRebalance(); // a changed subscription makes the member rejoin
                _cluster.Pulse();
            }
        }
    }

    public void Subscribe(string topic) => Subscribe([topic]);

    public void Unsubscribe()
    {
        LeaveGroup(callHandlers: true);
        lock (_cluster.Gate)
        {
            _subscription = [];
        }
    }

    public void Assign(TopicPartition partition) => Assign([partition]);

    public void Assign(TopicPartitionOffset partition) => Assign([partition]);

    public void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_cluster.Gate)
        {
            _assigned.Clear();
            _positions.Clear();
            _paused.Clear();
            AddAssigned(partitions);
        }
    }

    public void Assign(IEnumerable<TopicPartition> partitions) => Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)));

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_cluster.Gate)
        {
            AddAssigned(partitions);
        }
    }

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => IncrementalAssign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)));

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_cluster.Gate)
        {
            foreach (var tp in partitions)
            {
                _assigned.Remove(tp);
                _positions.Remove(tp);
                _paused.Remove(tp);
            }
        }
    }

    public void Unassign()
    {
        lock (_cluster.Gate)
        {
            _assigned.Clear();
            _positions.Clear();
            _paused.Clear();
        }
    }

    public void StoreOffset(ConsumeResult<byte[], byte[]> result) => StoreOffset(new TopicPartitionOffset(result.TopicPartition, result.Offset + 1));

    public void StoreOffset(TopicPartitionOffset offset)
    {
        ArgumentNullException.ThrowIfNull(offset);
        lock (_cluster.Gate)
        {
            _stored[offset.TopicPartition] = offset.Offset.Value;
        }
    }

    public List<TopicPartitionOffset> Commit()
    {
        List<TopicPartitionOffset> offsets;
        lock (_cluster.Gate)
        {
            offsets = _stored.Where(kv => _assigned.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        }

        Commit(offsets);
        return offsets;
    }

    /// <remarks>
    /// Injected faults (<see cref="InMemoryKafkaCluster.InjectError"/>) and a moved coordinator are handled as Kafka's
    /// <c>ConsumerCoordinator#commitOffsetsSync</c>: retriable coordinator errors are retried after the backoff (after
    /// looking the coordinator up on <c>NOT_COORDINATOR</c>); <c>REBALANCE_IN_PROGRESS</c> reaches the caller.
    /// </remarks>
    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var list = offsets.ToList();
        while (true)
        {
            _cluster.Yield("offset commit");
            lock (_cluster.Gate)
            {
                ThrowIfClosed();
                var group = GroupOrThrow();
                if (!CoordinatorMoved("offset commit") && !RetriableFault(InMemoryRequest.OffsetCommit, "offset commit"))
                {
                    var member = _subscription.Count == 0 ? null : _member;
                    var error = InMemoryKafkaCluster.CommitError(group, member?.Id, member?.Generation ?? -1, transactional: false);
                    if (error != ErrorCode.NoError)
                    {
                        throw new KafkaException(new Error(error, $"Commit refused by the group coordinator: {error}"));
                    }

                    foreach (var o in list)
                    {
                        group.Committed[o.TopicPartition] = o.Offset.Value;
                    }

                    _cluster.Pulse();
                    return;
                }
            }

            _cluster.Backoff("offset commit backoff");
        }
    }

    /// <summary>
    /// Under the cluster's lock: whether the coordinator moved since this client last found it; if so, the request failed
    /// with <c>NOT_COORDINATOR</c> and the client has looked it up again (FindCoordinator): the caller backs off and retries.
    /// </summary>
    private bool CoordinatorMoved(string request) => _groupId is not null && _cluster.CoordinatorMovedFor(ref _coordinatorEpoch, Name, request);

    /// <summary>
    /// Under the cluster's lock: takes an injected fault of <paramref name="request"/>; true when it is a retriable
    /// coordinator error (the caller backs off and retries); <c>REBALANCE_IN_PROGRESS</c> begins a rebalance and is thrown,
    /// as any other error.
    /// </summary>
    private bool RetriableFault(InMemoryRequest request, string what)
    {
        if (_cluster.TakeRetriableFault(request, Name, what, out var fault) || fault == ErrorCode.NoError)
        {
            return fault != ErrorCode.NoError;
        }

        if (fault == ErrorCode.RebalanceInProgress && _group is { } group && group.Members.Count > 0)
        {
            group.BeginRebalance();
            _cluster.Pulse();
        }

        _cluster.Observe($"{Name}: {what} failed with {fault}");
        throw new KafkaException(new Error(fault, $"Commit refused by the group coordinator: {fault} (injected)"));
    }

    public void Commit(ConsumeResult<byte[], byte[]> result) => Commit([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1)]);

    public void Seek(TopicPartitionOffset tpo)
    {
        ArgumentNullException.ThrowIfNull(tpo);
        lock (_cluster.Gate)
        {
            if (!_assigned.Contains(tpo.TopicPartition))
            {
                throw new KafkaException(new Error(ErrorCode.Local_State, $"Seek on unassigned partition {tpo.TopicPartition}"));
            }

            _positions[tpo.TopicPartition] = Resolve(tpo.TopicPartition, tpo.Offset);
            _cluster.Pulse();
        }
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        lock (_cluster.Gate)
        {
            _paused.UnionWith(partitions.Where(_assigned.Contains));
        }
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        lock (_cluster.Gate)
        {
            _paused.ExceptWith(partitions);
            _cluster.Pulse();
        }
    }

    public List<TopicPartitionOffset> Committed(TimeSpan timeout)
    {
        lock (_cluster.Gate)
        {
            return Committed([.. _assigned], timeout);
        }
    }

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout)
    {
        var list = partitions.ToList();
        while (true)
        {
            _cluster.Yield("offset fetch");
            lock (_cluster.Gate)
            {
                var group = GroupOrThrow();
                if (!CoordinatorMoved("offset fetch"))
                {
                    return list.Select(tp => new TopicPartitionOffset(tp, group.Committed.TryGetValue(tp, out var o) ? o : Offset.Unset)).ToList();
                }
            }

            _cluster.Backoff("offset fetch backoff");
        }
    }

    public Offset Position(TopicPartition partition)
    {
        lock (_cluster.Gate)
        {
            return _positions.TryGetValue(partition, out var p) && p is { } v ? v : Offset.Unset;
        }
    }

    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout)
    {
        lock (_cluster.Gate)
        {
            return timestampsToSearch.Select(t =>
            {
                var log = _cluster.Log(t.TopicPartition) ?? throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"Unknown partition {t.TopicPartition}"));
                var hit = log.Entries.FirstOrDefault(e => !e.IsControl && e.Timestamp.UnixTimestampMs >= t.Timestamp.UnixTimestampMs);
                return new TopicPartitionOffset(t.TopicPartition, hit?.Offset ?? Offset.End);
            }).ToList();
        }
    }

    /// <summary>The log start offset and, as ListOffsets with the consumer's isolation level, the high watermark or (read_committed) the last stable offset.</summary>
    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition)
    {
        lock (_cluster.Gate)
        {
            return _cluster.Log(topicPartition) is { } log ? new WatermarkOffsets(log.LogStartOffset, End(log)) : new WatermarkOffsets(Offset.Unset, Offset.Unset);
        }
    }

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout)
    {
        lock (_cluster.Gate)
        {
            var log = _cluster.Log(topicPartition) ?? throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"Broker: Unknown topic or partition {topicPartition}"));
            return new WatermarkOffsets(log.LogStartOffset, End(log));
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        ThrowIfCrashed();

        LeaveGroup(callHandlers: true);
        lock (_cluster.Gate)
        {
            _closed = true;
        }
    }

    public void Dispose()
    {
        if (!_closed)
        {
            if (!_lifetime.Crashed)
            {
                LeaveGroup(callHandlers: false); // a crashed client leaves nothing: its member expires by session timeout
            }

            lock (_cluster.Gate)
            {
                _closed = true;
            }
        }
    }

    private long End(PartitionLog log) => _readCommitted ? log.LastStableOffset : log.HighWatermark;

    private InMemoryKafkaCluster.GroupState GroupOrThrow() =>
        _groupId is null ? throw new KafkaException(new Error(ErrorCode.Local_InvalidArg, "group.id is not configured")) : _group ??= _cluster.Group(_groupId);

    private void AddAssigned(IEnumerable<TopicPartitionOffset> partitions)
    {
        foreach (var tpo in partitions)
        {
            if (!_assigned.Contains(tpo.TopicPartition))
            {
                _assigned.Add(tpo.TopicPartition);
            }

            _positions[tpo.TopicPartition] = Resolve(tpo.TopicPartition, tpo.Offset);
        }

        _cluster.Pulse();
    }

    /// <summary>A position from an offset or a logical one (Beginning, End; Stored/Unset: the committed offset, resolved at the first fetch).</summary>
    private long? Resolve(TopicPartition tp, Offset offset)
    {
        if (offset.Value >= 0)
        {
            return offset.Value;
        }

        var log = _cluster.Log(tp);
        if (offset == Offset.Beginning)
        {
            return log?.LogStartOffset ?? 0;
        }

        return offset == Offset.End ? (log is null ? 0 : End(log)) : null;
    }

    /// <summary>The committed offset, else <c>auto.offset.reset</c>; a position outside the log is reset too (OffsetOutOfRange).</summary>
    private long Position(TopicPartition tp, PartitionLog log)
    {
        var position = _positions[tp];
        if (position is null && _groupId is not null && (_group ??= _cluster.Group(_groupId)).Committed.TryGetValue(tp, out var committed))
        {
            position = committed;
        }

        if (position is null || position < log.LogStartOffset || position > log.HighWatermark)
        {
            position = _reset switch
            {
                AutoOffsetReset.Earliest => log.LogStartOffset,
                AutoOffsetReset.Latest => End(log),
                _ => throw new ConsumeException(
                    new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = new TopicPartitionOffset(tp, Offset.Unset) },
                    new Error(ErrorCode.Local_NoOffset, $"No offset for {tp} and auto.offset.reset=error")),
            };
        }

        _positions[tp] = position;
        return position.Value;
    }

    private ConsumeResult<byte[], byte[]>? TryFetch()
    {
        var candidates = _assigned.Where(tp => !_paused.Contains(tp)).ToList();
        for (var i = 0; i < candidates.Count; i++)
        {
            var tp = candidates[(_next + i) % candidates.Count];
            if (_cluster.Log(tp) is not { } log)
            {
                continue;
            }

            var position = Position(tp, log);
            var end = End(log);
            while (position < end && log.AtOrAfter(position) is { } e && e.Offset < end)
            {
                position = e.Offset + 1;
                if (e.IsControl || (_readCommitted && e.Transaction?.State == InMemoryTransactionState.Aborted))
                {
                    continue;
                }

                _positions[tp] = position;
                _next = (_next + i + 1) % candidates.Count;
                if (_autoStore)
                {
                    _stored[tp] = position;
                }

                return new ConsumeResult<byte[], byte[]>
                {
                    TopicPartitionOffset = new TopicPartitionOffset(tp, e.Offset),
                    Message = new Message<byte[], byte[]> { Key = e.Key!, Value = e.Value!, Timestamp = e.Timestamp, Headers = Copy(e.Headers) },
                };
            }

            _positions[tp] = position;
        }

        return null;
    }

    private static Headers Copy(Headers headers)
    {
        var copy = new Headers();
        foreach (var h in headers)
        {
            copy.Add(h.Key, h.GetValueBytes());
        }

        return copy;
    }

    private bool GroupStepDue() =>
        _subscription.Count > 0 && _groupId is not null
        && (_member is null || _group is null || !_group.Members.Contains(_member)
            || (_group.Phase == InMemoryKafkaCluster.GroupPhase.PreparingRebalance && !_member.Joined)
            || (_member.Pending is not null && _group.Phase is InMemoryKafkaCluster.GroupPhase.CompletingRebalance or InMemoryKafkaCluster.GroupPhase.Stable));

    /// <summary>Runs the group protocol's steps due now; each step's handlers run outside the cluster's lock.</summary>
    private void RunGroupSteps()
    {
        while (true)
        {
            (StepKind Kind, List<TopicPartition> Revoked, List<TopicPartition> Added)? step;
            bool moved;
            lock (_cluster.Gate)
            {
                ThrowIfClosed();
                moved = _member is not null && _subscription.Count > 0 && CoordinatorMoved("heartbeat");
                step = moved ? null : NextGroupStep();
            }

            if (moved)
            {
                _cluster.Backoff("find coordinator");
                continue;
            }

            if (step is not { } s)
            {
                return;
            }

            switch (s.Kind)
            {
                case StepKind.RevokeAll:
                    _request.PartitionsRevokedHandler?.Invoke(this, WithPositions(s.Revoked));
                    Unassign();
                    break;
                case StepKind.Lost:
                    var lost = WithPositions(s.Revoked);
                    if (_request.PartitionsLostHandler is { } onLost)
                    {
                        onLost(this, lost);
                    }
                    else
                    {
                        _request.PartitionsRevokedHandler?.Invoke(this, lost);
                    }

                    if (_cooperative)
                    {
                        IncrementalUnassign(s.Revoked);
                    }
                    else
                    {
                        Unassign();
                    }

                    break;
                case StepKind.Assign:
                    _request.PartitionsAssignedHandler?.Invoke(this, s.Added);
                    Assign(s.Added);
                    break;
                case StepKind.Incremental:
                    if (s.Revoked.Count > 0)
                    {
                        _request.PartitionsRevokedHandler?.Invoke(this, WithPositions(s.Revoked));
                        IncrementalUnassign(s.Revoked);
                    }

                    _request.PartitionsAssignedHandler?.Invoke(this, s.Added);
                    IncrementalAssign(s.Added);
                    break;
            }
        }
    }

    private List<TopicPartitionOffset> WithPositions(List<TopicPartition> partitions)
    {
        lock (_cluster.Gate)
        {
            return partitions.Select(tp => new TopicPartitionOffset(tp, _positions.TryGetValue(tp, out var p) && p is { } v ? v : Offset.Unset)).ToList();
        }
    }

    /// <summary>One step of <c>ConsumerCoordinator#poll</c>: rejoin when dropped, revoke before rejoining (eager), join, pick up the assignment.</summary>
    private (StepKind, List<TopicPartition>, List<TopicPartition>)? NextGroupStep()
    {
        if (_subscription.Count == 0 || _groupId is null)
        {
            return null;
        }

        var group = _group ??= _cluster.Group(_groupId);
        _cluster.ExpireMembers(group);
        if (_member is not null && !group.Members.Contains(_member))
        {
            // Dropped from the group (max.poll.interval.ms): the partitions are lost, not revoked (KIP-429's onPartitionsLost).
            var lost = _member.Owned;
            _member = null;
            if (lost.Count > 0)
            {
                return (StepKind.Lost, lost, []);
            }
        }

        if (_member is null)
        {
            _member = _cluster.Join(group, _clientId, _subscription, _cooperative);
            _member.MaxPollIntervalMs = _maxPollIntervalMs;
            _member.SessionTimeoutMs = _sessionTimeoutMs;
        }

        if (group.Phase == InMemoryKafkaCluster.GroupPhase.PreparingRebalance && !_member.Joined)
        {
            if (!_member.Cooperative && _member.Owned.Count > 0)
            {
                // Eager protocol: everything is revoked before the JoinGroup (ConsumerCoordinator#onJoinPrepare).
                var revoked = _member.Owned;
                _member.Owned = [];
                return (StepKind.RevokeAll, revoked, []);
            }

            _member.Joined = true;
            _member.LastPollMs = _cluster.NowMs;
            _cluster.CompleteJoinIfReady(group);
        }

        if (_member.Pending is { } target && group.Phase is InMemoryKafkaCluster.GroupPhase.CompletingRebalance or InMemoryKafkaCluster.GroupPhase.Stable)
        {
            _member.Pending = null;
            if (group.Leader == _member)
            {
                group.Phase = InMemoryKafkaCluster.GroupPhase.Stable; // the leader's SyncGroup completes the rebalance
            }

            if (!_member.Cooperative)
            {
                _member.Owned = target;
                return (StepKind.Assign, [], [.. target]);
            }

            var revoked = _member.Owned.Where(tp => !target.Contains(tp)).ToList();
            var added = target.Where(tp => !_member.Owned.Contains(tp)).ToList();
            _member.Owned = target;
            if (revoked.Count > 0)
            {
                group.BeginRebalance(); // KIP-429: a member that revoked partitions rejoins so that they can be assigned
                _cluster.Pulse();
            }

            return (StepKind.Incremental, revoked, added);
        }

        return null;
    }

    private void LeaveGroup(bool callHandlers)
    {
        List<TopicPartition> owned;
        lock (_cluster.Gate)
        {
            if (_member is null || _group is null)
            {
                return;
            }

            owned = _group.Members.Contains(_member) ? _member.Owned : [];
        }

        if (callHandlers && owned.Count > 0)
        {
            _request.PartitionsRevokedHandler?.Invoke(this, WithPositions(owned));
        }

        lock (_cluster.Gate)
        {
            _cluster.Leave(_group, _member);
            _member = null;
            _assigned.Clear();
            _positions.Clear();
            _paused.Clear();
        }
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ThrowIfCrashed();
    }

    private void ThrowIfCrashed() => _lifetime.ThrowIfCrashed();

    /// <summary>Under the cluster's lock: the client crashed, its member (if any) stops heartbeating now.</summary>
    internal void MarkCrashed()
    {
        if (_member is not null)
        {
            _member.CrashedAtMs ??= _cluster.NowMs;
        }
    }
}
