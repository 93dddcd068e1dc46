using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>The client requests an injected error (<see cref="InMemoryKafkaCluster.InjectError"/>) can hit.</summary>
internal enum InMemoryRequest
{
    /// <summary>A consumer's OffsetCommit to the group coordinator.</summary>
    OffsetCommit,

    /// <summary>A transactional producer's TxnOffsetCommit (KIP-447) to the group coordinator.</summary>
    TxnOffsetCommit,

    /// <summary>A producer's Produce request to the partition leader.</summary>
    Produce,

    /// <summary>A transactional producer's EndTxn (commit or abort) to the transaction coordinator.</summary>
    EndTxn,

    /// <summary>A consumer's Fetch from a partition leader.</summary>
    Fetch,
}

/// <content>
/// Broker faults a test (the <see cref="DeterministicScheduler"/>'s driver) injects at a step it chooses: a request that
/// fails with an error code, a group coordinator that moves, a rebalance the coordinator starts, a producer fenced by a
/// zombie with its <c>transactional.id</c>. Each client reacts as Kafka's own client does (see each method); what they
/// observed is in <see cref="FaultsObserved"/>.
/// </content>
public sealed partial class InMemoryKafkaCluster
{
    /// <summary>Kafka's default <c>retry.backoff.ms</c> (100 ms): how long a client waits before it retries a failed request.</summary>
    internal const long RetryBackoffMs = 100;

    private readonly List<(InMemoryRequest Request, ErrorCode Code)> _faults = [];
    private readonly List<string> _observed = [];

    /// <summary>
    /// The group coordinator's epoch: it moves with <see cref="MoveGroupCoordinator"/>; a client that last found the
    /// coordinator at another epoch gets <c>NOT_COORDINATOR</c> on its next group request and looks it up again.
    /// </summary>
    internal int CoordinatorEpoch { get; private set; }

    /// <summary>How many times a client looked the group coordinator up again after <c>NOT_COORDINATOR</c> (FindCoordinator).</summary>
    internal int CoordinatorLookups { get; private set; }

    /// <summary>What the clients saw of the injected faults, in order (e.g. <c>... NOT_COORDINATOR; found the coordinator again</c>).</summary>
    internal IReadOnlyList<string> FaultsObserved
    {
        get
        {
            lock (Gate)
            {
                return [.. _observed];
            }
        }
    }

    /// <summary>The transactional ids the transaction coordinator knows, in the order of their producer ids (the order they first initialized).</summary>
    internal IReadOnlyList<string> TransactionalIds
    {
        get
        {
            lock (Gate)
            {
                return _transactionalIds.Values.OrderBy(t => t.ProducerId).Select(t => t.Id).ToList();
            }
        }
    }

    /// <summary>
    /// The next <paramref name="request"/> of any client fails once with <paramref name="code"/>. How the client reacts is
    /// Kafka's: retriable coordinator errors (<see cref="ErrorCode.NotCoordinatorForGroup"/>, <see cref="ErrorCode.GroupLoadInProgress"/>,
    /// <see cref="ErrorCode.RequestTimedOut"/>, <see cref="ErrorCode.GroupCoordinatorNotAvailable"/>) are retried by the client
    /// after <see cref="RetryBackoffMs"/> (the consumer's <c>ConsumerCoordinator#commitOffsetsSync</c> loop, the producer's
    /// <c>TransactionManager</c> handlers re-enqueue, <c>NOT_COORDINATOR</c> first looking the coordinator up again);
    /// <see cref="ErrorCode.RebalanceInProgress"/> on an OffsetCommit starts a rebalance and fails the commit (the
    /// classic coordinator answers it only while it rebalances: <c>ClassicGroup#validateOffsetCommit</c>); a Produce that
    /// times out (<see cref="ErrorCode.RequestTimedOut"/>) was written by the leader before the answer was lost and is
    /// retried by the producer's <c>Sender</c>: an idempotent or transactional producer's retry is deduplicated by its
    /// sequence number (KIP-98), a plain producer's is written twice. A Fetch that fails (any code, e.g.
    /// <see cref="ErrorCode.NotLeaderForPartition"/>) returns nothing this time: the consumer's <c>Fetcher</c> refreshes its
    /// metadata and fetches again after the backoff, from the same position.
    /// </summary>
    /// <param name="request">The request kind.</param>
    /// <param name="code">The error.</param>
    internal void InjectError(InMemoryRequest request, ErrorCode code)
    {
        lock (Gate)
        {
            _faults.Add((request, code));
        }
    }

    /// <summary>
    /// The group coordinator moves to another broker (its <c>__consumer_offsets</c> partition gets a new leader, as after a
    /// broker failure): every client's next group request (join, sync, heartbeat, OffsetCommit, OffsetFetch,
    /// TxnOffsetCommit) fails with <c>NOT_COORDINATOR</c>, and it looks the coordinator up (FindCoordinator) and retries.
    /// The new coordinator loads the groups from the log (Kafka's <c>GroupMetadataManager#loadGroupsAndOffsets</c>):
    /// committed offsets and members stay, a Stable group stays Stable, a rebalance in progress starts over (its members
    /// rejoin), and every member's session deadline is reset (<c>GroupCoordinator#onGroupLoaded</c> reschedules the
    /// heartbeats), so a crashed member takes a full <c>session.timeout.ms</c> more to expire.
    /// </summary>
    internal void MoveGroupCoordinator()
    {
        lock (Gate)
        {
            CoordinatorEpoch++;
            var now = NowMs;
            foreach (var group in _groups.Values)
            {
                foreach (var m in group.Members.Where(m => m.CrashedAtMs is not null))
                {
                    m.CrashedAtMs = now;
                }

                if (group.Phase is GroupPhase.PreparingRebalance or GroupPhase.CompletingRebalance)
                {
                    group.BeginRebalance();
                }
            }

            _observed.Add($"the group coordinator moved (epoch {CoordinatorEpoch})");
            Pulse();
        }
    }

    /// <summary>
    /// The coordinator starts a rebalance of <paramref name="groupId"/> now (Kafka's <c>ClassicGroup</c> goes to
    /// PreparingRebalance, as when a member's metadata or the subscribed topics change): every member must rejoin;
    /// plain commits of the old generation are refused from now on (<c>REBALANCE_IN_PROGRESS</c> once the join completes).
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <returns>False when the group has no member.</returns>
    internal bool ForceRebalance(string groupId)
    {
        lock (Gate)
        {
            if (!_groups.TryGetValue(groupId, out var group) || group.Members.Count == 0)
            {
                return false;
            }

            group.BeginRebalance();
            _observed.Add($"the coordinator began a rebalance of {groupId}");
            Pulse();
            return true;
        }
    }

    /// <summary>
    /// A zombie (another process with the same <c>transactional.id</c>) calls InitProducerId: the epoch is bumped, the open
    /// transaction of <paramref name="transactionalId"/> is aborted, and its producer is fenced (Kafka's
    /// <c>TransactionCoordinator#handleInitProducerId</c>; the fenced producer's next request fails with
    /// <c>PRODUCER_FENCED</c>, a fatal error).
    /// </summary>
    /// <param name="transactionalId">The transactional id.</param>
    internal void FenceProducer(string transactionalId)
    {
        lock (Gate)
        {
            InitProducerId(transactionalId);
            _observed.Add($"a zombie fenced {transactionalId}");
            Pulse();
        }
    }

    /// <summary>Under <see cref="Gate"/>: the first injected error for <paramref name="request"/>, removed; <see cref="ErrorCode.NoError"/> when none.</summary>
    internal ErrorCode TakeFault(InMemoryRequest request)
    {
        var i = _faults.FindIndex(f => f.Request == request);
        if (i < 0)
        {
            return ErrorCode.NoError;
        }

        var code = _faults[i].Code;
        _faults.RemoveAt(i);
        return code;
    }

    /// <summary>Under <see cref="Gate"/>: records what a client saw.</summary>
    internal void Observe(string what) => _observed.Add(what);

    /// <summary>Under <see cref="Gate"/>: a client looked the coordinator up again (FindCoordinator).</summary>
    internal void CountCoordinatorLookup() => CoordinatorLookups++;

    /// <summary>
    /// Under <see cref="Gate"/>: whether the group coordinator moved since a client last found it at
    /// <paramref name="clientEpoch"/>. If so, the client's <paramref name="request"/> failed with <c>NOT_COORDINATOR</c>
    /// and the client looked the coordinator up again (FindCoordinator, as Kafka's <c>ConsumerCoordinator</c> and
    /// <c>TransactionManager</c> do): <paramref name="clientEpoch"/> is brought up to date, and the caller backs off and retries.
    /// </summary>
    internal bool CoordinatorMovedFor(ref int clientEpoch, string client, string request)
    {
        if (clientEpoch == CoordinatorEpoch)
        {
            return false;
        }

        clientEpoch = CoordinatorEpoch;
        CountCoordinatorLookup();
        Observe($"{client}: {request} failed with NOT_COORDINATOR; found the coordinator again");
        return true;
    }

    /// <summary>
    /// Under <see cref="Gate"/>: takes the injected fault of <paramref name="request"/>, if any. Returns true for a
    /// retriable coordinator error (<see cref="IsRetriableCoordinatorError"/>: counted and observed; the caller backs off
    /// and retries, as Kafka's clients retry these themselves); otherwise false, with <paramref name="fault"/> the
    /// non-retriable error for the caller to raise its own way, or <see cref="ErrorCode.NoError"/>.
    /// </summary>
    internal bool TakeRetriableFault(InMemoryRequest request, string client, string what, out ErrorCode fault)
    {
        fault = TakeFault(request);
        if (fault == ErrorCode.NoError || !IsRetriableCoordinatorError(fault))
        {
            return false;
        }

        if (fault == ErrorCode.NotCoordinatorForGroup)
        {
            CountCoordinatorLookup();
        }

        Observe($"{client}: {what} failed with {fault}; retried");
        return true;
    }

    /// <summary>Whether <paramref name="code"/> is a coordinator error that Kafka's clients retry themselves.</summary>
    internal static bool IsRetriableCoordinatorError(ErrorCode code) =>
        code is ErrorCode.NotCoordinatorForGroup or ErrorCode.GroupLoadInProgress or ErrorCode.RequestTimedOut or ErrorCode.GroupCoordinatorNotAvailable;

    /// <summary>
    /// Outside <see cref="Gate"/>: a client's retry backoff (<see cref="RetryBackoffMs"/>): a scheduled thread parks until
    /// the virtual clock has moved that far (other threads run meanwhile); any other thread retries at once.
    /// </summary>
    internal void Backoff(string point)
    {
        if (Scheduler is { } scheduler && scheduler.OwnsCurrentThread)
        {
            var until = NowMs + RetryBackoffMs;
            while (NowMs < until && scheduler.OwnsCurrentThread)
            {
                scheduler.Block(point, until, null);
            }
        }
    }
}
